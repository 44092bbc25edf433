package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.client.model.Decision;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskEvent;
import io.jenkins.plugins.maia.follower.follow.FollowListener;
import io.jenkins.plugins.maia.follower.event.MessageText;

/**
 * Prints a follow as it happens: each message, each status change, each decision taken. Agent text is masked
 * before it is cut or printed (see {@link ServerText}).
 */
final class LiveOutput implements FollowListener {

    private final LiveConsole console;
    private final boolean verbose;
    private final ServerText server;

    LiveOutput(LiveConsole console, boolean verbose, ServerText server) {
        this.console = console;
        this.verbose = verbose;
        this.server = server;
    }

    @Override
    public void onEvent(TaskEvent event) {
        // Masked before MessageText cuts long tool input, so no part of an echoed secret is printed.
        MessageText text = MessageText.of(server.event(event));
        // Status and decision records repeat what the status line and onDecision already say.
        if (text.kind() != MessageText.Kind.OTHER || verbose) {
            console.line(EventText.line(text));
        }
    }

    @Override
    public void onStatus(Task task) {
        console.status(TaskFormat.status(task));
    }

    @Override
    public void onDecision(PendingDecision decided, Decision decision, String decidedBy) {
        String what = DecisionWords.of(server.decision(decided), decision);
        console.line("decision: " + server.clean(what) + " (by " + server.oneLine(decidedBy, 60) + ")");
        // Until the next poll shows the task again, say what is happening rather than the stale "paused".
        console.hint("resuming after the decision");
    }
}
