package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.client.model.AgentConfig;
import io.jenkins.plugins.maia.follower.follow.FollowListener;
import io.jenkins.plugins.maia.follower.graph.GraphState;
import io.jenkins.plugins.maia.follower.graph.GraphTaskResult;
import io.jenkins.plugins.maia.follower.graph.TaskProgress;
import io.jenkins.plugins.maia.follower.transcript.Transcripts;
import io.jenkins.plugins.maia.quant.client.QuantClient;
import io.jenkins.plugins.maia.quant.mirror.MirrorEntry;
import io.jenkins.plugins.maia.quant.mirror.MirroredTask;
import io.jenkins.plugins.maia.quant.mirror.QuantMirror;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    private final Map<String, MirroredTask> tasks = new LinkedHashMap<>();

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
     * Puts every task on the board before the batch starts, dependencies first (the mirror names a task's
     * dependencies by their Quant ids, so they must be known to it first). A batch continued from its state takes up
     * the Quant tasks its earlier run made; a task that finished then is shown completed.
     */
    void addAll(List<BatchTask> batch, GraphState saved, OnDecision onDecision) {
        boolean continued = !saved.tasks().isEmpty();
        String who = whoMayAnswer(onDecision);
        for (BatchTask t : dependenciesFirst(batch)) {
            AgentConfig config = t.request().agentConfig();
            MirrorEntry entry = new MirrorEntry(t.id(), t.request().message(), config.projectId(),
                    config.mode() == null ? null : config.mode().name(), config.targetBranchName(), null, t.dependsOn(),
                    who);
            TaskProgress earlier = saved.task(t.id());
            MirroredTask task = continued ? mirror.addFromEarlierRun(entry, earlier == null ? null : earlier.taskId())
                    : mirror.add(entry);
            if (earlier != null && earlier.finished()) {
                task.finishedEarlier(earlier.taskId(), earlier.targetBranchName());
            }
            tasks.put(t.id(), task);
        }
    }

    /** The follow of batch task {@code id} starts on Maia task {@code maiaTaskId}: in_progress, then as it goes. */
    FollowListener started(String id, String maiaTaskId) {
        MirroredTask task = tasks.get(id);
        if (task == null) {
            return null;
        }
        task.started(maiaTaskId);
        return task.listener();
    }

    /** The task's last state in this run: how it ended, or skipped, stopped by failFast, or given up. */
    void ended(GraphTaskResult r, Transcripts files) {
        MirroredTask task = tasks.get(r.id());
        if (task == null) {
            return;
        }
        switch (r.kind()) {
            case FINISHED, ENDED -> {
                if (r.follow() != null) {
                    task.ended(r.follow(), files == null ? null : files.markdown().toString());
                }
            }
            case SKIPPED -> task.skipped(r.reason());
            case STOPPED -> task.aborted(r.reason());
            case FAILED -> task.gaveUp(r.reason());
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

    /** The tasks in an order where each comes after those it depends on (the graph was checked: no cycle). */
    static List<BatchTask> dependenciesFirst(List<BatchTask> batch) {
        List<BatchTask> ordered = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        List<BatchTask> left = new ArrayList<>(batch);
        while (!left.isEmpty()) {
            int before = ordered.size();
            for (var it = left.iterator(); it.hasNext();) {
                BatchTask t = it.next();
                if (placed.containsAll(t.dependsOn())) {
                    ordered.add(t);
                    placed.add(t.id());
                    it.remove();
                }
            }
            if (ordered.size() == before) {
                throw new IllegalStateException("a cycle among " + left.stream().map(BatchTask::id).toList());
            }
        }
        return ordered;
    }
}
