package io.jenkins.plugins.maia.follow;

import io.jenkins.plugins.maia.budget.AccountBudget;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/** One follow's state machine (implementation in progress). */
final class Follow implements FollowHandle {
    private final CompletableFuture<FollowResult> result = new CompletableFuture<>();
    private final FollowState state;

    Follow(TaskApi api, AccountBudget budget, ScheduledExecutorService scheduler, InstantSource clock,
            FollowState state, FollowOptions options, FollowListener listener, int pageSize) {
        this.state = state;
    }

    void start() {
        throw new UnsupportedOperationException("the follow engine is being implemented");
    }

    @Override
    public CompletableFuture<FollowResult> result() {
        return result;
    }

    @Override
    public FollowState state() {
        return state;
    }

    @Override
    public String taskId() {
        return state.taskId();
    }

    @Override
    public void stop() {}

    @Override
    public void detach() {
        result.cancel(false);
    }
}
