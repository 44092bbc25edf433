package io.jenkins.plugins.maia.quant.model;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Body of {@code PUT /api/v3/organizations/{organisation}/ai/tasks/{taskId}}: only the fields that are not null are
 * sent, and only those change. Quant stamps the times itself: {@code startedAt} on pending to in_progress,
 * {@code completedAt} on completed, failed or cancelled, {@code blockedAt} on blocked, and it clears the blocked
 * fields when a blocked task goes back to in_progress or pending, but not when it ends (completed, failed,
 * cancelled): {@code cleared} fields are sent as an explicit JSON {@code null}, which the document allows for them
 * ({@code nullable: true}) and which clears them. {@code metadata} replaces the whole object.
 * Build with {@link #builder()}; at least one field must be set or cleared, and a field is not both.
 */
// Nulls are left out whatever the mapper's defaults: an absent field keeps Quant's value, only a cleared one is null.
@JsonInclude(JsonInclude.Include.NON_NULL)
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
        List<String> blockedByTaskIds,
        @JsonIgnore Set<Clearable> cleared) {

    /** The fields an update can clear: those the document marks {@code nullable} and the caller has reason to clear. */
    public enum Clearable {
        BLOCKED_REASON("blockedReason"),
        BLOCKED_BY_TASK_IDS("blockedByTaskIds");

        private final String wire;

        Clearable(String wire) {
            this.wire = wire;
        }

        /** The field's name in the request body. */
        public String wire() {
            return wire;
        }
    }

    public QuantTaskUpdate {
        dependsOn = dependsOn == null ? null : List.copyOf(dependsOn);
        metadata = metadata == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        result = result == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(result));
        blockedByTaskIds = blockedByTaskIds == null ? null : List.copyOf(blockedByTaskIds);
        // An EnumSet keeps the body's field order stable.
        cleared = cleared == null || cleared.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(cleared));
    }

    /**
     * The cleared fields as they go into the body, each with the value {@code null}. The inclusion is set here
     * because the mapper's default (and the class's) would leave these nulls out.
     */
    @JsonAnyGetter
    @JsonInclude(value = JsonInclude.Include.ALWAYS, content = JsonInclude.Include.ALWAYS)
    Map<String, Object> clearedFields() {
        Map<String, Object> out = new LinkedHashMap<>();
        cleared.forEach(f -> out.put(f.wire(), null));
        return out;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** True when no field is set or cleared (such an update is refused before any call). */
    @JsonIgnore
    public boolean isEmpty() {
        return title == null && description == null && taskListId == null && status == null && assignedAgentId == null
                && dependsOn == null && metadata == null && progress == null && progressMessage == null && result == null
                && error == null && retryCount == null && maxRetries == null && blockedReason == null
                && blockedByTaskIds == null && cleared.isEmpty();
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
        private final Set<Clearable> cleared = EnumSet.noneOf(Clearable.class);

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

        /**
         * Sends {@code "blockedReason": null}, which removes the reason Quant shows; for a task that leaves blocked
         * for completed, failed or cancelled, which Quant does not clear by itself.
         */
        public Builder clearBlockedReason() {
            cleared.add(Clearable.BLOCKED_REASON);
            return this;
        }

        /** Sends {@code "blockedByTaskIds": null}, which removes the blocking tasks Quant shows. */
        public Builder clearBlockedByTaskIds() {
            cleared.add(Clearable.BLOCKED_BY_TASK_IDS);
            return this;
        }

        public QuantTaskUpdate build() {
            return new QuantTaskUpdate(title, description, taskListId, status, assignedAgentId, dependsOn, metadata,
                    progress, progressMessage, result, error, retryCount, maxRetries, blockedReason, blockedByTaskIds,
                    cleared);
        }
    }
}
