package io.jenkins.plugins.maia.follower.follow;

import java.util.concurrent.CompletableFuture;

/** One running follow. Thread-safe. */
public interface FollowHandle {

    /**
     * Completes with the outcome. Completes exceptionally only with a {@code MaiaException}: an API or auth
     * failure that retrying could not fix (401 after the client's token refresh, 403, 404 because the task
     * vanished, or transient failures in a row for {@link FollowOptions#giveUpAfter()} or
     * {@link FollowOptions#maxConsecutiveFailures()}, whichever comes first; the message names the last cause).
     * After {@link #detach()} or {@link TaskFollower#close()} it is cancelled.
     */
    CompletableFuture<FollowResult> result();

    /** The latest state (also pushed through {@link FollowListener#onStateChanged}). */
    FollowState state();

    /** The task id followed. */
    String taskId();

    /**
     * User abort: sends POST stop, polls until the task is STOPPED within {@link FollowOptions#stopGrace()}, then
     * completes with {@link FollowOutcome#STOPPED_ON_REQUEST}. No effect once the follow has ended.
     */
    void stop();

    /** Stops following locally and leaves the remote task alone (e.g. controller shutdown); cancels the result. */
    void detach();
}
