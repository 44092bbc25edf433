package io.jenkins.plugins.maia.client;

import java.time.Duration;

/**
 * How the client retries safe calls after a transient failure ({@link MaiaException#isTransient()}): capped exponential
 * backoff with full jitter, and a server's {@code Retry-After} (seconds or HTTP-date) honoured up to
 * {@code maxRetryAfter}. {@code maxAttempts} counts the first attempt, so 1 means "never retry".
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= initialBackoff <= maxBackoff");
        }
    }

    /** Five attempts, 500 ms doubling to 30 s, Retry-After honoured up to 2 minutes. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMinutes(2));
    }

    /** One attempt, no retry: for callers (such as the follower) that reschedule on their own. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }
}
