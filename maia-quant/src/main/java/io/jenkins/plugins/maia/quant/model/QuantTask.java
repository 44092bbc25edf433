package io.jenkins.plugins.maia.quant.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * Response of {@code GET .../ai/tasks/{taskId}}. Times are Unix milliseconds as the API sends them ({@link #at}
 * turns one into an {@link Instant}); {@code metadata} and {@code result} are kept as the JSON received.
 */
public record QuantTask(
        String taskId,
        String orgId,
        String taskListId,
        String title,
        String description,
        QuantStatus status,
        String assignedAgentId,
        String createdByAgentId,
        List<String> dependsOn,
        JsonNode metadata,
        Double progress,
        String progressMessage,
        JsonNode result,
        String error,
        Integer retryCount,
        Integer maxRetries,
        Long createdAt,
        Long updatedAt,
        Long startedAt,
        Long completedAt,
        Long expiresAt,
        String blockedReason,
        List<String> blockedByTaskIds,
        Long blockedAt) {

    public QuantTask {
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
        blockedByTaskIds = blockedByTaskIds == null ? List.of() : List.copyOf(blockedByTaskIds);
    }

    /** A Quant time (Unix milliseconds) as an instant; null stays null. */
    public static Instant at(Long epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis);
    }
}
