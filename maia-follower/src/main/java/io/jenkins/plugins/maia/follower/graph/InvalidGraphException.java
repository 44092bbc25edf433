package io.jenkins.plugins.maia.follower.graph;

import java.util.List;

/**
 * A task graph that cannot run, found before any call. Each problem names where it is, as a path into the graph's
 * description ({@code tasks[2].dependsOn[0]: ...}), and how to fix it.
 */
public final class InvalidGraphException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public InvalidGraphException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem, one sentence with its path. */
    public List<String> problems() {
        return problems;
    }
}
