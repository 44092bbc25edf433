package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.client.MaiaClient;
import io.jenkins.plugins.maia.client.model.CreateTaskRequest;

/** Placeholder until maia-follower lands. */
final class FollowSession {
    FollowSession(CliContext ctx, FollowSettings settings) {}

    int create(MaiaClient client, CreateTaskRequest request) {
        client.createTask(request);
        throw new UnsupportedOperationException("following is not implemented yet");
    }

    int watch(MaiaClient client, String taskId) {
        client.getTask(taskId);
        throw new UnsupportedOperationException("following is not implemented yet");
    }
}
