package io.jenkins.plugins.maia.follower.graph;

import io.jenkins.plugins.maia.client.MaiaClient;
import io.jenkins.plugins.maia.client.ScheduledMaiaClient;
import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.client.model.CreatedTask;
import io.jenkins.plugins.maia.follower.budget.AccountBudget;
import io.jenkins.plugins.maia.follower.follow.FollowHandle;
import io.jenkins.plugins.maia.follower.follow.FollowListener;
import io.jenkins.plugins.maia.follower.follow.FollowOptions;
import io.jenkins.plugins.maia.follower.follow.FollowState;
import io.jenkins.plugins.maia.follower.follow.TaskFollower;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * How a {@link GraphRun} creates and follows its tasks. {@link #of(TaskFollower, MaiaClient)} is the real one; tests
 * pass one over in-memory tasks. Neither method may wait in the caller's thread.
 */
public interface TaskLauncher {

    /**
     * Creates the task. {@code firstAttempt}: the caller has just recorded {@code requestedAt} and never asked
     * before, so the create is sent at once (the client still looks for the task after an ambiguous failure);
     * otherwise an earlier attempt may have created it, and it is looked for since {@code requestedAt} first.
     */
    CompletableFuture<CreatedTask> create(CreateTaskRequest request, Instant requestedAt, boolean firstAttempt);

    /** Starts following (or follows again) the task of {@code state}. */
    FollowHandle follow(FollowState state, FollowOptions options, FollowListener listener);

    /**
     * Like {@link #follow}, for a task other tasks of the graph depend on: the launcher may serve the reads that
     * confirm its end ahead of other calls ({@link TaskFollower#followAwaited}). By default the same as
     * {@link #follow}.
     */
    default FollowHandle followAwaited(FollowState state, FollowOptions options, FollowListener listener) {
        return follow(state, options, listener);
    }

    /**
     * Starts following a task this graph has just created ({@code created}, the create's answer to {@code request}):
     * as {@link #followAwaited} when {@code awaited}, else as {@link #follow}. The real launcher lets the create's
     * answer stand in for the follow's first read ({@link TaskFollower#followCreated}); by default the task is read
     * first, as any follow.
     */
    default FollowHandle followCreated(CreatedTask created, CreateTaskRequest request, FollowState state,
            FollowOptions options, FollowListener listener, boolean awaited) {
        return awaited ? followAwaited(state, options, listener) : follow(state, options, listener);
    }

    /**
     * Called once as the graph starts; the hold is closed once no task others wait on is left, or when the graph's
     * result is complete. The real launcher
     * holds back a few tokens of the account's budget for the calls that start dependents
     * ({@link AccountBudget#holdBackForFirst}). By default nothing is held.
     */
    default AccountBudget.Hold holdBudget() {
        return () -> {};
    }

    /**
     * Creates through {@link TaskFollower#priorityCalls(MaiaClient)} (the duplicate-safe create, on the follower's
     * scheduler and its account's budget, ahead of every other call: the tasks that depend on this one wait for it)
     * and follows on {@code follower} (a task others depend on with {@link TaskFollower#followAwaited}), so every task
     * shares one rate budget, with tokens held back for those first calls while the graph runs.
     */
    static TaskLauncher of(TaskFollower follower, MaiaClient client) {
        Objects.requireNonNull(follower, "follower");
        Objects.requireNonNull(client, "client");
        ScheduledMaiaClient calls = follower.priorityCalls(client);
        return new TaskLauncher() {
            @Override
            public CompletableFuture<CreatedTask> create(CreateTaskRequest request, Instant requestedAt,
                    boolean firstAttempt) {
                return firstAttempt ? calls.createTask(request) : calls.createTask(request, requestedAt);
            }

            @Override
            public FollowHandle follow(FollowState state, FollowOptions options, FollowListener listener) {
                return follower.follow(client, state, options, listener);
            }

            @Override
            public FollowHandle followAwaited(FollowState state, FollowOptions options, FollowListener listener) {
                return follower.followAwaited(client, state, options, listener);
            }

            @Override
            public FollowHandle followCreated(CreatedTask created, CreateTaskRequest request, FollowState state,
                    FollowOptions options, FollowListener listener, boolean awaited) {
                return follower.followCreated(client, created, request, state, options, listener, awaited);
            }

            @Override
            public AccountBudget.Hold holdBudget() {
                return follower.holdBackForFirst(client);
            }
        };
    }
}
