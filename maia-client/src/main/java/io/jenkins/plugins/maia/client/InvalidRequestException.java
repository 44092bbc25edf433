package io.jenkins.plugins.maia.client;

import java.util.List;

/**
 * The request was refused before any call because an input is wrong. Each {@link Violation} names the
 * field and says how to fix it.
 */
public class InvalidRequestException extends MaiaException {
    private static final long serialVersionUID = 1L;

    /** One bad field: {@code field} as the user knows it (e.g. {@code agentConfig.projectId}) and the fix. */
    public record Violation(String field, String message) {
        @Override
        public String toString() {
            return field + ": " + message;
        }
    }

    private final List<Violation> violations;

    public InvalidRequestException(List<Violation> violations) {
        super(summary(violations));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }

    private static String summary(List<Violation> violations) {
        StringBuilder sb = new StringBuilder("Invalid request: ");
        for (int i = 0; i < violations.size(); i++) {
            if (i > 0) {
                sb.append("; ");
            }
            sb.append(violations.get(i));
        }
        return sb.toString();
    }
}
