package io.jenkins.plugins.maia.follower.follow;

import java.time.Duration;
import java.util.Objects;

/**
 * Adaptive polling of one task: the first poll after {@code initial}, then each quiet poll waits {@code factor}
 * times longer, up to {@code max}; as soon as something changes (status, {@code modifiedAt}, pending decisions,
 * new messages) the interval goes back to {@code initial}. The account's rate budget and a server's
 * {@code Retry-After} can only make a poll later, never earlier.
 */
public record PollingPolicy(Duration initial, double factor, Duration max) {

    public PollingPolicy {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("polling initial interval must be positive, was " + initial);
        }
        if (!(factor >= 1.0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("polling factor must be 1.0 or more (1.0 = fixed interval), was "
                    + factor);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("polling max interval (" + max + ") must not be shorter than the "
                    + "initial interval (" + initial + ")");
        }
    }

    /** 1 s, growing by 1.5 up to 15 s. */
    public static PollingPolicy defaults() {
        return new PollingPolicy(Duration.ofSeconds(1), 1.5, Duration.ofSeconds(15));
    }

    /** Always the same interval (for comparisons in benchmarks). */
    public static PollingPolicy fixed(Duration interval) {
        return new PollingPolicy(interval, 1.0, interval);
    }

    /** The interval after a quiet poll that waited {@code current}. */
    public Duration next(Duration current) {
        if (current == null) {
            return initial;
        }
        double nanos = current.toNanos() * factor;
        if (nanos >= max.toNanos()) {
            return max;
        }
        return Duration.ofNanos(Math.max(initial.toNanos(), (long) nanos));
    }

    public PollingPolicy withInitial(Duration newInitial) {
        return new PollingPolicy(newInitial, factor, max);
    }

    public PollingPolicy withFactor(double newFactor) {
        return new PollingPolicy(initial, newFactor, max);
    }

    public PollingPolicy withMax(Duration newMax) {
        return new PollingPolicy(initial, factor, newMax);
    }
}
