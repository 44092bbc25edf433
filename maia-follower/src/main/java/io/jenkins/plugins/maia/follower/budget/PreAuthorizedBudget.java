package io.jenkins.plugins.maia.follower.budget;

import io.jenkins.plugins.maia.client.RequestBudget;
import java.time.Duration;

/**
 * {@link AccountBudget#preAuthorized()}: the budget as a client sees it whose requests were paid for before they were
 * sent. {@code acquire()} takes nothing; a 429 still pauses the whole account.
 */
final class PreAuthorizedBudget implements RequestBudget {

    private final AccountBudget account;

    PreAuthorizedBudget(AccountBudget account) {
        this.account = account;
    }

    @Override
    public void acquire() {
        // Paid for already.
    }

    @Override
    public void onRateLimited(Duration retryAfter) {
        account.onRateLimited(retryAfter);
    }

    @Override
    public String toString() {
        return "preAuthorized(" + account + ")";
    }
}
