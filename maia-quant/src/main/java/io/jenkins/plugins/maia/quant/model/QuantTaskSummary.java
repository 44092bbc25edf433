package io.jenkins.plugins.maia.quant.model;

import java.util.List;

/**
 * One task of a list response. The list leaves out {@code dependsOn}, {@code metadata}, {@code progressMessage} and
 * {@code result}: read the task or the task list's {@link DependencyGraph} for those.
 */
public record QuantTaskSummary(
        String taskId,
        String orgId,
        String taskListId,
        String title,
        String description,
        QuantStatus status,
        String assignedAgentId,
        Double progress,
        String blockedReason,
        List<String> blockedByTaskIds,
        Long createdAt,
        Long updatedAt) {

    public QuantTaskSummary {
        blockedByTaskIds = blockedByTaskIds == null ? List.of() : List.copyOf(blockedByTaskIds);
    }
}
