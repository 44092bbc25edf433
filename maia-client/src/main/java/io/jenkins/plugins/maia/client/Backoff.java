package io.jenkins.plugins.maia.client;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * The one backoff of the project: how long to wait before attempt {@code n + 1} after {@code n} failures.
 *
 * <p>The step doubles from an initial wait up to a cap: {@code min(max, initial * 2^(n-1))} ({@link #doubling}).
 * The client's retries ({@link RetryPolicy}) wait a uniformly random part of that step ("full jitter", so that many
 * clients that failed together do not retry together), or exactly the server's {@code Retry-After} when it sent one,
 * capped at {@link RetryPolicy#maxRetryAfter()}. Callers that reschedule on their own (the follower's polls and its
 * project watch) use the step itself, and wait at least a {@code Retry-After}.
 */
public final class Backoff {
    private final RetryPolicy policy;
    private final DoubleSupplier random;

    /**
     * The waits of the client's retries under {@code policy}.
     *
     * @param random uniform values in [0, 1), the jitter
     */
    public Backoff(RetryPolicy policy, DoubleSupplier random) {
        this.policy = policy;
        this.random = random;
    }

    /**
     * The doubling step after {@code failures} failures in a row (1 = the first): {@code initial}, twice that, four
     * times, ... never more than {@code max}, and never overflowing however many failures.
     */
    public static Duration doubling(Duration initial, Duration max, int failures) {
        long first = nanos(initial);
        long cap = nanos(max);
        int shift = Math.min(Math.max(failures - 1, 0), 62);
        long step = first > (Long.MAX_VALUE >> shift) ? cap : first << shift;
        return Duration.ofNanos(Math.min(cap, step));
    }

    private static long nanos(Duration d) {
        return d.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : d.toNanos();
    }

    /** The cap of the exponential step before {@code retry} (1 = the first retry). */
    public Duration ceiling(int retry) {
        return doubling(policy.initialBackoff(), policy.maxBackoff(), retry);
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
