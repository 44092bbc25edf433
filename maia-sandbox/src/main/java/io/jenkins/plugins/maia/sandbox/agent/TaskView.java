package io.jenkins.plugins.maia.sandbox.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/** An immutable snapshot of a task, taken under its lock. */
public record TaskView(
        String taskId,
        long sequence,
        TaskStatus status,
        String description,
        Instant createdAt,
        Instant modifiedAt,
        ObjectNode agentConfig,
        List<String> grantedPermissions,
        List<PendingDecision> pendingDecisions,
        int eventCount) {

    public TaskView {
        agentConfig = agentConfig.deepCopy();
        grantedPermissions = List.copyOf(grantedPermissions);
        pendingDecisions = List.copyOf(pendingDecisions);
    }

    @Override
    public ObjectNode agentConfig() {
        return agentConfig.deepCopy();
    }

    public String agentName() {
        return agentConfig.path("name").asText("");
    }

    public String mode() {
        return agentConfig.path("mode").asText("");
    }

    public String projectId() {
        return agentConfig.path("projectId").asText("");
    }

    /** The branch the task is associated with: its target branch once known, else its source branch. */
    public String branchId() {
        String target = agentConfig.path("targetBranchName").asText("");
        return target.isBlank() ? agentConfig.path("sourceBranchName").asText("") : target;
    }
}
