package io.jenkins.plugins.maia.follower.budget;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One caller in an {@link AccountBudget}'s queue: a follower called back on its scheduler when its token is granted,
 * or a blocked caller ({@link AccountBudget#acquire()}) whose latch is counted down.
 */
final class Waiter implements AccountBudget.Reservation {

    /** Null for a blocked caller: it drives the queue itself. */
    final ScheduledExecutorService scheduler;
    final Runnable onPermit;
    /** Non-null for a blocked caller. */
    final CountDownLatch latch;
    private final AccountBudget budget;
    /** Guarded by the budget. */
    boolean granted;

    Waiter(AccountBudget budget, ScheduledExecutorService scheduler, Runnable onPermit, CountDownLatch latch) {
        this.budget = budget;
        this.scheduler = scheduler;
        this.onPermit = onPermit;
        this.latch = latch;
    }

    /** The token is granted: wakes the caller (outside the budget's lock). */
    void run() {
        if (latch != null) {
            latch.countDown();
            return;
        }
        try {
            scheduler.execute(onPermit);
        } catch (RejectedExecutionException e) {
            // The follower is shutting down; its token is simply spent.
        }
    }

    /** Gives the place up; false when the token was already granted (the call goes ahead). */
    @Override
    public boolean cancel() {
        return budget.cancel(this);
    }
}
