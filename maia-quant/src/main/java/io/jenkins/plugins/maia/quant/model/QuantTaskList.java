package io.jenkins.plugins.maia.quant.model;

import java.util.List;

/**
 * Response of {@code GET .../ai/tasks}: {@code tasks} and {@code count} normally; with a {@code dependsOn} filter
 * {@code taskIds} and the queried {@code dependsOn}, plus {@code tasks} when details were asked for. Newest first.
 */
public record QuantTaskList(List<QuantTaskSummary> tasks, List<String> taskIds, Integer count, String dependsOn) {

    public QuantTaskList {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
        taskIds = taskIds == null ? List.of() : List.copyOf(taskIds);
    }
}
