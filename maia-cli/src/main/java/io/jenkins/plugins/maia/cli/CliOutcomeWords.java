package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.follower.follow.OutcomeText;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The {@code maia} command's words for a follow's outcome ({@link OutcomeText} has the sentences): the commands that
 * go on from a pause, a timeout or missing messages, and how tasks, decisions and durations are shown on a console.
 * With {@code --sandbox} the server stops with the command, so it says that instead of a command that cannot work.
 */
final class CliOutcomeWords implements OutcomeText.Words {

    private final ServerText server;
    private final boolean sandbox;
    /** Where the transcript goes ({@code --transcript}), or null. */
    private final Path transcriptDir;

    CliOutcomeWords(ServerText server, boolean sandbox, Path transcriptDir) {
        this.server = server;
        this.sandbox = sandbox;
        this.transcriptDir = transcriptDir;
    }

    @Override
    public String status(Task task) {
        return TaskFormat.status(task);
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
        return server.oneLine(text, 200);
    }

    /** Names the resume options: {@code maia watch ID --approve ...} or {@code maia task decide ID ...}. */
    @Override
    public String resume(String taskId, List<PendingDecision> pending) {
        StringBuilder options = new StringBuilder();
        for (PendingDecision p : pending) {
            options.append(' ').append(DecisionText.resumeOptions(server.decision(p)));
        }
        return "It is left paused; resume with 'maia watch " + taskId + options + "' (or answer with 'maia task decide "
                + taskId + options + "', then 'maia watch " + taskId + "')" + (sandbox
                        ? ". Note: the --sandbox server stops with this command, so here the task cannot be resumed;"
                                + " start a lasting one with 'maia sandbox'" : "");
    }

    @Override
    public String afterTimeout(String taskId) {
        return sandbox ? " (the --sandbox server stops with this command)"
                : " and was not stopped. Follow it again with 'maia watch " + taskId + "' or stop it with 'maia task stop "
                        + taskId + "'";
    }

    @Override
    public String missingMessages(String taskId) {
        String watch = "maia watch " + taskId + (transcriptDir == null ? ""
                : " --transcript " + shellWord(transcriptDir.toString()));
        return "so the messages above" + (transcriptDir == null ? "" : " and the transcript") + " are incomplete. "
                + (sandbox ? "The --sandbox server stops with this command, so they cannot be read again here"
                        : "Read them with '" + watch + "'");
    }

    /** {@code word} as one shell word, quoted when it needs it (a path with spaces). */
    private static String shellWord(String word) {
        String w = TerminalText.oneLine(word, 1000);
        // Double quotes, because the whole command is shown in single quotes.
        return w.matches("[A-Za-z0-9_.,:/@%+=-]+") ? w : "\"" + w.replace("\\", "\\\\").replace("\"", "\\\"")
                .replace("$", "\\$").replace("`", "\\`") + "\"";
    }
}
