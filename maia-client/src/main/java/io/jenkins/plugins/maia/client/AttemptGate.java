package io.jenkins.plugins.maia.client;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * When an attempt of a {@link ScheduledMaiaClient} call may be made: the form of a rate budget that never blocks a
 * thread. The client hands over each attempt (retries included); the gate runs it, on a thread of its choosing, once
 * one request may be sent. The follower's account budget is one ({@code TaskFollower.calls(client)}).
 */
@FunctionalInterface
public interface AttemptGate {

    /**
     * Runs {@code attempt} once one request may be sent, never in the calling thread and without blocking it.
     *
     * @throws RejectedExecutionException when the executor that would run it is shut down
     */
    void whenPermitted(Runnable attempt);

    /**
     * Like {@link #whenPermitted} for a call that should not wait behind routine ones (a stop). By default the same.
     */
    default void whenPermittedUrgently(Runnable attempt) {
        whenPermitted(attempt);
    }

    /**
     * A gate over a {@link RequestBudget}: each attempt runs on {@code executor}, which first waits in
     * {@link RequestBudget#acquire()}. For budgets that can only block, that wait holds a thread of {@code executor},
     * never the caller's; the unlimited budget never waits.
     */
    static AttemptGate of(RequestBudget budget, Executor executor) {
        return attempt -> executor.execute(() -> {
            try {
                budget.acquire();
            } catch (InterruptedException e) {
                // The executor is shutting down. The attempt still runs, so that it fails at once on the interrupt
                // (the flag stays set) and its caller learns why, rather than never hearing back.
                Thread.currentThread().interrupt();
            }
            attempt.run();
        });
    }
}
