package io.jenkins.plugins.maia.follower.follow;

import io.jenkins.plugins.maia.client.MaiaException;
import io.jenkins.plugins.maia.client.MaiaTransportException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Failed calls in a row, and what to do after the next one: one contract for a follow and for its project's watch,
 * like resilience4j's retry ({@code onError -> wait(duration) | stop(cause)}).
 *
 * <p>A transient failure ({@link MaiaException#isTransient()}) is counted and answered with a wait: {@code initial}
 * doubling with each failure in a row up to {@code max}, or the server's {@code Retry-After} when that is longer;
 * once {@code limit} failures in a row are reached, or the streak has lasted {@code giveUpAfter} (when given), it is
 * answered with a stop; the wait before the last attempt is cut so that it comes at that bound. Any other failure
 * stops at once, uncounted: trying again cannot cure it. A success {@link #reset() resets} the count.
 *
 * <p>Not thread-safe: a follow's streak is confined to its strand, the watch's is guarded by the watch.
 */
final class FailureStreak {

    /** What to do after a failure. */
    sealed interface Next permits Wait, Stop {}

    /** Try again after {@code delay}. */
    record Wait(Duration delay) implements Next {}

    /**
     * Give up: {@code cause} is the failure that ended the streak. {@code exhausted} is true when {@code limit}
     * failures in a row were reached, false when {@code cause} was not worth trying again.
     */
    record Stop(MaiaException cause, boolean exhausted) implements Next {}

    /** Longest wait between attempts, for a follow and for its project's watch. */
    static final Duration MAX_WAIT = Duration.ofSeconds(60);

    /** Most doublings of {@code initial}: far past any sensible {@code max}. */
    private static final int MAX_DOUBLINGS = 20;

    private final Duration initial;
    private final Duration max;
    /** With {@link #giveUpAfter}: the time, to bound a streak's length; null bounds it by count only. */
    private final InstantSource clock;
    private final Duration giveUpAfter;
    private int count;
    private MaiaException last;
    private Instant firstAt;

    /** A streak bounded by its count only. */
    FailureStreak(Duration initial, Duration max) {
        this(initial, max, null, null);
    }

    /** A streak bounded by its count and by {@code giveUpAfter} from its first failure (on {@code clock}). */
    FailureStreak(Duration initial, Duration max, InstantSource clock, Duration giveUpAfter) {
        this.initial = Objects.requireNonNull(initial, "initial");
        this.max = Objects.requireNonNull(max, "max");
        this.clock = giveUpAfter == null ? null : Objects.requireNonNull(clock, "clock");
        this.giveUpAfter = giveUpAfter;
    }

    /** A failed call: a transient failure waits (or stops after {@code limit} in a row), any other stops at once. */
    Next onError(MaiaException error, int limit) {
        return error.isTransient() ? onRetryable(error, limit) : new Stop(error, false);
    }

    /**
     * A failure worth trying again whatever its kind (a refused page token, which a read from the start cures;
     * message pages that go round in a loop): counted like a transient one.
     */
    Next onRetryable(MaiaException error, int limit) {
        count++;
        last = error;
        Duration left = null;
        if (clock != null) {
            Instant now = clock.instant();
            if (count == 1) {
                firstAt = now;
            }
            left = Duration.between(now, firstAt.plus(giveUpAfter));
        }
        if (count >= limit || (left != null && (left.isNegative() || left.isZero()))) {
            return new Stop(error, true);
        }
        return new Wait(delay(error, left));
    }

    /** A call succeeded: the next failure is the first of a new streak. */
    void reset() {
        count = 0;
    }

    /** Failures in a row so far. */
    int count() {
        return count;
    }

    /** The last failure counted (kept across {@link #reset()}), or null. */
    MaiaException last() {
        return last;
    }

    /**
     * The failure that ends an exhausted streak of {@code what} (e.g. {@code "following task T"}): how many failures,
     * over how long, and the last cause.
     */
    MaiaException gaveUp(String what) {
        return new MaiaException("Gave up " + what + " after " + count + " failures in a row"
                + (clock == null ? "" : " over " + lasted().toSeconds() + " s") + "; the last: " + last.getMessage(),
                last);
    }

    /** How long the streak has lasted since its first failure; zero without a clock or a streak. */
    Duration lasted() {
        return clock == null || firstAt == null || count == 0 ? Duration.ZERO
                : Duration.between(firstAt, clock.instant());
    }

    /** The wait before the next attempt: at most until the streak's bound ({@code left}, null for none). */
    private Duration delay(MaiaException error, Duration left) {
        int doublings = Math.min(count - 1, MAX_DOUBLINGS);
        long initialNanos = initial.toNanos();
        long nanos = initialNanos > (Long.MAX_VALUE >> doublings) ? Long.MAX_VALUE : initialNanos << doublings;
        Duration wait = Duration.ofNanos(Math.min(nanos, max.toNanos()));
        if (left != null && wait.compareTo(left) > 0) {
            wait = left; // the last attempt comes at the bound, not a whole backoff after it
        }
        if (error instanceof MaiaTransportException t && t.retryAfter().isPresent()
                && t.retryAfter().get().compareTo(wait) > 0) {
            wait = t.retryAfter().get(); // the server knows best when it can answer again
        }
        return wait;
    }
}
