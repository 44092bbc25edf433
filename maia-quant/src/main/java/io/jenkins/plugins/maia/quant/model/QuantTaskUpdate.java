package io.jenkins.plugins.maia.quant.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Body of {@code PUT /api/v3/organizations/{organisation}/ai/tasks/{taskId}}: only the fields that are not null are
 * sent, and only those change. Quant stamps the times itself: {@code startedAt} on pending to in_progress,
 * {@code completedAt} on completed, failed or cancelled, {@code blockedAt} on blocked, and it clears the blocked
 * fields when a blocked task goes back to in_progress or pending. {@code metadata} replaces the whole object.
 * Build with {@link #builder()}; at least one field must be set.
 */
public record QuantTaskUpdate(
        String title,
        String description,
        String taskListId,
        QuantStatus status,
        String assignedAgentId,
        List<String> dependsOn,
        Map<String, Object> metadata,
        Double progress,
        String progressMessage,
        Map<String, Object> result,
        String error,
        Integer retryCount,
        Integer maxRetries,
        String blockedReason,
        List<String> blockedByTaskIds) {

    public QuantTaskUpdate {
        dependsOn = dependsOn == null ? null : List.copyOf(dependsOn);
        metadata = metadata == null ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        result = result == null ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(result));
        blockedByTaskIds = blockedByTaskIds == null ? null : List.copyOf(blockedByTaskIds);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** True when no field is set (such an update is refused before any call). */
    @JsonIgnore
    public boolean isEmpty() {
        return title == null && description == null && taskListId == null && status == null && assignedAgentId == null
                && dependsOn == null && metadata == null && progress == null && progressMessage == null && result == null
                && error == null && retryCount == null && maxRetries == null && blockedReason == null
                && blockedByTaskIds == null;
    }

    /** Every field is optional; set the ones to change. */
    public static final class Builder {
        private String title;
        private String description;
        private String taskListId;
        private QuantStatus status;
        private String assignedAgentId;
        private List<String> dependsOn;
        private Map<String, Object> metadata;
        private Double progress;
        private String progressMessage;
        private Map<String, Object> result;
        private String error;
        private Integer retryCount;
        private Integer maxRetries;
        private String blockedReason;
        private List<String> blockedByTaskIds;

        private Builder() {}

        public Builder title(String title) {
            this.title = title;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder taskListId(String taskListId) {
            this.taskListId = taskListId;
            return this;
        }

        public Builder status(QuantStatus status) {
            this.status = status;
            return this;
        }

        public Builder assignedAgentId(String assignedAgentId) {
            this.assignedAgentId = assignedAgentId;
            return this;
        }

        public Builder dependsOn(List<String> dependsOn) {
            this.dependsOn = dependsOn;
            return this;
        }

        public Builder metadata(Map<String, Object> metadata) {
            this.metadata = metadata;
            return this;
        }

        /** 0.0 to 1.0. */
        public Builder progress(Double progress) {
            this.progress = progress;
            return this;
        }

        public Builder progressMessage(String progressMessage) {
            this.progressMessage = progressMessage;
            return this;
        }

        public Builder result(Map<String, Object> result) {
            this.result = result;
            return this;
        }

        public Builder error(String error) {
            this.error = error;
            return this;
        }

        public Builder retryCount(Integer retryCount) {
            this.retryCount = retryCount;
            return this;
        }

        public Builder maxRetries(Integer maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        public Builder blockedReason(String blockedReason) {
            this.blockedReason = blockedReason;
            return this;
        }

        public Builder blockedByTaskIds(List<String> blockedByTaskIds) {
            this.blockedByTaskIds = blockedByTaskIds;
            return this;
        }

        public QuantTaskUpdate build() {
            return new QuantTaskUpdate(title, description, taskListId, status, assignedAgentId, dependsOn, metadata,
                    progress, progressMessage, result, error, retryCount, maxRetries, blockedReason, blockedByTaskIds);
        }
    }
}
