package io.jenkins.plugins.maia.client.model;

import java.util.List;

/** An {@code application/problem+json} error body. All fields may be missing. */
public record Problem(String type, String title, Integer status, String detail, String instance, List<String> violations) {
    public Problem {
        violations = violations == null ? List.of() : List.copyOf(violations);
    }
}
