package io.jenkins.plugins.maia.client.model;

import java.time.Instant;

/** One row of the task list. {@code branchId} holds a branch name; {@code projectId} is a plain string here. */
public record TaskSummary(
        String taskId,
        TaskStatus status,
        String agentName,
        Mode mode,
        String description,
        Instant createdAt,
        Instant modifiedAt,
        String projectId,
        String branchId) {}
