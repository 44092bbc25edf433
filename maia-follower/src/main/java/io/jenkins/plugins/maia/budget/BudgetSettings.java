package io.jenkins.plugins.maia.budget;

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

    /** 60 requests a minute, bursts of 5. */
    public static BudgetSettings defaults() {
        return new BudgetSettings(60, 5);
    }
}
