package io.jenkins.plugins.maia.client;

import io.jenkins.plugins.maia.client.model.Problem;
import java.util.List;

/**
 * The API answered with an error status. Carries the HTTP status and, when the body was
 * {@code application/problem+json}, its title, detail and violations. A non-JSON body (an HTML page
 * from a proxy) gives a short description of what came back instead.
 */
public class MaiaApiException extends MaiaException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String title;
    private final String detail;
    private final List<String> violations;

    public MaiaApiException(String message, int status, Problem problem) {
        super(message);
        this.status = status;
        this.title = problem == null ? null : problem.title();
        this.detail = problem == null ? null : problem.detail();
        this.violations = problem == null ? List.of() : problem.violations();
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    public List<String> violations() {
        return violations;
    }

    public boolean isNotFound() {
        return status == 404;
    }

    /** True for the statuses of {@link MaiaException#TRANSIENT_STATUSES}. */
    @Override
    public boolean isTransient() {
        return isTransientStatus(status);
    }
}
