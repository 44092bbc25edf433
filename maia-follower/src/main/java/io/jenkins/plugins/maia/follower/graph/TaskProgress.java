package io.jenkins.plugins.maia.follower.graph;

import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.follower.follow.FollowState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;

/**
 * What a graph run knows of one task, saved so that a later run continues it: when its create was asked for
 * (recorded before the call, so a later run looks for the task instead of creating a second), the Maia task id once
 * created, the follow's state, and how it ended.
 *
 * @param requestDigest    identifies the request (project and message: what the duplicate-safe create matches on),
 *                         so a saved task is never taken for another one
 * @param requestedAt      when the create was asked for; null before
 * @param taskId           the Maia task; null before it is known
 * @param followState      where the follow is; null before it started
 * @param outcome          how it ended: a {@link io.jenkins.plugins.maia.follower.follow.FollowOutcome} name or
 *                         {@code FAILED}; null while it runs
 * @param targetBranchName the branch the agent pushed to, once known
 */
public record TaskProgress(String requestDigest, Instant requestedAt, String taskId, FollowState followState,
        String outcome, String targetBranchName) {

    /** The outcome of a task that FINISHED. */
    public static final String FINISHED = "FINISHED";

    /** Nothing done yet for {@code request}. */
    public static TaskProgress notStarted(CreateTaskRequest request) {
        return new TaskProgress(digest(request), null, null, null, null, null);
    }

    public TaskProgress requested(Instant at) {
        return new TaskProgress(requestDigest, at, null, null, null, null);
    }

    public TaskProgress created(String id) {
        return new TaskProgress(requestDigest, requestedAt, id, followState, null, targetBranchName);
    }

    public TaskProgress following(FollowState state) {
        return new TaskProgress(requestDigest, requestedAt, taskId, state, outcome, targetBranchName);
    }

    public TaskProgress ended(String how, String branch) {
        return new TaskProgress(requestDigest, requestedAt, taskId, followState, how,
                branch != null ? branch : targetBranchName);
    }

    public boolean finished() {
        return FINISHED.equals(outcome);
    }

    /**
     * The project and message of {@code request}, hashed: a saved task belongs to a request only if both are equal.
     * A hash, so that the saved state does not repeat the message (which may be long, or say more than it should).
     */
    public static String digest(CreateTaskRequest request) {
        String project = request.agentConfig() == null ? "" : String.valueOf(request.agentConfig().projectId());
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((project + '\n' + request.message()).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(hash, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
