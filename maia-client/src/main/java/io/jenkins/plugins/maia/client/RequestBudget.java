package io.jenkins.plugins.maia.client;

import java.time.Duration;

/**
 * A hook through which every HTTP attempt of a client draws on a shared rate budget (the follower module
 * provides one per account). The client calls {@link #acquire()} before each attempt, including retries,
 * and {@link #onRateLimited(Duration)} whenever the server answers 429, so one task's 429 slows the whole
 * account.
 */
public interface RequestBudget {

    /** Waits until one request may be sent. */
    void acquire() throws InterruptedException;

    /** The server answered 429; {@code retryAfter} is what it asked for (a default when it did not say). */
    void onRateLimited(Duration retryAfter);

    /** No limit at all: the default for a client built without a budget. */
    static RequestBudget unlimited() {
        return Unlimited.INSTANCE;
    }

    /** The no-op budget. */
    enum Unlimited implements RequestBudget {
        INSTANCE;

        @Override
        public void acquire() {}

        @Override
        public void onRateLimited(Duration retryAfter) {}
    }
}
