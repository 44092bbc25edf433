package io.jenkins.plugins.maia.follower.follow;

import io.jenkins.plugins.maia.client.MaiaApiException;
import io.jenkins.plugins.maia.client.MaiaException;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.follower.follow.CallPlan.Call;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

/**
 * A stop asked of a follow ({@link FollowHandle#stop()}): the stop call until it gets through (a 409 means the task
 * is stopping already), then reads of the task until it shows STOPPED or ERRORED, within the stop grace. When the
 * grace runs out, or the task cannot be read after the stop was sent, the stop stands unconfirmed.
 *
 * <p>Confined to the follow's strand.
 */
final class StopRequest {

    private final Duration grace;
    /** Ends the grace: set once planned, cancelled when the follow ends first. */
    private final ScheduledFuture<?> graceTimer;
    private boolean sent;

    StopRequest(Duration grace, ScheduledFuture<?> graceTimer) {
        this.grace = grace;
        this.graceTimer = graceTimer;
    }

    /** The stop itself until it got through, then reads of the task. */
    Call nextCall() {
        return sent ? Call.GET_TASK : Call.STOP;
    }

    boolean sent() {
        return sent;
    }

    /** Sends the stop; a 409 (already stopped or stopping) counts as sent, the reads will tell. */
    void send(TaskApi api, String taskId) {
        try {
            api.stopTask(taskId);
        } catch (MaiaApiException e) {
            if (e.status() != 409) {
                throw e;
            }
        }
        sent = true;
    }

    /**
     * Whether the stop stands although the task cannot be read after it ({@code error}): it was sent, and the task
     * did not vanish (a 404 fails the follow).
     */
    boolean standsDespite(MaiaException error) {
        return sent && !(error instanceof MaiaApiException a && a.isNotFound());
    }

    /** The grace ran out: the task was not seen STOPPED, or the stop could not even be sent. */
    Ending notConfirmed(Task lastTask, MaiaException lastFailure) {
        return Ending.stopNotConfirmed(sent, lastTask, grace, lastFailure);
    }

    /** The follow ended before the grace did. */
    void cancel() {
        if (graceTimer != null) {
            graceTimer.cancel(false);
        }
    }
}
