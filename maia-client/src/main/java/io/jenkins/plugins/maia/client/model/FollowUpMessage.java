package io.jenkins.plugins.maia.client.model;

import java.util.List;

/**
 * A follow-up to an existing task ({@code POST .../messages}). Only {@code mode} and
 * {@code targetBranchName} can be overridden; {@code grantedTools} are added to the task's grants.
 * Null fields are not sent.
 */
public record FollowUpMessage(String message, Mode mode, String targetBranchName, List<String> grantedTools) {
    public FollowUpMessage {
        grantedTools = grantedTools == null ? null : List.copyOf(grantedTools);
    }

    public static FollowUpMessage of(String message) {
        return new FollowUpMessage(message, null, null, null);
    }
}
