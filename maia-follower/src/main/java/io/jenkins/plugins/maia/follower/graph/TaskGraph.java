package io.jenkins.plugins.maia.follower.graph;

import java.util.List;

/**
 * Tasks with dependencies, run as one unit: a task starts once every task it depends on FINISHED; at most
 * {@code maxConcurrent} run at a time (a task paused for a person counts as running); with {@code failFast} the
 * first task that does not finish stops the running ones and skips the rest. Checked on construction
 * ({@link GraphValidation}): an invalid graph throws {@link InvalidGraphException} naming every problem.
 */
public record TaskGraph(List<GraphTask> tasks, int maxConcurrent, boolean failFast) {

    /** The default of {@code maxConcurrent}. */
    public static final int DEFAULT_MAX_CONCURRENT = 4;

    public TaskGraph {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
        List<String> problems = GraphValidation.problems(
                tasks.stream().map(t -> new GraphValidation.Node(t.id(), t.dependsOn())).toList(), maxConcurrent);
        if (!problems.isEmpty()) {
            throw new InvalidGraphException(problems);
        }
    }

    /** Whether some task depends on the task with {@code id} (its end starts others). */
    public boolean awaited(String id) {
        return tasks.stream().anyMatch(t -> t.dependsOn().contains(id));
    }

    /** The task with {@code id}, or null. */
    public GraphTask task(String id) {
        return tasks.stream().filter(t -> t.id().equals(id)).findFirst().orElse(null);
    }
}
