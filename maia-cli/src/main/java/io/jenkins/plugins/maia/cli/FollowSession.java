package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.follower.budget.AccountBudgets;
import io.jenkins.plugins.maia.client.MaiaClient;
import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.client.model.CreatedTask;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.follower.decision.Fallback;
import io.jenkins.plugins.maia.follower.follow.FollowHandle;
import io.jenkins.plugins.maia.follower.follow.FollowListener;
import io.jenkins.plugins.maia.follower.follow.FollowOptions;
import io.jenkins.plugins.maia.follower.follow.FollowOutcome;
import io.jenkins.plugins.maia.follower.follow.FollowPlan;
import io.jenkins.plugins.maia.follower.follow.FollowResult;
import io.jenkins.plugins.maia.follower.follow.FollowState;
import io.jenkins.plugins.maia.follower.follow.OutcomeText;
import io.jenkins.plugins.maia.follower.follow.TaskFollower;
import io.jenkins.plugins.maia.follower.transcript.Transcripts;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Follows one task for {@code run} and {@code watch}: wires the follower, the console, the prompt, the
 * transcript and the saved state together, and turns the outcome into an exit code, a summary and, with
 * {@code --json} or {@code --jsonl}, the result object.
 */
final class FollowSession {

    private final CliContext ctx;
    private final FollowSettings settings;
    private final String command;
    private final boolean sandbox;
    private final ConnectionOptions connection;
    private final ServerText server;
    private final DecisionLog decisions;
    private final Path summary;
    /** The task followed and its transcripts so far, for the summary of a follow that fails. */
    private volatile String followedTaskId;
    private volatile Transcripts unfinishedFiles;
    /** {@code --quant-org}: the board the task is mirrored to, or null. */
    private QuantMirrorSession quant;

    FollowSession(CliContext ctx, FollowSettings settings, String command, boolean sandbox, ConnectionOptions connection) {
        this.ctx = ctx;
        this.settings = settings;
        this.command = command;
        this.sandbox = sandbox;
        this.connection = connection;
        this.server = ServerText.of(ctx);
        this.decisions = new DecisionLog(server);
        this.summary = StepSummary.target(settings.summaryFile, ctx.env());
        if (summary != null) {
            // Whatever ends the command with an error (a refused create, an unreachable server) is summarised too.
            ctx.onFailure((message, exitCode) -> StepSummary.append(summary, new StepSummary.Facts(followedTaskId,
                    "FAILED", exitCode, null, decisions.taken(), null, ctx.redact(message), unfinishedFiles), ctx));
        }
    }

    /** Mirrors the followed task to a Quant task list ({@code mirror} null: no mirror). */
    FollowSession mirrorTo(QuantMirrorSession mirror) {
        this.quant = mirror;
        return this;
    }

    /** {@code maia run}: creates the task, then follows it. */
    int create(MaiaClient client, CreateTaskRequest request) {
        Instant started = Instant.now();
        ctx.debug("creating the task");
        // One attempt: the client looks for the task itself after an ambiguous failure, and a TaskMayExistException
        // ends the command (exit 1) with a message that says how to check; the CLI never creates a second time.
        CreatedTask created = client.createTask(request);
        ctx.human().println("Created task " + created.taskId() + " (" + created.status() + ")");
        if (quant != null) {
            quant.created(created.taskId(), request, QuantMirrorSession.whoMayAnswer(settings.onDecision(ctx.env()),
                    created.taskId()));
        }
        return follow(client, created.taskId(), started, FollowState.start(created.taskId(), deadline(started)),
                created, request);
    }

    /** {@code maia watch}: follows an existing task, continuing a saved state from the transcript directory. */
    int watch(MaiaClient client, String taskId) {
        Instant started = Instant.now();
        Task task = client.getTask(taskId);
        FollowState state = TranscriptSession.savedState(settings.transcriptDir, task.taskId())
                .map(saved -> saved.withDeadline(deadline(started)))
                .orElseGet(() -> FollowState.start(task.taskId(), deadline(started)));
        ctx.human().println("Following task " + task.taskId() + " (" + TaskFormat.status(task) + ")");
        if (quant != null) {
            quant.resumed(task, QuantMirrorSession.whoMayAnswer(settings.onDecision(ctx.env()), task.taskId()));
        }
        return follow(client, task.taskId(), started, state, null, null);
    }

    private Instant deadline(Instant started) {
        return settings.timeout == null ? null : started.plus(settings.timeout);
    }

    private NextSteps nextSteps() {
        return new NextSteps(connection.reconnectOptions(), settings.transcriptDir);
    }

    private ResumeHints hints() {
        return new ResumeHints(nextSteps(), sandbox);
    }

    /** {@code created}, {@code request}: the create's answer for a task just created (its first read), else null. */
    private int follow(MaiaClient client, String taskId, Instant started, FollowState state, CreatedTask created,
            CreateTaskRequest request) {
        followedTaskId = taskId;
        // One thread: this process follows one task, whose ticks are short (one bounded call each), and the prompt
        // waits on its own thread, so a second thread would only sit idle.
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, daemonThreads());
        LiveConsole console = new LiveConsole(ctx.human(), ctx.env().isTerminal(), started);
        OnDecision onDecision = settings.onDecision(ctx.env());
        ConsoleDecider decider = onDecision == OnDecision.PROMPT
                ? new ConsoleDecider(console, ctx.in(), ctx.env().isTerminal(), server) : null;
        TranscriptSession transcript = settings.transcriptDir == null ? null
                : TranscriptSession.open(settings.transcriptDir, taskId, ctx.secrets());
        JsonLinesOutput jsonLines = settings.jsonl ? new JsonLinesOutput(ctx, taskId, server) : null;
        DecisionFlagCheck flags = new DecisionFlagCheck(settings, server);
        OnWaitingHook onWaiting = settings.onWaiting == null ? null
                : new OnWaitingHook(settings.onWaiting, taskId, ctx, server, nextSteps(), command);
        AtomicReference<Task> lastSeen = new AtomicReference<>();
        FollowListener seen = new FollowListener() {
            @Override
            public void onStatus(Task task) {
                lastSeen.set(server.task(task));
            }
        };
        Thread interruptHint = new Thread(() -> {
            ctx.err().println();
            ctx.err().println(command + ": " + hints().interrupted(taskId, lastSeen.get()));
            ctx.err().flush();
        });
        boolean hookAdded = addShutdownHook(interruptHint);
        ScheduledFuture<?> ticker = ctx.env().isTerminal()
                ? scheduler.scheduleAtFixedRate(console::tick, 1, 1, TimeUnit.SECONDS) : null;
        FollowPlan plan = plan(onDecision);
        TaskFollower follower = TaskFollower.builder()
                .scheduler(scheduler)
                .budgets(new AccountBudgets(InstantSource.system()))
                .budgetSettings(plan.budget())
                .build();
        try {
            // The redactor keeps an echoed secret out of the saved state and the result.
            FollowOptions options = plan.options(decider, ctx::redact);
            FollowListener listener = FollowListener.all(new LiveOutput(console, ctx.verbose(), server, ctx.err(),
                    settings.giveUpAfter == null ? FollowOptions.DEFAULT_GIVE_UP_AFTER : settings.giveUpAfter),
                    transcript == null ? null : transcript.listener(), jsonLines, flags, decisions, seen,
                    quant == null ? null : quant.listener(), onWaiting);
            FollowHandle handle = created != null
                    ? follower.followCreated(client, created, request, state, options, listener, false)
                    : follower.follow(client, state, options, listener);
            FollowResult result;
            try {
                result = handle.result().join();
            } catch (CompletionException e) {
                closeQuietly(onWaiting);
                if (quant != null) {
                    quant.gaveUp(e);
                }
                console.close();
                Transcripts files = transcript == null ? null : transcript.closeUnfinished();
                unfinishedFiles = files;
                if (settings.jsonMode() != JsonMode.NONE) {
                    var json = ResultJson.failure(taskId, ErrorReporter.unwrap(e), files, server);
                    if (jsonLines != null) {
                        jsonLines.result(json);
                    } else {
                        ctx.printJson(json);
                    }
                }
                throw e;
            }
            closeQuietly(onWaiting); // what it prints comes before the result
            console.close();
            Transcripts files = transcript == null ? null : transcript.close(result);
            if (quant != null) {
                quant.ended(result, files);
            }
            flags.afterFollow().forEach(ctx.err()::println);
            return report(result, started, files, jsonLines);
        } finally {
            if (ticker != null) {
                ticker.cancel(false);
            }
            follower.close();
            scheduler.shutdownNow();
            if (decider != null) {
                decider.close();
            }
            closeQuietly(onWaiting);
            if (transcript != null) {
                transcript.closeQuietly();
            }
            if (hookAdded) {
                removeShutdownHook(interruptHint);
            }
        }
    }

    /**
     * The end of a follow in words and as an exit code. What the outcome means (the exit code, a stop, a rejection
     * under --fail-on-rejection, the error text, missing messages) is the engine's {@link OutcomeText}, shared with
     * the Jenkins step; the command chooses only where each line goes.
     */
    private int report(FollowResult result, Instant started, Transcripts files, JsonLinesOutput jsonLines) {
        OutcomeText.Report report = new OutcomeText(new CliOutcomeWords(server, nextSteps(), sandbox))
                .report(result, Duration.between(started, Instant.now()), settings.timeout, settings.failOnRejection);
        ExitStatus exit = ExitStatus.of(report.conclusion());
        PrintStream human = ctx.human();
        if (result.outcome() == FollowOutcome.FINISHED) {
            human.println(report.summary());
        } else if (result.outcome() == FollowOutcome.NEEDS_DECISION) {
            human.println(report.summary() + ":");
            for (PendingDecision pending : result.pending()) {
                // Masked before DecisionText cuts titles and questions to fit a line.
                PendingDecision p = server.decision(pending);
                human.println("  - " + DecisionText.summary(p));
                DecisionText.print(p, human, "      ");
            }
        }
        if (report.failure() != null) {
            errorLine(report.failure());
        }
        if (files != null) {
            human.println("Transcript: " + files.markdown() + " (also " + files.html().getFileName() + ", "
                    + files.jsonl().getFileName() + ")");
        }
        if (report.incomplete() != null) {
            // The outcome stands, but the results could not all be retrieved: never reported as plain success.
            errorLine(report.incomplete());
        }
        String problem = report.problem();
        if (summary != null) {
            StepSummary.append(summary, new StepSummary.Facts(result.state().taskId(), result.outcome().name(), exit.code(),
                    result.targetBranchName(), decisions.taken(), ctx.redact(result.lastAgentMessage()),
                    problem == null ? null : ctx.redact(problem), files), ctx);
        }
        if (jsonLines != null) {
            jsonLines.result(ResultJson.of(result, exit, files, server));
        } else if (settings.json) {
            ctx.printJson(ResultJson.of(result, exit, files, server));
        }
        return exit.code();
    }

    private void errorLine(String message) {
        ctx.err().println(command + ": " + TerminalText.oneLine(ctx.redact(message), 4000));
    }

    /** The follower's policies from the command's options (the same place builds them for the Jenkins steps). */
    private FollowPlan plan(OnDecision onDecision) {
        Fallback fallback = onDecision.fallback();
        return FollowPlan.builder()
                .pollInterval(settings.pollInterval)
                .maxPollInterval(settings.maxPollInterval)
                .requestsPerMinute(settings.requestsPerMinute(sandbox))
                .approveOnce(settings.approve)
                .approveForTask(settings.approveForTask)
                .reject(settings.reject)
                .answers(settings.answerMap())
                .fallback(fallback)
                .giveUpAfter(settings.giveUpAfter)
                .rules(settings.rules().rules())
                .decisionTimeout(settings.decisionTimeout)
                .onDecisionTimeout(settings.onDecisionTimeout)
                .build();
    }

    private static void closeQuietly(OnWaitingHook hook) {
        if (hook != null) {
            hook.close();
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "maia-follow-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static boolean addShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            return true;
        } catch (IllegalStateException | SecurityException e) {
            return false;
        }
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException | SecurityException e) {
            // the JVM is shutting down: the hook runs, which is what it is for
        }
    }
}
