package io.jenkins.plugins.maia.client.model;

import java.util.List;

/** One page of {@code GET /v1/ai/agents/tasks}. */
public record TaskPage(List<TaskSummary> tasks, int page, int size, long total) {
    public TaskPage {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
    }
}
