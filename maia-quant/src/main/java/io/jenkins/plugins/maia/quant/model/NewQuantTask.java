package io.jenkins.plugins.maia.quant.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /api/v3/organizations/{organisation}/ai/tasks}. Only {@code title} is required; null fields
 * are not sent. Build with {@link #builder(String)}.
 *
 * @param title            required, not blank
 * @param description      the details
 * @param taskListId       the list the task belongs to (lists are implicit: any id creates one)
 * @param status           the initial status (Quant's default: pending)
 * @param assignedAgentId  the agent the task is assigned to
 * @param createdByAgentId the agent that created it
 * @param dependsOn        Quant task ids (UUIDs) that must complete first
 * @param metadata         free JSON (values: strings, numbers, booleans, lists, maps)
 * @param maxRetries       0..10
 * @param blockedReason    why the task is blocked, with status blocked
 * @param blockedByTaskIds Quant task ids (UUIDs) blocking it
 */
public record NewQuantTask(
        String title,
        String description,
        String taskListId,
        QuantStatus status,
        String assignedAgentId,
        String createdByAgentId,
        List<String> dependsOn,
        Map<String, Object> metadata,
        Integer maxRetries,
        String blockedReason,
        List<String> blockedByTaskIds) {

    public NewQuantTask {
        dependsOn = dependsOn == null ? null : List.copyOf(dependsOn);
        metadata = metadata == null ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        blockedByTaskIds = blockedByTaskIds == null ? null : List.copyOf(blockedByTaskIds);
    }

    public static Builder builder(String title) {
        return new Builder(title);
    }

    /** Every field but the title is optional. */
    public static final class Builder {
        private final String title;
        private String description;
        private String taskListId;
        private QuantStatus status;
        private String assignedAgentId;
        private String createdByAgentId;
        private List<String> dependsOn;
        private Map<String, Object> metadata;
        private Integer maxRetries;
        private String blockedReason;
        private List<String> blockedByTaskIds;

        private Builder(String title) {
            this.title = title;
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

        public Builder createdByAgentId(String createdByAgentId) {
            this.createdByAgentId = createdByAgentId;
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

        public NewQuantTask build() {
            return new NewQuantTask(title, description, taskListId, status, assignedAgentId, createdByAgentId,
                    dependsOn, metadata, maxRetries, blockedReason, blockedByTaskIds);
        }
    }
}
