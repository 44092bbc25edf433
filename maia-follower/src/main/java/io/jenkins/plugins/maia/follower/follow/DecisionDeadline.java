package io.jenkins.plugins.maia.follower.follow;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.function.BiFunction;

/**
 * The decision timeout of a round left to a person: armed when a person is asked or waited for, disarmed when the
 * round is settled or moot. Only the last arming counts, so a timer that fires after it was disarmed does nothing.
 *
 * <p>Confined to the follow's strand (its timers run there).
 */
final class DecisionDeadline {

    private final Duration timeout;
    /** Schedules work on the follow's strand after a delay (the follow's {@code CallPlan.after}). */
    private final BiFunction<Duration, Runnable, ScheduledFuture<?>> timers;
    private ScheduledFuture<?> timer;
    /** Counts armings and disarmings: a timer acts only if nothing happened since it was armed. */
    private long arming;

    DecisionDeadline(Duration timeout, BiFunction<Duration, Runnable, ScheduledFuture<?>> timers) {
        this.timeout = timeout;
        this.timers = timers;
    }

    /** Starts the timeout afresh (no limit: nothing); {@code onExpiry} runs once it passes, unless disarmed first. */
    void arm(Runnable onExpiry) {
        disarm();
        if (timeout.isZero()) {
            return;
        }
        long armed = arming;
        timer = timers.apply(timeout, () -> {
            if (armed == arming) {
                timer = null;
                arming++;
                onExpiry.run();
            }
        });
    }

    /** Whether a timeout is running. */
    boolean armed() {
        return timer != null;
    }

    /** The round was settled or is moot. */
    void disarm() {
        arming++;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** "nobody answered within 10m". */
    String nobodyAnswered() {
        return "nobody answered within " + words(timeout);
    }

    /** A duration as a person writes it: {@code 2s}, {@code 10m}, {@code 1h30m}, {@code 1500ms}. */
    static String words(Duration d) {
        if (d.toMillisPart() != 0 || d.isZero()) {
            return d.toMillis() + "ms";
        }
        StringBuilder sb = new StringBuilder();
        if (d.toHours() > 0) {
            sb.append(d.toHours()).append('h');
        }
        if (d.toMinutesPart() > 0) {
            sb.append(d.toMinutesPart()).append('m');
        }
        if (d.toSecondsPart() > 0) {
            sb.append(d.toSecondsPart()).append('s');
        }
        return sb.toString();
    }
}
