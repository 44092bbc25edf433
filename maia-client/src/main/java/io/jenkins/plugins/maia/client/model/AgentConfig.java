package io.jenkins.plugins.maia.client.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The {@code agentConfig} of a task, as sent on create and as returned by get.
 * {@code targetBranchName} and {@code generateBranch} are exclusive in practice: one of them is required.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentConfig(
        String name,
        Mode mode,
        String projectId,
        String sourceBranchName,
        String environmentName,
        String targetBranchName,
        Boolean generateBranch,
        String graphId,
        String workingDirectory) {

    /** The only agent the API documents. */
    public static final String DATA_ENGINEER_AGENT = "data_engineer_agent";
}
