package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.client.MaiaClient;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.follower.budget.AccountBudgets;
import io.jenkins.plugins.maia.follower.follow.FollowListener;
import io.jenkins.plugins.maia.follower.follow.FollowOptions;
import io.jenkins.plugins.maia.follower.follow.FollowResult;
import io.jenkins.plugins.maia.follower.follow.TaskFollower;
import io.jenkins.plugins.maia.follower.graph.GraphListener;
import io.jenkins.plugins.maia.follower.graph.GraphResult;
import io.jenkins.plugins.maia.follower.graph.GraphRun;
import io.jenkins.plugins.maia.follower.graph.GraphState;
import io.jenkins.plugins.maia.follower.graph.GraphTask;
import io.jenkins.plugins.maia.follower.graph.GraphTaskResult;
import io.jenkins.plugins.maia.follower.graph.InvalidGraphException;
import io.jenkins.plugins.maia.follower.graph.TaskGraph;
import io.jenkins.plugins.maia.follower.graph.TaskLauncher;
import io.jenkins.plugins.maia.follower.transcript.Transcripts;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a checked {@link BatchPlan}: one {@link TaskFollower} (so one rate budget for every task), a {@link GraphRun},
 * each task's output prefixed with its id, its transcripts, questions asked one at a time naming the task, the state
 * saved after each change, and at the end a summary, the {@code --json} object and the exit code.
 */
final class BatchSession {

    private final CliContext ctx;
    private final BatchPlan plan;
    private final BatchStateFile stateFile;
    private final ServerText server;
    private final Instant started = Instant.now();
    private final Map<String, LiveConsole> consoles = new ConcurrentHashMap<>();
    private final Map<String, TranscriptSession> transcripts = new ConcurrentHashMap<>();
    /** The --on-waiting hooks of the tasks started, closed (let finish) at the end. */
    private final List<OnWaitingHook> hooks = new CopyOnWriteArrayList<>();
    private final Map<String, Transcripts> files = new ConcurrentHashMap<>();
    private final ConsoleDecider decider;
    private final TaskGraph graph;
    /** {@code --quant-org}: the board the tasks are mirrored to, or null. */
    private BatchQuantMirror quant;

    /** Builds the graph, so its problems are found before any call. */
    BatchSession(CliContext ctx, BatchPlan plan, BatchStateFile stateFile) {
        this.ctx = ctx;
        this.plan = plan;
        this.stateFile = stateFile;
        this.server = ServerText.of(ctx);
        this.decider = plan.onDecision() == OnDecision.PROMPT
                ? new ConsoleDecider(new LiveConsole(ctx.human(), false, started), ctx.in(), ctx.env().isTerminal(),
                        server)
                : null;
        this.graph = graph();
    }

    /** Mirrors every task to a Quant task list ({@code mirror} null: no mirror). */
    BatchSession mirrorTo(BatchQuantMirror mirror) {
        this.quant = mirror;
        return this;
    }

    /** The warnings about tools that are not documented, once each, before anything starts. */
    List<String> toolWarnings() {
        List<String> warnings = new ArrayList<>(plan.ruleWarnings());
        plan.tasks().stream().flatMap(t -> t.decisionOptions().entrySet().stream()
                        .flatMap(e -> e.getValue().stream().map(tool -> KnownTools.warning(e.getKey(), tool))))
                .flatMap(java.util.Optional::stream).distinct().forEach(warnings::add);
        return warnings;
    }

    /** Runs the batch to its end (continuing {@code saved}) and returns the exit code. */
    int run(MaiaClient client, GraphState saved) {
        List<String> mismatches = saved.mismatches(graph);
        if (!mismatches.isEmpty()) {
            // Refused before the board shows anything, as GraphRun.start would refuse it before any Maia call.
            throw cannotContinue(mismatches);
        }
        if (quant != null) {
            quant.addAll(graph, saved, plan.onDecision());
        }
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(Math.min(8, plan.maxConcurrent() + 1),
                daemonThreads());
        TaskFollower follower = TaskFollower.builder().scheduler(scheduler)
                .budgets(new AccountBudgets(InstantSource.system()))
                .budgetSettings(plan.tasks().get(0).plan().budget()).build();
        Thread interruptHint = new Thread(() -> {
            ctx.err().println();
            ctx.err().println("maia batch: interrupted: the tasks keep running (or stay paused)" + (stateFile.saves()
                    ? "; re-run the same command to continue from " + stateFile.path() : ""));
            ctx.err().flush();
        });
        boolean hookAdded = Hooks.add(interruptHint);
        try {
            GraphRun run;
            try {
                run = GraphRun.start(graph, TaskLauncher.of(follower, client), InstantSource.system(), new Listener(),
                        saved);
            } catch (InvalidGraphException e) {
                throw cannotContinue(e.problems());
            }
            GraphResult result = run.result().join();
            return report(result);
        } finally {
            follower.close();
            scheduler.shutdownNow();
            if (decider != null) {
                decider.close();
            }
            transcripts.values().forEach(TranscriptSession::closeQuietly);
            hooks.forEach(OnWaitingHook::close);
            if (hookAdded) {
                Hooks.remove(interruptHint);
            }
        }
    }

    private UsageException cannotContinue(List<String> problems) {
        return new UsageException("Cannot continue from --state " + stateFile.path() + ": " + String.join("; ", problems));
    }

    /** The engine's graph of the plan; its checks (ids, dependencies, cycles) name the file's paths. */
    private TaskGraph graph() {
        try {
            return new TaskGraph(plan.tasks().stream().map(t -> new GraphTask(t.id(), t.dependsOn(), t.request(),
                    t.plan().options(decider == null ? null : decider.forTask(t.id()), ctx::redact), t.timeout()))
                    .toList(), plan.maxConcurrent(), plan.failFast());
        } catch (InvalidGraphException e) {
            throw new BatchFileProblems(e.problems());
        }
    }

    /** The task's --give-up-after (giveUpAfter), so that its failed-call lines say when its follow gives up. */
    private Duration giveUpAfter(String id) {
        return plan.tasks().stream().filter(t -> t.id().equals(id)).findFirst()
                .map(t -> t.plan().giveUpAfter()).orElse(FollowOptions.DEFAULT_GIVE_UP_AFTER);
    }

    private LiveConsole console(String id) {
        return consoles.computeIfAbsent(id, k -> new LiveConsole(PrefixedLines.stream(ctx.human(), "[" + k + "] "),
                false, started));
    }

    private int report(GraphResult result) {
        PrintStream human = ctx.human();
        ExitStatus exit = BatchReport.exit(result, plan.tasks());
        long finished = result.tasks().stream().filter(GraphTaskResult::finished).count();
        human.println("Batch: " + finished + " of " + result.tasks().size() + " tasks finished"
                + (exit == ExitStatus.OK ? "." : " (exit code " + exit.code() + ")."));
        int width = result.tasks().stream().mapToInt(r -> r.id().length()).max().orElse(0);
        for (GraphTaskResult r : result.tasks()) {
            String what = r.finished() ? (r.targetBranchName() == null ? "" : server.oneLine(r.targetBranchName(), 200))
                    : r.reason() != null ? server.oneLine(r.reason(), 300) : "";
            human.println("  " + String.format("%-" + width + "s  %-14s %-36s %s", r.id(), r.outcome(),
                    r.taskId() == null ? "-" : r.taskId(), what).stripTrailing());
        }
        if (result.tasks().stream().anyMatch(r -> "NEEDS_DECISION".equals(r.outcome()))) {
            human.println("Tasks waiting for a decision go on when you re-run the same command with --approve TOOL or "
                    + "--answer N=OPTION for what they ask (or answer at the prompt with --on-decision prompt).");
        }
        if (!result.allFinished() && stateFile.saves()) {
            human.println("State: " + stateFile.path() + " (re-run the same command to continue: finished tasks "
                    + "are not run again, no task is created twice)");
        }
        if (stateFile.lastFailure() != null) {
            ctx.err().println("maia batch: warning: could not save the state to " + stateFile.path() + " ("
                    + stateFile.lastFailure() + "); a re-run may not know the tasks created since");
        }
        if (ctx.jsonMode() != JsonMode.NONE) {
            ctx.printJson(BatchReport.json(result, plan.tasks(), files,
                    stateFile.saves() ? stateFile.path().toString() : null, server));
        }
        return exit.code();
    }

    /** Tells the console, the transcripts and the state file what the run does. */
    private final class Listener implements GraphListener {

        @Override
        public void onTaskStarted(GraphTask task, boolean resumed) {
            console(task.id()).line(resumed ? "continuing (saved in " + stateFile.path() + ")"
                    : "starting" + (task.dependsOn().isEmpty() ? ""
                            : " (after " + String.join(", ", task.dependsOn()) + ")"));
        }

        @Override
        public void onTaskCreated(GraphTask task, String taskId) {
            console(task.id()).line("created task " + taskId);
        }

        @Override
        public FollowListener followListener(GraphTask task, String taskId) {
            TranscriptSession transcript = plan.transcriptDir() == null ? null
                    : TranscriptSession.open(plan.transcriptDir(), taskId, ctx.secrets());
            if (transcript != null) {
                transcripts.put(task.id(), transcript);
            }
            OnWaitingHook hook = plan.onWaiting() == null ? null : new OnWaitingHook(plan.onWaiting(), taskId, ctx,
                    server, new NextSteps(List.of(), plan.transcriptDir()), "maia batch");
            if (hook != null) {
                hooks.add(hook);
            }
            // Never silent: each failed call of a task's follow is a line on stderr, as in `maia run`.
            return FollowListener.all(new LiveOutput(console(task.id()), ctx.verbose(), server, ctx.err(),
                    giveUpAfter(task.id())), transcript == null ? null : transcript.listener(), hook,
                    quant == null ? null : quant.started(task.id(), taskId));
        }

        @Override
        public void onTaskEnded(GraphTaskResult r) {
            TranscriptSession transcript = transcripts.remove(r.id());
            Transcripts written = null;
            if (transcript != null) {
                written = r.follow() != null ? transcript.close(r.follow()) : transcript.closeUnfinished();
                if (written != null) {
                    files.put(r.id(), written);
                }
            }
            if (quant != null) {
                quant.ended(r, written);
            }
            console(r.id()).line(ended(r));
        }

        @Override
        public void onStateChanged(GraphState state) {
            stateFile.save(state);
        }
    }

    private String ended(GraphTaskResult r) {
        String elapsed = r.startedAt() == null || r.endedAt() == null ? ""
                : " after " + DurationConverter.format(Duration.between(r.startedAt(), r.endedAt()));
        FollowResult f = r.follow();
        return switch (r.kind()) {
            case FINISHED -> "finished" + elapsed + "." + (r.targetBranchName() == null ? ""
                    : " Target branch: " + server.oneLine(r.targetBranchName(), 200))
                    + (f != null && !f.messagesComplete() ? " (its last messages could not be read)" : "")
                    + (BatchReport.exit(r, plan.tasks()) == ExitStatus.REJECTED ? " A tool call was rejected ("
                            + String.join(", ", f.rejectedTools()) + "): failOnRejection makes that a failure." : "");
            case SKIPPED -> "skipped: " + r.reason();
            case STOPPED -> "stopped" + elapsed + " (" + r.reason() + ")";
            case FAILED -> "failed" + elapsed + ": " + server.oneLine(r.reason(), 2000);
            case ENDED -> switch (r.outcome()) {
                case "NEEDS_DECISION" -> paused(f.pending());
                case "ERRORED" -> "ERRORED" + elapsed + why(f);
                case "STOPPED" -> "stopped before it finished, not by this batch" + elapsed + why(f);
                case "TIMED_OUT" -> "timed out" + elapsed + " (the task was not stopped: maia task stop "
                        + r.taskId() + " stops it)";
                default -> r.outcome() + elapsed + why(f);
            };
        };
    }

    private String paused(List<PendingDecision> pending) {
        StringBuilder sb = new StringBuilder("paused, waiting for " + pending.size() + " decision(s):");
        for (PendingDecision p : pending) {
            sb.append("\n  - ").append(DecisionText.summary(server.decision(p)));
        }
        return sb.toString();
    }

    private String why(FollowResult f) {
        String why = f.lastAgentMessage() != null ? f.lastAgentMessage() : f.detail();
        return why == null || why.isBlank() ? "" : ": " + server.oneLine(why, 2000);
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "maia-batch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Shutdown hooks that may be refused (the JVM already shutting down). */
    private static final class Hooks {
        static boolean add(Thread hook) {
            try {
                Runtime.getRuntime().addShutdownHook(hook);
                return true;
            } catch (IllegalStateException | SecurityException e) {
                return false;
            }
        }

        static void remove(Thread hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException | SecurityException e) {
                // the JVM is shutting down: the hook runs, which is what it is for
            }
        }
    }
}
