package io.jenkins.plugins.maia.quant.client;

import io.jenkins.plugins.maia.client.MaiaException;
import java.util.List;
import java.util.Set;

/**
 * Quant answered with an error status. Carries the status, Quant's error code when it sent one (e.g.
 * {@code TASK_HAS_DEPENDENTS}), its message, the violations of a problem document, and for a refused delete the ids
 * of the dependent tasks. The message names the call and never contains the token.
 */
public class QuantApiException extends MaiaException {
    private static final long serialVersionUID = 1L;

    /** Statuses after which the same call may succeed later. */
    static final Set<Integer> TRANSIENT_STATUSES = Set.of(408, 425, 429, 500, 502, 503, 504);

    private final int status;
    private final String errorCode;
    private final String detail;
    private final List<String> violations;
    private final List<String> dependentTaskIds;

    public QuantApiException(String message, int status, String errorCode, String detail, List<String> violations,
            List<String> dependentTaskIds) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
        this.detail = detail;
        this.violations = violations == null ? List.of() : List.copyOf(violations);
        this.dependentTaskIds = dependentTaskIds == null ? List.of() : List.copyOf(dependentTaskIds);
    }

    public int status() {
        return status;
    }

    /** Quant's {@code error} field, e.g. {@code TASK_HAS_DEPENDENTS}, or null. */
    public String errorCode() {
        return errorCode;
    }

    /** The server's explanation ({@code message} or {@code detail}), token masked, or null. */
    public String detail() {
        return detail;
    }

    public List<String> violations() {
        return violations;
    }

    /** For a 409 on delete: the tasks that depend on the one to delete. */
    public List<String> dependentTaskIds() {
        return dependentTaskIds;
    }

    /** True when trying again later may succeed (408, 425, 429, 500, 502, 503, 504). */
    public boolean isTransient() {
        return TRANSIENT_STATUSES.contains(status);
    }
}
