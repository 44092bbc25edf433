package io.jenkins.plugins.maia.follower.graph;

import java.util.List;

/** How every task of a graph ended, in the graph's order. */
public record GraphResult(List<GraphTaskResult> tasks) {

    public GraphResult {
        tasks = List.copyOf(tasks);
    }

    /** True when every task FINISHED. */
    public boolean allFinished() {
        return tasks.stream().allMatch(GraphTaskResult::finished);
    }

    /** The result of {@code id}, or null. */
    public GraphTaskResult task(String id) {
        return tasks.stream().filter(t -> t.id().equals(id)).findFirst().orElse(null);
    }
}
