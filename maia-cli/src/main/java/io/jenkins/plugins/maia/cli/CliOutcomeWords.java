package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.follower.follow.OutcomeText;
import java.time.Duration;
import java.util.List;

/**
 * The {@code maia} command's words for a follow's outcome ({@link OutcomeText} has the sentences and decides what the
 * outcome means): the commands that go on from a pause, a timeout, a stop or missing messages, complete with the
 * server, token URL and transcript directory of this run ({@link NextSteps}) so they work pasted, and how tasks,
 * decisions and durations are shown on a console. Everything from the server is masked before it is cut. With
 * {@code --sandbox} the server stops with the command, so it says that instead of a command that cannot work.
 */
final class CliOutcomeWords implements OutcomeText.Words {

    static final String SANDBOX_GONE = "the --sandbox server stops with this command";

    private final ServerText server;
    private final NextSteps next;
    private final boolean sandbox;

    CliOutcomeWords(ServerText server, NextSteps next, boolean sandbox) {
        this.server = server;
        this.next = next;
        this.sandbox = sandbox;
    }

    @Override
    public String status(Task task) {
        return TaskFormat.status(server.task(task));
    }

    @Override
    public String decision(PendingDecision pending) {
        // Masked before DecisionText cuts titles and questions to fit a line.
        return DecisionText.summary(server.decision(pending));
    }

    @Override
    public String duration(Duration duration) {
        return DurationConverter.format(duration);
    }

    @Override
    public String serverText(String text) {
        return server.oneLine(text, 1000);
    }

    /** Names the resume options: {@code maia watch ID --approve ...} or {@code maia task decide ID ...}. */
    @Override
    public String resume(String taskId, List<PendingDecision> pending) {
        StringBuilder options = new StringBuilder();
        for (PendingDecision p : pending) {
            options.append(' ').append(DecisionText.resumeOptions(server.decision(p)));
        }
        return "It is left paused; resume with '" + next.watch(taskId, options.toString()) + "' (or answer with '"
                + next.task("decide", taskId, options.toString()) + "', then '" + next.watch(taskId, null) + "')"
                + (sandbox ? ". Note: " + SANDBOX_GONE + ", so here the task cannot be resumed; start a lasting one "
                        + "with 'maia sandbox'" : "");
    }

    @Override
    public String afterTimeout(String taskId) {
        return sandbox ? " (" + SANDBOX_GONE + ")" : " and was not stopped. Follow it again with '"
                + next.watch(taskId, null) + "' or stop it with '" + next.task("stop", taskId, null) + "'";
    }

    @Override
    public String missingMessages(String taskId) {
        return "so the messages above" + (next.transcriptDir() == null ? "" : " and the transcript") + " are "
                + "incomplete. " + (sandbox ? "The --sandbox server stops with this command, so they cannot be read "
                        + "again here" : "Read them with '" + next.watch(taskId, null) + "'");
    }

    @Override
    public String afterStop(String taskId) {
        return sandbox ? " (" + SANDBOX_GONE + ")" : ". See what it did with '" + next.task("messages", taskId, null)
                + "', or continue it with '" + next.task("send", taskId, "--message TEXT") + "'";
    }

    @Override
    public String failOnRejection() {
        return "--fail-on-rejection";
    }
}
