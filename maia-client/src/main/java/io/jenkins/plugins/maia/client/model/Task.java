package io.jenkins.plugins.maia.client.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;

/** Response of {@code GET /v1/ai/agents/tasks/{taskId}}. */
public record Task(
        String taskId,
        TaskStatus status,
        String description,
        Instant createdAt,
        Instant modifiedAt,
        AgentConfig agentConfig,
        List<GrantedTool> grantedPermissions,
        List<PendingDecision> pendingDecisions) {

    public Task {
        grantedPermissions = grantedPermissions == null ? List.of() : List.copyOf(grantedPermissions);
        pendingDecisions = pendingDecisions == null ? List.of() : List.copyOf(pendingDecisions);
    }

    /** STOPPED with pending decisions: the agent waits for a human. Not the end of the task. */
    @JsonIgnore
    public boolean isPaused() {
        return status == TaskStatus.STOPPED && !pendingDecisions.isEmpty();
    }

    /** STOPPED with nothing pending: the agent has finished (or was stopped; the API cannot tell which). */
    @JsonIgnore
    public boolean isFinished() {
        return status == TaskStatus.STOPPED && pendingDecisions.isEmpty();
    }
}
