package io.jenkins.plugins.maia.follower.budget;

/**
 * How many API requests one account may send: on average {@code requestsPerMinute}, with at most
 * {@code burst} sent back to back. The vendor documents "60 a minute on average with bursts of 5" in one
 * place and 1,000 a minute in another, so the default is the stricter one.
 */
public record BudgetSettings(int requestsPerMinute, int burst) {

    public BudgetSettings {
        if (requestsPerMinute < 1) {
            throw new IllegalArgumentException(
                    "requestsPerMinute must be at least 1, was " + requestsPerMinute + " (the default is 60)");
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1, was " + burst + " (the default is 5)");
        }
    }

    /**
     * How many tokens the client's bucket holds: one fewer than the server allows ({@code burst - 1}, at least 1).
     * The client's bucket and the server's only agree if every request takes the same time to arrive; the first
     * requests of a process arrive late (connection set-up, class loading), the server's bucket starts later, and
     * a client that sends right at its bucket's edge gets its last request of a burst refused. The token in reserve
     * absorbs up to one refill interval of that skew (1 s at 60 a minute) for the price of one request of burst;
     * the average rate is unchanged. Measured in maia-benchmarks: one 429 per run with the full burst, none with
     * the reserve.
     */
    public int bucketCapacity() {
        return Math.max(1, burst - 1);
    }

    /** 60 requests a minute, bursts of 5 (sent as bursts of at most 4, see {@link #bucketCapacity()}). */
    public static BudgetSettings defaults() {
        return new BudgetSettings(60, 5);
    }
}
