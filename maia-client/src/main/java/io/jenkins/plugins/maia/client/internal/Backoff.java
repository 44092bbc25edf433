package io.jenkins.plugins.maia.client.internal;

import io.jenkins.plugins.maia.client.RetryPolicy;
import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Delays between attempts. Without a {@code Retry-After}: capped exponential backoff with full jitter
 * (a uniformly random delay between 0 and {@code min(maxBackoff, initialBackoff * 2^(retry-1))}), so many
 * clients that failed together do not retry together. With a {@code Retry-After}: exactly that, capped at
 * {@code maxRetryAfter}.
 */
public final class Backoff {
    private final RetryPolicy policy;
    private final DoubleSupplier random;

    /** @param random uniform values in [0, 1) */
    public Backoff(RetryPolicy policy, DoubleSupplier random) {
        this.policy = policy;
        this.random = random;
    }

    /** The cap of the exponential step before {@code retry} (1 = the first retry). */
    public Duration ceiling(int retry) {
        long initial = policy.initialBackoff().toMillis();
        long max = policy.maxBackoff().toMillis();
        int shift = Math.min(Math.max(retry - 1, 0), 30);
        long step = initial > (Long.MAX_VALUE >> shift) ? max : initial << shift;
        return Duration.ofMillis(Math.min(max, step));
    }

    /** The wait before {@code retry} (1 = the first retry). */
    public Duration delay(int retry, Optional<Duration> retryAfter) {
        if (retryAfter.isPresent()) {
            Duration asked = retryAfter.get();
            return asked.compareTo(policy.maxRetryAfter()) > 0 ? policy.maxRetryAfter() : asked;
        }
        double r = Math.min(Math.max(random.getAsDouble(), 0.0), 1.0);
        return Duration.ofMillis((long) (ceiling(retry).toMillis() * r));
    }
}
