package io.jenkins.plugins.maia.follower.follow;

import io.jenkins.plugins.maia.client.MaiaException;
import io.jenkins.plugins.maia.follower.follow.CallPlan.Call;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

/**
 * A follow whose outcome is known, until its result: the {@link Ending}, and what is read before the result. The
 * last messages are always read; after a timeout the task is read once more first, so the result's status is the
 * server's last word (an end it shows then, FINISHED, ERRORED or STOPPED, replaces TIMED_OUT), and then every message
 * that exists is read, page after page. When the caller asked for a bound in time (a timeout, a stop, a passed
 * deadline) that reading has {@link #FINAL_READ_GRACE}: whatever is still unread then is flagged
 * ({@link FollowResult#unreadReason()}), never claimed complete.
 *
 * <p>Confined to the follow's strand.
 */
final class Finishing {

    /** How long the final read may take once the caller's bound in time is reached (documented in the README). */
    static final Duration FINAL_READ_GRACE = Duration.ofSeconds(30);

    private Ending ending;
    /** The task is read once more before the messages (after a timeout). */
    private boolean taskReadDue;
    private final MessageReads messages;
    /** Ends the grace of the final read; null when it has none. */
    private final ScheduledFuture<?> graceTimer;

    /** @param graceTimer ends the final read's grace ({@link #grace}); null when it has none */
    Finishing(Ending ending, boolean readTaskFirst, MessageReads messages, ScheduledFuture<?> graceTimer) {
        this.ending = ending;
        this.taskReadDue = readTaskFirst;
        this.messages = messages;
        this.graceTimer = graceTimer;
    }

    /**
     * When the final read's grace ends, from now: {@link #FINAL_READ_GRACE} when the caller's bound in time is
     * reached already, that long after the deadline when there is one, else never (null).
     */
    static Duration grace(Ending ending, Duration untilDeadline, boolean deadlinePassed) {
        if (ending.bounded(deadlinePassed)) {
            return FINAL_READ_GRACE;
        }
        return untilDeadline == null ? null : untilDeadline.plus(FINAL_READ_GRACE);
    }

    Ending ending() {
        return ending;
    }

    /** The next call before the result: the task, the messages, or none (null: the result is due). */
    Call nextCall() {
        if (taskReadDue) {
            return Call.GET_TASK;
        }
        return messages.finalReadNeeded() ? Call.GET_MESSAGES : null;
    }

    /** The task read before the result: an end it shows replaces a timeout; a pause or a running task does not. */
    void taskRead(TaskRead.Next next) {
        taskReadDue = false;
        if (next instanceof TaskRead.Finish f && f.outcome() != FollowOutcome.NEEDS_DECISION) {
            ending = Ending.of(f.outcome(), f.pending(), f.detail());
        }
    }

    /** How many failed final reads in a row end the follow (see {@link Ending#finalReadAttempts}). */
    int attempts(int maxConsecutiveFailures, boolean deadlinePassed) {
        return ending.finalReadAttempts(maxConsecutiveFailures, deadlinePassed);
    }

    /**
     * The final read gave up after {@code failuresInARow} failures. The outcome is known and stands; never silently:
     * the result is flagged with the reason, and its state lets a new follow read the missing messages.
     */
    void unread(int failuresInARow, MaiaException last) {
        ending = ending.unread(failuresInARow, last);
        messages.giveUp();
    }

    /** The grace ran out with messages still unread: the outcome stands, flagged. */
    void outOfTime() {
        ending = ending.outOfTime(FINAL_READ_GRACE);
        messages.giveUp();
    }

    /** The result is out: the grace is over. */
    void cancel() {
        if (graceTimer != null) {
            graceTimer.cancel(false);
        }
    }
}
