package io.jenkins.plugins.maia.agenttasks.task;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.maia.agenttasks.action.MaiaTaskAction;
import io.jenkins.plugins.maia.agenttasks.approval.InputAnswers;
import io.jenkins.plugins.maia.agenttasks.approval.InputRequest;
import io.jenkins.plugins.maia.agenttasks.approval.PausedFollow;
import io.jenkins.plugins.maia.agenttasks.archive.TranscriptArchiver;
import io.jenkins.plugins.maia.follower.budget.AccountBudgets;
import io.jenkins.plugins.maia.follower.budget.BudgetSettings;
import io.jenkins.plugins.maia.client.MaiaClient;
import io.jenkins.plugins.maia.client.MaiaException;
import io.jenkins.plugins.maia.client.model.CreatedTask;
import io.jenkins.plugins.maia.client.model.Decision;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.QuestionAnswer;
import io.jenkins.plugins.maia.client.model.QuestionDecision;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskEvent;
import io.jenkins.plugins.maia.client.model.ToolDecision;
import io.jenkins.plugins.maia.agenttasks.config.FollowSettings;
import io.jenkins.plugins.maia.agenttasks.config.MaiaGlobalConfiguration;
import io.jenkins.plugins.maia.agenttasks.connection.MaiaConnector;
import io.jenkins.plugins.maia.follower.decision.DecisionView;
import io.jenkins.plugins.maia.follower.decision.Fallback;
import io.jenkins.plugins.maia.follower.decision.HumanAnswer;
import io.jenkins.plugins.maia.follower.decision.HumanDecider;
import io.jenkins.plugins.maia.follower.follow.FollowHandle;
import io.jenkins.plugins.maia.follower.follow.FollowListener;
import io.jenkins.plugins.maia.follower.follow.FollowOptions;
import io.jenkins.plugins.maia.follower.follow.FollowOutcome;
import io.jenkins.plugins.maia.follower.follow.FollowResult;
import io.jenkins.plugins.maia.follower.follow.FollowState;
import io.jenkins.plugins.maia.follower.event.MessageText;
import io.jenkins.plugins.maia.follower.follow.PollingPolicy;
import io.jenkins.plugins.maia.follower.follow.TaskLaunch;
import io.jenkins.plugins.maia.follower.transcript.Redactor;
import io.jenkins.plugins.maia.follower.transcript.TranscriptWriter;
import io.jenkins.plugins.maia.follower.transcript.Transcripts;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.util.SystemProperties;
import jenkins.util.Timer;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * One step's work against Maia, shared by the Pipeline steps and the freestyle build step: launch (create a
 * task, send a follow-up, or hand over a human's answers), then follow the task with the controller's
 * {@link SharedFollower} and report. Everything runs on Jenkins' {@link Timer} threads; nothing here blocks a
 * CPS thread or holds an executor.
 *
 * <p>This is glue. Polling, backoff, the rate budget, decisions by policy, message de-duplication and the
 * transcript format are the follower's; this class connects them to a build: console, build page, saved state,
 * artifacts, and the step's end.
 */
@Restricted(NoExternalUse.class)
public final class TaskRun {

    private static final Logger LOGGER = Logger.getLogger(TaskRun.class.getName());

    /**
     * Fixed polling interval in milliseconds instead of the configured seconds (tests, diagnosis); 0 = off.
     * {@code -Dio.jenkins.plugins.maia.task.TaskRun.pollMillis=200}
     */
    static long pollMillisOverride() {
        return SystemProperties.getLong(TaskRun.class.getName() + ".pollMillis", 0L);
    }
    /** How long an aborted step waits for the task to confirm its stop before it fails anyway. */
    static final Duration STOP_GRACE = FollowOptions.DEFAULT_STOP_GRACE;

    /** What the step or build step running this provides. Called on timer threads. */
    public interface Host {
        Run<?, ?> run() throws IOException, InterruptedException;

        TaskListener listener() throws IOException, InterruptedException;

        /**
         * The progress moved on: keep it. {@code durable} asks to wait until it is safely stored (before a create
         * call, whose repetition would start a second agent).
         */
        void progressed(TaskProgress progress, boolean durable);

        /** The end; called exactly once. */
        void ended(TaskEnd end);
    }

    private final Host host;
    private final Launch launch;
    private volatile TaskProgress progress;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean stopApplied = new AtomicBoolean();
    private volatile FollowHandle handle;
    private volatile Throwable stopCause;
    private volatile MaiaConnector.Connection connection;
    private volatile TranscriptWriter transcript;

    public TaskRun(Host host, Launch launch, TaskProgress progress) {
        this.host = host;
        this.launch = launch;
        this.progress = progress;
    }

    /** Starts the work on Jenkins' timer and returns at once. */
    public void begin() {
        Timer.get().submit(this::launchAndFollow);
    }

    /** A one-line state for the Pipeline's thread dump and the step's status. */
    public String status() {
        TaskProgress p = progress;
        if (p.taskId() == null) {
            return p.createRequestedAt() == null ? "connecting to Maia" : "creating a Maia task";
        }
        FollowState s = p.state();
        return "following Maia task " + p.taskId() + (s == null || s.lastStatus() == null ? "" : " (" + s.lastStatus()
                + ", " + s.cursor().delivered() + " messages)");
    }

    /**
     * The build is aborted: stop the task (when {@code stopOnAbort}) and wait for its confirmation, bounded by the
     * follower's stop grace, then fail with {@code cause}. Without {@code stopOnAbort} the task is left running.
     */
    public void stop(Throwable cause) {
        stopCause = cause;
        FollowHandle h = handle;
        if (h != null) {
            applyStop(h);
        }
        // Whatever happens remotely, the step ends within a bounded time.
        Timer.get().schedule(() -> end(TaskEnd.failed(cause)), STOP_GRACE.toSeconds() + 15, TimeUnit.SECONDS);
    }

    private void applyStop(FollowHandle h) {
        if (!stopApplied.compareAndSet(false, true)) {
            return;
        }
        TaskOptions options = progress.options();
        if (options == null || options.stopOnAbort()) {
            log("Maia: build aborted, stopping task " + h.taskId() + " (waiting up to " + STOP_GRACE.toSeconds()
                    + " s for it to stop)");
            h.stop();
        } else {
            log("Maia: build aborted; task " + h.taskId() + " keeps running (stopOnAbort: false)");
            h.detach();
        }
    }

    private void launchAndFollow() {
        try {
            if (stopCause != null) {
                end(TaskEnd.failed(stopCause));
                return;
            }
            Run<?, ?> run = host.run();
            if (launch instanceof Launch.Answer answer && !progress.launched()) {
                takeOverPausedFollow(run, answer);
            }
            TaskOptions options = progress.options();
            connection = MaiaConnector.connect(run, options.connection());
            MaiaClient client = connection.client();
            FollowSettings settings = MaiaGlobalConfiguration.get().followDefaults();
            BudgetSettings budgetSettings = new BudgetSettings(settings.requestsPerMinute(), settings.burst());
            MaiaClient budgeted = client.withBudget(AccountBudgets.shared().forAccount(client.accountKey(),
                    budgetSettings));
            if (!progress.launched()) {
                launch(run, budgeted);
            }
            String taskId = progress.taskId();
            MaiaTaskAction.of(run).started(taskId, client.baseUrl());
            if (options.transcript()) {
                transcript = TranscriptWriter.open(TaskFiles.taskDir(run, taskId), taskId, connection.redactor());
            }
            // The connection's redactor also masks what the follow keeps: the step's saved state and its result.
            FollowOptions followOptions = new FollowOptions(polling(settings), options.decisionPolicy(), null,
                    STOP_GRACE).withRedactor(connection.redactor());
            if (launch instanceof Launch.Answer && progress.answers() != null) {
                followOptions = followOptions
                        .withDecisions(options.decisionPolicy().withFallback(Fallback.ASK))
                        .withHumanDecider(new AnsweredByHuman(progress.answers()));
            }
            FollowListener listener = FollowListener.all(new BuildListener(run, taskId), transcript);
            FollowHandle h = SharedFollower.get().follow(client, progress.state(), followOptions, listener);
            handle = h;
            if (stopCause != null) {
                applyStop(h);
            }
            h.result().whenComplete((result, error) -> followEnded(taskId, result, error));
        } catch (Throwable t) {
            // Whatever went wrong, the step must end: a timer thread has no one to rethrow to.
            closeTranscriptQuietly();
            end(TaskEnd.failed(asStepFailure(t)));
        }
    }

    /** Creates the task or sends the follow-up; saves the progress as it goes. */
    private void launch(Run<?, ?> run, MaiaClient budgeted) throws IOException, InterruptedException {
        if (launch instanceof Launch.CreateTask create) {
            Instant requestedAt = progress.createRequestedAt();
            CreatedTask created;
            if (requestedAt == null) {
                // First attempt: the time is stored durably before the call, so a restart knows one may have been made.
                requestedAt = Instant.now();
                progress = progress.createRequested(requestedAt);
                host.progressed(progress, true);
                created = TaskLaunch.create(budgeted, create.toRequest());
            } else {
                // An earlier attempt may have reached Maia before the controller restarted: look for its task first.
                created = TaskLaunch.resume(budgeted, create.toRequest(), requestedAt);
            }
            progress = progress.launched(created.taskId(), FollowState.start(created.taskId(), progress.deadline()));
            host.progressed(progress, true);
            log("Maia: task " + created.taskId() + " created (" + create.mode() + " mode, project "
                    + create.projectId() + ")");
        } else if (launch instanceof Launch.FollowUp followUp) {
            FollowState base = lastState(run, followUp.taskId());
            FollowState start = base == null ? FollowState.start(followUp.taskId(), progress.deadline())
                    : base.withDeadline(progress.deadline());
            Instant sentAt = Instant.now();
            budgeted.sendMessage(followUp.taskId(), followUp.toMessage());
            progress = progress.launched(followUp.taskId(), start.expectingProgress(sentAt));
            host.progressed(progress, true);
            log("Maia: follow-up sent to task " + followUp.taskId()
                    + (base == null ? " (its earlier messages are shown too)" : ""));
        }
    }

    /**
     * A resume step takes over the options, state and remaining time of the follow this build paused, then
     * forgets the pause (a second resume must not answer again). From here the answers go through the follower.
     */
    private void takeOverPausedFollow(Run<?, ?> run, Launch.Answer answer) throws IOException {
        String taskId = answer.taskId();
        PausedFollow paused = PausedFollow.load(run, taskId);
        Instant deadline = paused.deadlineRemainingMillis() == null ? null
                : Instant.now().plusMillis(Math.max(0, paused.deadlineRemainingMillis()));
        FollowState state;
        try {
            state = FollowState.decode(paused.followState()).withDeadline(deadline);
        } catch (IllegalArgumentException e) {
            throw new AbortException("Maia: the saved state of task " + taskId + " cannot be read (" + e.getMessage()
                    + "); continue the task with maiaAgentMessage.");
        }
        String by = answer.decidedBy() == null ? "unknown user" : answer.decidedBy();
        List<Launch.AnsweredDecision> answers = InputAnswers.map(paused.fields(), answer.values(), by);
        progress = new TaskProgress(paused.options(), deadline, null, taskId, true, state.encode(), answers);
        host.progressed(progress, true);
        PausedFollow.delete(run, taskId);
        log("Maia: continuing task " + taskId + " with " + answers.size() + " answer(s) from " + by);
    }

    private void followEnded(String taskId, @CheckForNull FollowResult result, @CheckForNull Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof CancellationException && stopCause == null && SharedFollower.isShuttingDown()) {
            // Detached for a controller shutdown: the step continues from its saved state after the restart.
            closeTranscriptQuietly();
            return;
        }
        try {
            Run<?, ?> run = host.run();
            TaskListener listener = host.listener();
            List<String> artifacts = finishTranscript(run, taskId, result, listener);
            if (result != null) {
                saveLastState(run, taskId, result.state());
            }
            TaskEnd end;
            try {
                end = decide(run, taskId, result, cause, artifacts);
            } catch (IOException e) {
                end = TaskEnd.failed(asStepFailure(e));
            }
            MaiaTaskAction.of(run).ended(taskId, result == null ? null : StepResult.status(result),
                    result == null ? "FAILED" : result.outcome().name(),
                    result == null ? String.valueOf(cause) : result.detail(),
                    result == null ? null : result.targetBranchName(), artifacts);
            end(end);
        } catch (Throwable t) {
            end(TaskEnd.failed(asStepFailure(t)));
        }
    }

    /** Turns the follow's outcome into the step's end (a result, or a failure that says what to do). */
    private TaskEnd decide(Run<?, ?> run, String taskId, @CheckForNull FollowResult result,
            @CheckForNull Throwable error, List<String> artifacts) throws IOException {
        TaskOptions options = progress.options();
        if (stopCause != null) {
            if (result != null && result.outcome() == FollowOutcome.STOPPED_ON_REQUEST) {
                log("Maia: task " + taskId + (result.stopConfirmed() ? " stopped" : " was asked to stop; it did not "
                        + "confirm within " + STOP_GRACE.toSeconds() + " s"));
            }
            return TaskEnd.failed(stopCause);
        }
        if (error != null || result == null) {
            return TaskEnd.failed(asStepFailure(error == null ? new IllegalStateException("no result") : error));
        }
        String detail = result.detail().isBlank() ? "" : " " + result.detail();
        if (!result.messagesComplete()) {
            // The outcome stands, but say so rather than let a short transcript pass for the whole story.
            log("Maia: the last messages of task " + taskId + " could not be read (" + result.unreadReason()
                    + "), so this log and the transcript miss them. They stay readable in the Maia UI or with "
                    + "'maia task messages " + taskId + "'.");
        }
        switch (result.outcome()) {
            case FINISHED:
                log("Maia: task " + taskId + " finished" + (result.targetBranchName() == null ? ""
                        : " (target branch " + result.targetBranchName() + ")"));
                return TaskEnd.completed(StepResult.of(taskId, result, artifacts, null));
            case NEEDS_DECISION:
                if (options.onDecision() == OnDecision.INPUT) {
                    InputRequest input = InputRequest.of(taskId, result.pending(), options.submitter());
                    Long remaining = progress.deadline() == null ? null
                            : Duration.between(Instant.now(), progress.deadline()).toMillis();
                    new PausedFollow(taskId, options, result.state().encode(), System.currentTimeMillis(), remaining,
                            input.fields()).save(run);
                    log("Maia: task " + taskId + " waits for " + result.pending().size() + " decision(s); asking for "
                            + "Jenkins input " + input.id() + ". The agent's timeout does not run while it waits.");
                    return TaskEnd.completed(StepResult.of(taskId, result, artifacts, input));
                }
                return TaskEnd.failed(new AbortException("Maia: task " + taskId + " waits for decisions that the "
                        + "step's rules do not settle (onDecision: " + options.onDecision().value() + "):\n"
                        + describePending(result.pending()) + "\nThe task stays paused. Add the tools to approveTools "
                        + "or rejectTools, use onDecision: 'input' in a Pipeline, or answer in the Maia UI and "
                        + "continue with maiaAgentMessage."));
            case ERRORED:
                return TaskEnd.failed(new AbortException("Maia: task " + taskId + " ended with status ERRORED." + detail
                        + (result.lastAgentMessage() == null ? "" : "\nLast agent message: "
                                + connection.redactor().redact(result.lastAgentMessage()))
                        + "\nSee the transcript (" + String.join(", ", artifacts) + ") for the full history."));
            case TIMED_OUT:
                String stopped = "";
                if (options.stopOnAbort()) {
                    try {
                        connection.client().stopTask(taskId);
                        stopped = " It was asked to stop.";
                    } catch (MaiaException e) {
                        stopped = " Asking it to stop failed: " + e.getMessage();
                    }
                }
                return TaskEnd.failed(new AbortException("Maia: task " + taskId + " did not finish within "
                        + options.timeoutMinutes() + " minute(s) (timeout)." + stopped));
            case STOPPED_ON_REQUEST:
            default:
                return TaskEnd.failed(new AbortException("Maia: following task " + taskId + " ended: "
                        + result.outcome() + "." + detail));
        }
    }

    private List<String> finishTranscript(Run<?, ?> run, String taskId, @CheckForNull FollowResult result,
            TaskListener listener) {
        TranscriptWriter writer = transcript;
        if (writer == null) {
            return List.of();
        }
        transcript = null;
        try {
            Transcripts files;
            if (result != null) {
                files = writer.close(result);
            } else {
                writer.close();
                files = TranscriptWriter.render(TaskFiles.taskDir(run, taskId), taskId);
            }
            return TranscriptArchiver.archive(run, files, listener);
        } catch (IOException e) {
            log("Maia: the transcript of task " + taskId + " could not be archived: " + e.getMessage());
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    private void closeTranscriptQuietly() {
        TranscriptWriter writer = transcript;
        transcript = null;
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                LOGGER.log(Level.FINE, "closing a Maia transcript", e);
            }
        }
    }

    /** Keeps the final follow state, so a later maiaAgentMessage in this build does not repeat old messages. */
    private static void saveLastState(Run<?, ?> run, String taskId, FollowState state) {
        try {
            Path dir = TaskFiles.taskDir(run, taskId);
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("last-state.json"), state.encode(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOGGER.log(Level.FINE, "cannot keep the last follow state of " + taskId, e);
        }
    }

    private static @CheckForNull FollowState lastState(Run<?, ?> run, String taskId) {
        try {
            Path file = TaskFiles.taskDir(run, taskId).resolve("last-state.json");
            return Files.isRegularFile(file) ? FollowState.decode(Files.readString(file, StandardCharsets.UTF_8))
                    : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private void end(TaskEnd end) {
        if (ended.compareAndSet(false, true)) {
            host.ended(end);
        }
    }

    /** An exception whose message is fit for the console: never a stack trace for an expected failure. */
    private Throwable asStepFailure(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (cause instanceof AbortException || cause instanceof InterruptedException) {
            return cause;
        }
        if (cause instanceof MaiaException) {
            String task = progress.taskId() == null ? "" : " (task " + progress.taskId() + ")";
            return new AbortException("Maia" + task + ": " + redact(cause.getMessage()));
        }
        return cause;
    }

    private static PollingPolicy polling(FollowSettings settings) {
        long override = pollMillisOverride();
        if (override > 0) {
            return PollingPolicy.fixed(Duration.ofMillis(override));
        }
        return new PollingPolicy(Duration.ofSeconds(settings.pollInitialSeconds()), 1.5,
                Duration.ofSeconds(settings.pollMaxSeconds()));
    }

    private String redact(String text) {
        MaiaConnector.Connection c = connection;
        Redactor r = c == null ? Redactor.headersOnly() : c.redactor();
        return r.redact(text);
    }

    private void log(String line) {
        try {
            host.listener().getLogger().println(redact(line));
        } catch (IOException | InterruptedException e) {
            LOGGER.log(Level.FINE, "no console for: " + line, e);
        }
    }

    static String describePending(List<PendingDecision> pending) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (PendingDecision p : pending) {
            sb.append(sb.length() == 0 ? "" : "\n").append(++n).append(". ").append(DecisionView.of(p).describe());
        }
        return sb.toString();
    }

    static String describeDecision(Decision d) {
        if (d instanceof ToolDecision t) {
            if (!t.approved()) {
                return "rejected";
            }
            return t.scope() == io.jenkins.plugins.maia.client.model.DecisionScope.CONVERSATION
                    ? "approved for the rest of the task" : "approved once";
        }
        if (d instanceof QuestionDecision q) {
            List<String> parts = new ArrayList<>();
            for (QuestionAnswer a : q.answers()) {
                parts.add((a.questionIndex() + 1) + ": " + String.join(", ", a.selectedOptions()));
            }
            return "answered (" + String.join("; ", parts) + ")";
        }
        return "answered";
    }

    /** Streams the follow to the console and the build page. */
    private final class BuildListener implements FollowListener {
        private final Run<?, ?> run;
        private final String taskId;

        BuildListener(Run<?, ?> run, String taskId) {
            this.run = run;
            this.taskId = taskId;
        }

        @Override
        public void onEvent(TaskEvent event) {
            print(MessageText.of(event).consoleLine());
        }

        @Override
        public void onStatus(Task task) {
            String status = task.status() == null ? "UNKNOWN" : task.status().name();
            if (task.isPaused()) {
                status += " (waiting for " + task.pendingDecisions().size() + " decision(s))";
            }
            print("Maia: task " + taskId + " is " + status);
            MaiaTaskAction.of(run).status(taskId, status,
                    task.agentConfig() == null ? null : task.agentConfig().targetBranchName());
        }

        @Override
        public void onDecision(PendingDecision pending, Decision decision, String decidedBy) {
            String what = pending.isQuestion() ? "question" : "tool " + pending.toolName();
            print("Maia: " + what + " " + describeDecision(decision) + " by " + decidedBy);
        }

        @Override
        public void onStateChanged(FollowState state) {
            progress = progress.withState(state);
            host.progressed(progress, false);
        }

        private void print(String line) {
            try {
                PrintStream out = host.listener().getLogger();
                out.println(redact(line));
            } catch (IOException | InterruptedException e) {
                LOGGER.log(Level.FINE, "no console for Maia task " + taskId, e);
            }
        }
    }

    /**
     * The follower's human decider for a resumed follow: the answers a human gave in the Jenkins input, by
     * decision id. A decision the human was not asked about gets no answer, so the follow pauses again and the
     * Pipeline asks again.
     */
    private static final class AnsweredByHuman implements HumanDecider {
        private final Map<String, Launch.AnsweredDecision> byId = new java.util.HashMap<>();

        AnsweredByHuman(List<Launch.AnsweredDecision> answers) {
            for (Launch.AnsweredDecision a : answers) {
                byId.put(a.toolId(), a);
            }
        }

        @Override
        public CompletableFuture<Decision> decide(PendingDecision pending, DecisionView view) {
            Launch.AnsweredDecision a = byId.get(pending.toolId());
            return CompletableFuture.completedFuture(a == null ? null : a.toHumanAnswer().decision());
        }

        @Override
        public CompletableFuture<HumanAnswer> answer(PendingDecision pending, DecisionView view) {
            Launch.AnsweredDecision a = byId.get(pending.toolId());
            return CompletableFuture.completedFuture(a == null ? null : a.toHumanAnswer());
        }
    }
}
