package io.jenkins.plugins.maia.follower.follow;

import io.jenkins.plugins.maia.client.MaiaException;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.follower.event.TaskNotice;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How a follow ends, once its outcome is known: the outcome, the decisions left to a human (only for
 * NEEDS_DECISION), one sentence on why, and why the last messages could not be read (null while they could).
 */
record Ending(FollowOutcome outcome, List<PendingDecision> pending, String detail, String unreadReason) {

    /**
     * Attempts at the final message read once the caller's bound in time is reached: after TIMED_OUT, after a stop,
     * or once the follow's deadline has passed. Otherwise the final read is retried like any poll, up to
     * {@code maxConsecutiveFailures}.
     */
    static final int BOUNDED_FINAL_READ_ATTEMPTS = 3;

    /** Why a STOPPED task is taken as stopped, not finished, when the follow saw it STOPPING. */
    static final String SEEN_STOPPING = "it was seen STOPPING, then STOPPED; the API does not say who stopped it";

    Ending {
        pending = outcome == FollowOutcome.NEEDS_DECISION ? List.copyOf(pending) : List.of();
    }

    static Ending of(FollowOutcome outcome, List<PendingDecision> pending, String detail) {
        return new Ending(outcome, pending, detail, null);
    }

    /** The follow's deadline passed: the task is left as it is. */
    static Ending timedOut(Instant deadline) {
        return of(FollowOutcome.TIMED_OUT, List.of(), "the follow's deadline (" + deadline + ") passed; the task was "
                + "left as it is");
    }

    /** The stop grace ran out: the task was not seen STOPPED, or the stop could not even be sent. */
    static Ending stopNotConfirmed(boolean sent, Task lastTask, Duration grace, MaiaException lastFailure) {
        String what = sent
                ? "stop requested, but the task was still " + (lastTask == null ? "not read" : lastTask.status())
                        + " after the stop grace of " + grace.toSeconds() + " s (not confirmed)"
                : "the stop request could not be sent within the stop grace of " + grace.toSeconds() + " s"
                        + (lastFailure == null ? "" : ": " + lastFailure.getMessage());
        return of(FollowOutcome.STOPPED_ON_REQUEST, List.of(), what);
    }

    /** The stop was sent, and then the task could not be read. */
    static Ending stopUnreadable(MaiaException error) {
        return of(FollowOutcome.STOPPED_ON_REQUEST, List.of(), "stop requested, but the task could not be read "
                + "afterwards: " + error.getMessage());
    }

    /** Whether the caller asked for a bound in time: the final read then has a grace and a few attempts only. */
    boolean bounded(boolean deadlinePassed) {
        return outcome == FollowOutcome.TIMED_OUT || outcome == FollowOutcome.STOPPED_ON_REQUEST || deadlinePassed;
    }

    /**
     * How many failed final reads in a row end the follow: like any poll ({@code maxConsecutiveFailures}), except
     * after TIMED_OUT, a stop, or the deadline, where the caller asked for a bound in time.
     */
    int finalReadAttempts(int maxConsecutiveFailures, boolean deadlinePassed) {
        return bounded(deadlinePassed) ? Math.min(BOUNDED_FINAL_READ_ATTEMPTS, maxConsecutiveFailures)
                : maxConsecutiveFailures;
    }

    /**
     * What the task's events add, once they are all read: a finish whose events say the task was stopped
     * ({@code stop}, null when they do not) is a stop; an error says what the error event said ({@code error}).
     */
    Ending withEvents(TaskNotice stop, String error) {
        if (outcome == FollowOutcome.FINISHED && stop != null) {
            return new Ending(FollowOutcome.STOPPED, pending, "its events say it was stopped ("
                    + (stop.text().isEmpty() ? "no reason given" : stop.text())
                    + (stop.text().startsWith("stopped by ") ? ")" : "; the API does not say who stopped it)"),
                    unreadReason);
        }
        if (outcome == FollowOutcome.ERRORED) {
            return new Ending(outcome, pending, error == null
                    ? "the task is ERRORED, and none of its events said why; see its messages"
                    : "the task is ERRORED: " + error, unreadReason);
        }
        return this;
    }

    /**
     * The outcome stands, but the final message read gave up: never silently. {@link #describe()} says so, and that
     * a new follow from the result's state reads the missing messages.
     */
    Ending unread(int failuresInARow, MaiaException last) {
        return new Ending(outcome, pending, detail, failuresInARow > 1 ? failuresInARow
                + " attempts in a row failed; the last: " + last.getMessage() : last.getMessage());
    }

    /** The outcome stands, but the messages still came when the final read's grace ran out. */
    Ending outOfTime(Duration grace) {
        return new Ending(outcome, pending, detail, "more messages were still being read when the final read's "
                + "grace of " + grace.toSeconds() + " s ran out");
    }

    /** The detail, and when the last messages could not be read, that they could not and how to read them. */
    String describe() {
        return unreadReason == null ? detail : detail + "; the last messages could not be read (" + unreadReason
                + "), so the messages seen here and any transcript miss them; a new follow from this result's state "
                + "reads them";
    }
}
