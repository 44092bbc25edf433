package io.jenkins.plugins.maia.client.model;

import java.time.Instant;

/**
 * Filters and paging for the task list. Every field is optional (null = not sent).
 * {@code page} is zero-based; {@code size} is 1..100.
 */
public record TaskQuery(
        String projectId,
        String branchId,
        TaskStatus status,
        Instant createdAfter,
        Instant createdBefore,
        Integer page,
        Integer size) {

    public static TaskQuery all() {
        return new TaskQuery(null, null, null, null, null, null, null);
    }

    public TaskQuery withPage(int newPage) {
        return new TaskQuery(projectId, branchId, status, createdAfter, createdBefore, newPage, size);
    }
}
