package io.jenkins.plugins.maia.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.jenkins.plugins.maia.follower.follow.FollowPlan;
import io.jenkins.plugins.maia.follower.follow.FollowOutcome;
import io.jenkins.plugins.maia.follower.follow.FollowResult;
import io.jenkins.plugins.maia.follower.follow.FollowState;
import io.jenkins.plugins.maia.follower.follow.OutcomeText;
import io.jenkins.plugins.maia.follower.follow.TaskFollower;
import io.jenkins.plugins.maia.follower.follow.TaskLaunch;
import io.jenkins.plugins.maia.follower.transcript.Transcripts;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Follows one task for {@code run} and {@code watch}: wires the follower, the console, the prompt, the
 * transcript and the saved state together, and turns the outcome into an exit code, a summary and, with
 * {@code --json}, the result object.
 */
final class FollowSession {

    private final CliContext ctx;
    private final FollowSettings settings;
    private final String command;
    private final boolean sandbox;

    FollowSession(CliContext ctx, FollowSettings settings, String command, boolean sandbox) {
        this.ctx = ctx;
        this.settings = settings;
        this.command = command;
        this.sandbox = sandbox;
    }

    /** {@code maia run}: creates the task, then follows it. */
    int create(MaiaClient client, CreateTaskRequest request) {
        Instant started = Instant.now();
        ctx.debug("creating the task");
        // One attempt: the client looks for the task itself after an ambiguous failure, and a TaskMayExistException
        // ends the command (exit 1) with a message that says how to check; the CLI never creates a second time.
        CreatedTask created = TaskLaunch.create(client, request);
        ctx.human().println("Created task " + created.taskId() + " (" + created.status() + ")");
        return follow(client, created.taskId(), started, FollowState.start(created.taskId(), deadline(started)));
    }

    /** {@code maia watch}: follows an existing task, continuing a saved state from the transcript directory. */
    int watch(MaiaClient client, String taskId) {
        Instant started = Instant.now();
        Task task = client.getTask(taskId);
        FollowState state = TranscriptSession.savedState(settings.transcriptDir, task.taskId())
                .map(saved -> saved.withDeadline(deadline(started)))
                .orElseGet(() -> FollowState.start(task.taskId(), deadline(started)));
        ctx.human().println("Following task " + task.taskId() + " (" + TaskFormat.status(task) + ")");
        return follow(client, task.taskId(), started, state);
    }

    private Instant deadline(Instant started) {
        return settings.timeout == null ? null : started.plus(settings.timeout);
    }

    private int follow(MaiaClient client, String taskId, Instant started, FollowState state) {
        // One thread: this process follows one task, whose ticks are short (one bounded call each), and the prompt
        // waits on its own thread, so a second thread would only sit idle.
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, daemonThreads());
        LiveConsole console = new LiveConsole(ctx.human(), ctx.env().isTerminal(), started);
        OnDecision onDecision = settings.onDecision(ctx.env());
        ServerText server = ServerText.of(ctx);
        ConsoleDecider decider = onDecision == OnDecision.PROMPT
                ? new ConsoleDecider(console, ctx.in(), ctx.env().isTerminal(), server) : null;
        TranscriptSession transcript = settings.transcriptDir == null ? null
                : TranscriptSession.open(settings.transcriptDir, taskId, ctx.secrets());
        String hint = sandbox ? "interrupted; the --sandbox server stops with this command"
                : "interrupted; task " + taskId + " keeps running on the server. Follow it again with 'maia watch " + taskId + "'.";
        Thread interruptHint = new Thread(() -> {
            ctx.err().println();
            ctx.err().println(command + ": " + hint);
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
            FollowListener listener = FollowListener.all(new LiveOutput(console, ctx.verbose(), server), transcript == null ? null : transcript.listener());
            FollowHandle handle = follower.follow(client, state, options, listener);
            FollowResult result;
            try {
                result = handle.result().join();
            } catch (CompletionException e) {
                console.close();
                Transcripts files = transcript == null ? null : transcript.closeUnfinished();
                if (settings.json) {
                    ctx.out().println(JsonOutput.write(failureJson(taskId, ErrorReporter.unwrap(e), files)));
                }
                throw e;
            }
            console.close();
            Transcripts files = transcript == null ? null : transcript.close(result);
            return report(result, started, files);
        } finally {
            if (ticker != null) {
                ticker.cancel(false);
            }
            follower.close();
            scheduler.shutdownNow();
            if (decider != null) {
                decider.close();
            }
            if (transcript != null) {
                transcript.closeQuietly();
            }
            if (hookAdded) {
                removeShutdownHook(interruptHint);
            }
        }
    }

    private int report(FollowResult result, Instant started, Transcripts files) {
        Duration elapsed = Duration.between(started, Instant.now());
        PrintStream human = ctx.human();
        ServerText server = ServerText.of(ctx);
        OutcomeText text = new OutcomeText(new CliOutcomeWords(server, sandbox, settings.transcriptDir));
        ExitStatus exit = switch (result.outcome()) {
            case FINISHED -> ExitStatus.OK;
            case NEEDS_DECISION -> ExitStatus.NEEDS_DECISION;
            case ERRORED -> ExitStatus.TASK_ERRORED;
            case TIMED_OUT -> ExitStatus.TIMED_OUT;
            case STOPPED_ON_REQUEST -> ExitStatus.API_FAILURE;
        };
        if (result.outcome() == FollowOutcome.FINISHED) {
            human.println(text.summary(result, elapsed));
        } else if (result.outcome() == FollowOutcome.NEEDS_DECISION) {
            human.println(text.summary(result, elapsed) + ":");
            for (PendingDecision p : result.pending()) {
                // Masked before DecisionText cuts titles and questions to fit a line.
                PendingDecision shown = server.decision(p);
                human.println("  - " + DecisionText.summary(shown));
                DecisionText.print(shown, human, "      ");
            }
        }
        text.failure(result, elapsed, settings.timeout).ifPresent(this::errorLine);
        if (files != null) {
            human.println("Transcript: " + files.markdown() + " (also " + files.html().getFileName() + ", "
                    + files.jsonl().getFileName() + ")");
        }
        if (!OutcomeText.succeeded(result) && exit == ExitStatus.OK) {
            // The outcome stands, but the results could not all be retrieved: never report that as plain success.
            exit = ExitStatus.API_FAILURE;
        }
        text.incomplete(result).ifPresent(this::errorLine);
        if (settings.json) {
            ctx.out().println(JsonOutput.write(resultJson(result, exit, files)));
        }
        return exit.code();
    }

    private void errorLine(String message) {
        ctx.err().println(command + ": " + TerminalText.oneLine(ctx.redact(message), 4000));
    }

    private ObjectNode resultJson(FollowResult result, ExitStatus exit, Transcripts files) {
        ObjectNode json = JsonOutput.object();
        json.put("taskId", result.state().taskId());
        json.put("status", result.task() == null || result.task().status() == null ? null : result.task().status().name());
        json.put("outcome", result.outcome().name());
        json.put("exitCode", exit.code());
        json.put("targetBranchName", result.targetBranchName());
        putTranscripts(json, files);
        ArrayNode pending = json.putArray("pendingDecisions");
        for (PendingDecision p : result.pending()) {
            ObjectNode node = pending.addObject();
            node.put("type", p.type());
            node.put("toolName", p.toolName());
            node.put("toolId", p.toolId());
            node.put("title", p.permissionMessage() == null ? null : p.permissionMessage().title());
        }
        json.put("lastAgentMessage", ctx.redact(result.lastAgentMessage()));
        json.put("detail", ctx.redact(result.detail()));
        json.put("messagesComplete", result.messagesComplete());
        return json;
    }

    private ObjectNode failureJson(String taskId, Throwable failure, Transcripts files) {
        ObjectNode json = JsonOutput.object();
        json.put("taskId", taskId);
        json.putNull("status");
        json.put("outcome", "FAILED");
        json.put("exitCode", ExitStatus.API_FAILURE.code());
        json.putNull("targetBranchName");
        putTranscripts(json, files);
        json.put("error", ctx.redact(failure.getMessage()));
        return json;
    }

    private static void putTranscripts(ObjectNode json, Transcripts files) {
        if (files == null) {
            json.putNull("transcripts");
            return;
        }
        ObjectNode t = json.putObject("transcripts");
        t.put("jsonl", files.jsonl().toAbsolutePath().toString());
        t.put("markdown", files.markdown().toAbsolutePath().toString());
        t.put("html", files.html().toAbsolutePath().toString());
    }

    /** The follower's policies from the command's options (the same place builds them for the Jenkins steps). */
    private FollowPlan plan(OnDecision onDecision) {
        Fallback fallback = switch (onDecision) {
            case PROMPT -> Fallback.ASK;
            case FAIL -> Fallback.PAUSE;
            case REJECT -> Fallback.REJECT;
        };
        return FollowPlan.builder()
                .pollInterval(settings.pollInterval)
                .maxPollInterval(settings.maxPollInterval)
                .requestsPerMinute(settings.requestsPerMinute(sandbox))
                .approveOnce(settings.approve)
                .approveForTask(settings.approveForTask)
                .reject(settings.reject)
                .answers(settings.answerMap())
                .fallback(fallback)
                .build();
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
