package io.jenkins.plugins.maia.client.model;

import java.util.List;

/** Response of {@code PUT .../permissions}: the task's full list of granted tools. */
public record TaskPermissions(String taskId, List<GrantedTool> grantedPermissions) {
    public TaskPermissions {
        grantedPermissions = grantedPermissions == null ? List.of() : List.copyOf(grantedPermissions);
    }
}
