package io.jenkins.plugins.maia.sandbox.quant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A request the board refuses: the HTTP status, the violations (for a 400) and, for a refused delete, Quant's own
 * error body ({@code {error, message, dependentTaskIds}}).
 */
final class QuantBoardException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient List<String> violations;
    private final transient ObjectNode body;

    QuantBoardException(int status, String message, List<String> violations, ObjectNode body) {
        super(message);
        this.status = status;
        this.violations = List.copyOf(violations);
        this.body = body;
    }

    static QuantBoardException badRequest(List<String> violations) {
        return new QuantBoardException(400, violations.size() == 1 ? violations.get(0)
                : violations.size() + " problems: " + String.join("; ", violations), violations, null);
    }

    static QuantBoardException notFound(String taskId) {
        return new QuantBoardException(404, "Task not found: " + taskId, List.of(), null);
    }

    int status() {
        return status;
    }

    List<String> violations() {
        return violations;
    }

    /** Quant's error body, or null for a problem document. */
    ObjectNode body() {
        return body;
    }
}
