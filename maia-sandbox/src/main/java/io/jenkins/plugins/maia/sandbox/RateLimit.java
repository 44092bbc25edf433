package io.jenkins.plugins.maia.sandbox;

/**
 * An enforced rate limit per bearer token: a token bucket holding {@code burst} requests, refilled at
 * {@code requestsPerMinute}. A request that finds the bucket empty gets 429 with {@code Retry-After} (whole
 * seconds until a request would be accepted, at least 1).
 */
public record RateLimit(int requestsPerMinute, int burst) {

    public RateLimit {
        if (requestsPerMinute < 1) {
            throw new IllegalArgumentException("rateLimit.requestsPerMinute must be at least 1, got " + requestsPerMinute);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("rateLimit.burst must be at least 1, got " + burst);
        }
    }

    /** The stricter documented limit: 60 requests per minute on average, bursts of 5 (docs.matillion.com). */
    public static RateLimit documentedAverage() {
        return new RateLimit(60, 5);
    }

    /** The looser documented limit: 1000 requests per minute (docs.maia.ai); bursts of 50 are the sandbox's guess. */
    public static RateLimit documentedMaia() {
        return new RateLimit(1000, 50);
    }
}
