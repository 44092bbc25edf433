package io.jenkins.plugins.maia.follower.follow;

import io.jenkins.plugins.maia.client.AttemptGate;
import io.jenkins.plugins.maia.follower.budget.AccountBudget;
import java.util.concurrent.ScheduledExecutorService;

/**
 * An account's budget as the gate of scheduled client calls: each attempt takes its place in the budget's fair queue
 * (a stop in the queue of priority calls) and runs on the follower's scheduler when its token is granted. Nothing
 * blocks: the same reservations the follows use.
 */
final class BudgetGate implements AttemptGate {

    private final AccountBudget budget;
    private final ScheduledExecutorService scheduler;
    private final boolean allFirst;

    BudgetGate(AccountBudget budget, ScheduledExecutorService scheduler) {
        this(budget, scheduler, false);
    }

    /**
     * {@code allFirst}: every attempt goes ahead of the whole queue ({@link AccountBudget#whenAvailableFirst}), for
     * calls other work waits on: a task graph's creates, the last call of the chain that starts a dependent.
     */
    BudgetGate(AccountBudget budget, ScheduledExecutorService scheduler, boolean allFirst) {
        this.budget = budget;
        this.scheduler = scheduler;
        this.allFirst = allFirst;
    }

    @Override
    public void whenPermitted(Runnable attempt) {
        if (allFirst) {
            budget.whenAvailableFirst(scheduler, attempt, 0);
        } else {
            budget.whenAvailable(scheduler, attempt);
        }
    }

    @Override
    public void whenPermittedUrgently(Runnable attempt) {
        if (allFirst) {
            budget.whenAvailableFirst(scheduler, attempt, 0);
        } else {
            budget.whenAvailableUrgently(scheduler, attempt);
        }
    }
}
