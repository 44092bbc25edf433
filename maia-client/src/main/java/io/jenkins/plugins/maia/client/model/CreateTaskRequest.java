package io.jenkins.plugins.maia.client.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Body of {@code POST /v1/ai/agents/tasks}. Build it with {@link #builder()}; the client validates it
 * before any call ({@code MaiaClient#createTask}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateTaskRequest(String message, AgentConfig agentConfig, List<GrantedTool> grantedPermissions) {

    public CreateTaskRequest {
        grantedPermissions = grantedPermissions == null ? null : List.copyOf(grantedPermissions);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Many optional fields, so a builder. Unset fields stay null and are not sent. */
    public static final class Builder {
        private String message;
        private Mode mode = Mode.ACT;
        private String projectId;
        private String sourceBranchName;
        private String environmentName;
        private String targetBranchName;
        private Boolean generateBranch;
        private String graphId;
        private String workingDirectory;
        private List<GrantedTool> grantedPermissions;

        private Builder() {}

        public Builder message(String message) { this.message = message; return this; }
        public Builder mode(Mode mode) { this.mode = mode; return this; }
        public Builder projectId(String projectId) { this.projectId = projectId; return this; }
        public Builder sourceBranchName(String name) { this.sourceBranchName = name; return this; }
        public Builder environmentName(String name) { this.environmentName = name; return this; }
        public Builder targetBranchName(String name) { this.targetBranchName = name; return this; }
        public Builder generateBranch(boolean generate) { this.generateBranch = generate ? Boolean.TRUE : null; return this; }
        public Builder graphId(String graphId) { this.graphId = graphId; return this; }
        public Builder workingDirectory(String dir) { this.workingDirectory = dir; return this; }
        public Builder grantedTools(List<String> toolNames) {
            this.grantedPermissions = toolNames == null ? null : toolNames.stream().map(GrantedTool::new).toList();
            return this;
        }

        public CreateTaskRequest build() {
            AgentConfig config = new AgentConfig(AgentConfig.DATA_ENGINEER_AGENT, mode, projectId, sourceBranchName,
                    environmentName, targetBranchName, generateBranch, graphId, workingDirectory);
            return new CreateTaskRequest(message, config, grantedPermissions);
        }
    }
}
