package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.follower.follow.FollowListener;
import io.jenkins.plugins.maia.follower.graph.GraphState;
import io.jenkins.plugins.maia.follower.graph.GraphTaskResult;
import io.jenkins.plugins.maia.follower.graph.TaskGraph;
import io.jenkins.plugins.maia.follower.transcript.Transcripts;
import io.jenkins.plugins.maia.quant.client.QuantClient;
import io.jenkins.plugins.maia.quant.mirror.GraphMirror;
import io.jenkins.plugins.maia.quant.mirror.QuantMirror;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code maia batch --quant-org}: one Quant task per batch task, in the batch's task list, each depending on the
 * Quant tasks of its dependencies. A task is {@code pending} while it waits, then follows its Maia task as in
 * {@code maia run}; a skipped task is {@code cancelled}. The mirror writes on its own thread and budget, so Quant never
 * slows or fails the batch; its warnings and, at the end, a line for each last state it could not write go to stderr.
 */
final class BatchQuantMirror implements AutoCloseable {

    private static final String COMMAND = "maia batch";

    private final CliContext ctx;
    private final QuantClient client;
    private final QuantMirror mirror;
    private final Duration closeWait;
    /** The embedded sandbox's board ends with the command, so the command prints it before it goes. */
    private final boolean printBoardAtEnd;
    private GraphMirror tasks;

    private BatchQuantMirror(CliContext ctx, QuantClient client, QuantMirror mirror, Duration closeWait,
            boolean printBoardAtEnd) {
        this.ctx = ctx;
        this.client = client;
        this.mirror = mirror;
        this.closeWait = closeWait;
        this.printBoardAtEnd = printBoardAtEnd;
    }

    /**
     * The mirror, or null without {@code --quant-org}. Bad Quant settings are refused here, before any Maia call.
     *
     * @param sandboxQuantUrl the embedded sandbox's Quant endpoints, or null
     */
    static BatchQuantMirror open(CliContext ctx, QuantOptions options, String sandboxQuantUrl, String sandboxToken,
            Path batchFile) {
        options.validate();
        if (!options.enabled()) {
            return null;
        }
        QuantClient client = options.connect(ctx, sandboxQuantUrl, sandboxToken);
        QuantMirror mirror = QuantMirrorSession.mirror(ctx, options, client,
                options.taskListIdOr(defaultTaskList(batchFile)), COMMAND);
        return new BatchQuantMirror(ctx, client, mirror, options.closeWait(),
                sandboxQuantUrl != null && options.url == null);
    }

    /** {@code maia-} and the batch file's name without its extension: a re-run of the batch finds its board. */
    static String defaultTaskList(Path batchFile) {
        String name = batchFile.getFileName() == null ? "batch" : batchFile.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return "maia-" + (dot > 0 ? name.substring(0, dot) : name);
    }

    /**
     * Puts every task on the board before the batch starts, dependencies first; a batch continued from its state
     * takes up the Quant tasks its earlier run made, and a task that finished then is shown completed.
     */
    void addAll(TaskGraph graph, GraphState saved, OnDecision onDecision) {
        tasks = GraphMirror.add(mirror, graph, saved, whoMayAnswer(onDecision), null);
    }

    /** The follow of batch task {@code id} starts on Maia task {@code maiaTaskId}: in_progress, then as it goes. */
    FollowListener started(String id, String maiaTaskId) {
        return tasks == null ? null : tasks.started(id, maiaTaskId);
    }

    /** The task's last state in this run: how it ended, or skipped, stopped by failFast, or given up. */
    void ended(GraphTaskResult r, Transcripts files) {
        if (tasks != null) {
            tasks.ended(r, files == null ? null : files.markdown().toString());
        }
    }

    /**
     * Waits (at most {@code --quant-wait}) for the last states and says so for each one not written; then, for the
     * embedded sandbox's board, prints it. Never fails the command: the board is a report, not the batch's outcome.
     */
    @Override
    public void close() {
        mirror.close(closeWait);
        if (printBoardAtEnd) {
            try {
                QuantListCommand.printBoard(client, mirror.taskListId(), ctx.human(), ServerText.of(ctx));
            } catch (RuntimeException e) {
                ctx.err().println(COMMAND + ": Quant mirror: the sandbox's board could not be printed: "
                        + TerminalText.oneLine(ctx.redact(String.valueOf(e.getMessage())), 500));
            }
        }
    }

    /** Who may answer a paused task's decisions, for its blocked reason on the board. */
    static String whoMayAnswer(OnDecision onDecision) {
        return onDecision == OnDecision.PROMPT ? "the user at the terminal running maia batch"
                : "anyone with the credentials, by re-running the same maia batch command with --approve TOOL, "
                        + "--reject TOOL or --answer N=OPTION";
    }
}
