package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.client.MaiaException;
import io.jenkins.plugins.maia.client.model.Decision;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskEvent;
import io.jenkins.plugins.maia.client.model.TaskStatus;
import io.jenkins.plugins.maia.follower.event.MessageText;
import io.jenkins.plugins.maia.follower.follow.FollowListener;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Prints a follow as it happens: each message, each status change, each decision taken, and on stderr each failed
 * call (so a follow is never silent while the server is down). Agent text is masked before it is cut or printed
 * (see {@link ServerText}).
 */
final class LiveOutput implements FollowListener {

    private final LiveConsole console;
    private final boolean verbose;
    private final ServerText server;
    private final PrintStream err;
    private final Duration giveUpAfter;
    /** The status last shown; follower threads call one at a time. */
    private volatile TaskStatus lastStatus;

    /**
     * @param err         where failed calls are told (stderr)
     * @param giveUpAfter how long failures in a row may last, to say when the follow gives up
     */
    LiveOutput(LiveConsole console, boolean verbose, ServerText server, PrintStream err, Duration giveUpAfter) {
        this.console = console;
        this.verbose = verbose;
        this.server = server;
        this.err = err;
        this.giveUpAfter = giveUpAfter;
    }

    @Override
    public void onEvent(TaskEvent event) {
        // Masked before MessageText cuts long tool input, so no part of an echoed secret is printed.
        for (MessageText piece : MessageText.of(server.event(event)).pieces()) {
            // Status and decision records repeat what the status line and onDecision already say.
            if (verbose || (piece.kind() != MessageText.Kind.OTHER && piece.kind() != MessageText.Kind.STATUS)) {
                console.line(EventText.line(piece));
            }
        }
    }

    @Override
    public void onStatus(Task task) {
        // STOPPED with nothing pending reads "finished", but after STOPPING someone stopped it (exit 6).
        boolean stoppedElsewhere = lastStatus == TaskStatus.STOPPING && task.isFinished();
        lastStatus = task.status();
        console.status(stoppedElsewhere ? "STOPPED (stopped before it finished)" : TaskFormat.status(task));
    }

    @Override
    public void onDecision(PendingDecision decided, Decision decision, String decidedBy) {
        String what = DecisionWords.of(server.decision(decided), decision);
        console.line("decision: " + server.clean(what) + " (by " + server.oneLine(decidedBy, DecisionWords.MAX_DECIDED_BY) + ")");
        // Until the next poll shows the task again, say what is happening rather than the stale "paused".
        console.hint("resuming after the decision");
    }

    /** e.g. {@code warning: a call failed (2 in a row): connection refused; trying again in 2s (gives up after 5m)}. */
    @Override
    public void onCallFailed(MaiaException cause, int attempt, Duration retryIn) {
        console.lineOn(err, "warning: a call failed (" + attempt + " in a row): " + server.oneLine(cause.getMessage(),
                500) + "; trying again in " + DurationConverter.format(retryIn) + " (gives up after "
                + DurationConverter.format(giveUpAfter) + " of failures)");
    }
}
