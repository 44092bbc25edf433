package io.jenkins.plugins.maia.sandbox.agent;

import java.util.List;

/** A request breaks a rule the OpenAPI schema cannot express. Answered with 400 and these violations. */
public final class InvalidTaskRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> violations;

    public InvalidTaskRequestException(List<String> violations) {
        super(String.join("; ", violations));
        this.violations = List.copyOf(violations);
    }

    public InvalidTaskRequestException(String violation) {
        this(List.of(violation));
    }

    public List<String> violations() {
        return violations;
    }
}
