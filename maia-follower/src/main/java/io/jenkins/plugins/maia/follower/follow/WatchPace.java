package io.jenkins.plugins.maia.follower.follow;

import io.jenkins.plugins.maia.follower.budget.BudgetSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * How often a {@link ProjectWatch} looks: as eagerly as its most eager subscriber's polling policy, growing after
 * quiet rounds up to that policy's {@code max} divided by the number of subscribers, and never sooner than
 * {@link #BUDGET_SHARE_DIVISOR} refill intervals of the account's budget after the previous round.
 */
final class WatchPace {

    /** The watch's rounds take at most this share of the account's rate (1/2: two refill intervals apart). */
    static final int BUDGET_SHARE_DIVISOR = 2;

    private WatchPace() {}

    /**
     * A quiet watch waits longer, but not as long as a single follow would: one round serves every subscriber, so
     * with {@code n} of them it looks every {@code max / n} at most (never more often than {@code initial}). Per task
     * that is never more calls than a follow reading its own task at its longest interval, and the more tasks a
     * project has running, the sooner each change is seen.
     */
    static Duration capped(Duration next, PollingPolicy policy, int subscribers) {
        Duration cap = policy.max().dividedBy(Math.max(1, subscribers));
        if (cap.compareTo(policy.initial()) < 0) {
            cap = policy.initial();
        }
        return next.compareTo(cap) > 0 ? cap : next;
    }

    /** The eagerest of {@code policies}: the shortest initial and max, the smallest factor. */
    static PollingPolicy eagerest(Collection<PollingPolicy> policies) {
        PollingPolicy eagerest = null;
        for (PollingPolicy p : policies) {
            eagerest = eagerest == null ? p : new PollingPolicy(min(eagerest.initial(), p.initial()),
                    Math.min(eagerest.factor(), p.factor()), min(eagerest.max(), p.max()));
        }
        return eagerest;
    }

    /**
     * {@code due}, or later: not sooner than the account's budget allows the watch after the round that started at
     * {@code lastRoundStart} (null: no round yet).
     */
    static Instant notBeforeFloor(Instant due, Instant lastRoundStart, BudgetSettings budget) {
        if (lastRoundStart == null) {
            return due;
        }
        long perMinute = budget.requestsPerMinute();
        Duration floor = Duration.ofNanos(TimeUnit.MINUTES.toNanos(1) * BUDGET_SHARE_DIVISOR / perMinute);
        Instant earliest = lastRoundStart.plus(floor);
        return due.isBefore(earliest) ? earliest : due;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
