package io.jenkins.plugins.maia.agenttasks.pipeline;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When a step's routine progress (new messages, a status change) is saved: at once if the last save was at
 * least {@code interval} ago, otherwise once, later, when the interval is up, taking whatever progress there is
 * by then. Durable saves (before a create, with the task id, with a person's answers) are not throttled. Thread
 * safe; no Jenkins, so the rule is unit-tested with a manual clock.
 */
final class ProgressSaves {

    /** What to do with one piece of routine progress. */
    sealed interface Plan permits SaveNow, SaveLater, AlreadyScheduled {}

    record SaveNow() implements Plan {}

    /** Schedule one save after {@code delay}, then call {@link #scheduledSaveRuns()} from it. */
    record SaveLater(Duration delay) implements Plan {}

    /** A save is already scheduled; it will write this progress too. */
    record AlreadyScheduled() implements Plan {}

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private long lastSaveNanos; // guarded by this
    private boolean saved; // guarded by this
    private boolean scheduled; // guarded by this

    ProgressSaves(Duration interval, LongSupplier nanoClock) {
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Routine progress happened. */
    synchronized Plan progressed() {
        if (scheduled) {
            return new AlreadyScheduled();
        }
        long now = nanoClock.getAsLong();
        long wait = saved ? intervalNanos - (now - lastSaveNanos) : 0;
        if (wait <= 0) {
            saving(now);
            return new SaveNow();
        }
        scheduled = true;
        return new SaveLater(Duration.ofNanos(wait));
    }

    /** The scheduled save runs now (or could not be scheduled: nothing is pending then either). */
    synchronized void scheduledSaveRuns() {
        scheduled = false;
        saving(nanoClock.getAsLong());
    }

    /** A durable save happens now. */
    synchronized void durableSave() {
        saving(nanoClock.getAsLong());
    }

    /** A save was planned but could not be scheduled (the controller is shutting down and saves anyway). */
    synchronized void scheduleFailed() {
        scheduled = false;
    }

    private void saving(long now) {
        saved = true;
        lastSaveNanos = now;
    }
}
