package io.jenkins.plugins.maia.agenttasks.task;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.maia.agenttasks.action.MaiaTaskAction;
import io.jenkins.plugins.maia.agenttasks.approval.AnsweredDecision;
import io.jenkins.plugins.maia.agenttasks.connection.MaiaConnector;
import io.jenkins.plugins.maia.agenttasks.controller.MaiaController;
import io.jenkins.plugins.maia.agenttasks.options.TaskOptions;
import io.jenkins.plugins.maia.agenttasks.quant.TaskMirror;
import io.jenkins.plugins.maia.client.MaiaClient;
import io.jenkins.plugins.maia.client.MaiaException;
import io.jenkins.plugins.maia.client.ScheduledMaiaClient;
import io.jenkins.plugins.maia.follower.budget.AccountBudget;
import io.jenkins.plugins.maia.follower.follow.FollowHandle;
import io.jenkins.plugins.maia.follower.follow.FollowListener;
import io.jenkins.plugins.maia.follower.follow.FollowOptions;
import io.jenkins.plugins.maia.follower.follow.FollowPlan;
import io.jenkins.plugins.maia.follower.follow.FollowResult;
import io.jenkins.plugins.maia.follower.follow.FollowState;
import io.jenkins.plugins.maia.follower.follow.TaskFollower;
import io.jenkins.plugins.maia.follower.transcript.Redactor;
import io.jenkins.plugins.maia.follower.transcript.TranscriptWriter;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * One step's work against Maia, shared by the Pipeline steps and the freestyle build step: launch ({@link
 * TaskLauncher}), follow the task with the controller's follower, and end the step ({@link StepOutcomes} decides
 * how, this class carries it out). Everything runs on the Maia threads ({@link MaiaController}); nothing here
 * blocks a CPS thread, a Jenkins shared thread, or holds an executor.
 *
 * <p>This is glue. Polling, backoff, the rate budget, decisions by policy, message de-duplication and the
 * transcript format are the follower's; this class connects them to a build: console, build page, saved state,
 * artifacts, and the step's end.
 */
@Restricted(NoExternalUse.class)
public final class TaskRun {

    private static final Logger LOGGER = Logger.getLogger(TaskRun.class.getName());

    // Set at construction.
    private final TaskHost host;
    private final Launch launch;
    private final TaskLauncher launcher;

    // Written on the Maia threads, read by the step's status on any thread.
    private volatile TaskProgress progress;

    // Written by stop() on whatever thread aborts the build (CPS VM thread), read on the Maia threads.
    private volatile Throwable stopCause;
    private final AtomicBoolean stopApplied = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();

    // The follow's resources: set on the Maia thread that launches, then read by the follow's callbacks.
    private volatile FollowHandle handle;
    private volatile MaiaConnector.Connection connection;
    private volatile ScheduledMaiaClient calls;
    private final StepTranscript transcript = new StepTranscript();
    private volatile TaskMirror quant = TaskMirror.NONE;
    /** Tokens of the account's budget held back for a graph's calls while this task, which others wait on, runs. */
    private volatile AccountBudget.Hold budgetHold;

    public TaskRun(TaskHost host, Launch launch, TaskProgress progress) {
        this.host = host;
        this.launch = launch;
        this.progress = progress;
        this.launcher = new TaskLauncher(host, this::log);
    }

    /**
     * Starts the work on a Maia thread and returns at once. While the controller shuts down nothing starts: the
     * step continues from its saved state after the restart.
     *
     * @return false when nothing started because the controller is shutting down
     */
    public boolean begin() {
        boolean started = MaiaController.execute(this::launchAndFollow);
        if (!started) {
            LOGGER.fine("controller shutting down; a Pipeline's Maia step continues after the restart");
        }
        return started;
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
        if (MaiaController.schedule(() -> end(TaskEnd.failed(cause)),
                FollowSetup.STOP_GRACE.plusSeconds(15)) == null) {
            end(TaskEnd.failed(cause));
        }
    }

    private void applyStop(FollowHandle h) {
        if (!stopApplied.compareAndSet(false, true)) {
            return;
        }
        TaskOptions options = progress.options();
        if (options == null || options.stopOnAbort() || launch instanceof Launch.Abandon a && a.stopAnyway()) {
            log("Maia: " + (launch instanceof Launch.Abandon a ? a.reason() : "build aborted") + ", stopping task "
                    + h.taskId() + " (waiting up to " + FollowSetup.STOP_GRACE.toSeconds() + " s for it to stop)");
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
            if (!progress.launched() && (launch instanceof Launch.Answer || launch instanceof Launch.Abandon)) {
                TaskLauncher.TakenOver taken = launcher.takeOver(run, taskId(launch), launch);
                if (taken.askAgain() != null) {
                    end(TaskEnd.completed(taken.askAgain())); // another person must approve: a new input
                    return;
                }
                progress = taken.progress();
            }
            TaskOptions options = progress.options();
            boolean launchedBefore = progress.launched();
            if (launch instanceof Launch.Abandon abandon && abandon.keepsPaused(options.stopOnAbort())) {
                leavePaused(run, abandon);
                return;
            }
            connection = MaiaConnector.connect(run, options.connection());
            MaiaClient client = connection.client();
            TaskFollower follower = MaiaController.follower();
            if (follower == null) {
                return; // shutting down: the step continues from its saved state after the restart
            }
            FollowPlan plan = FollowSetup.plan(options, MaiaController.defaults().followDefaults());
            // The account's budget takes the configured rate before any call: launches and follows share it.
            follower.budget(client.accountKey(), plan.budget());
            calls = host.inGraph() ? follower.priorityCalls(client) : follower.calls(client);
            if (host.awaitedInGraph() && budgetHold == null) {
                budgetHold = follower.holdBackForFirst(client);
            }
            CompletableFuture<TaskLauncher.Launched> launched = progress.launched()
                    ? CompletableFuture.completedFuture(new TaskLauncher.Launched(progress, null, null))
                    : launcher.launch(run, launch, progress, calls);
            launched.whenComplete((l, error) -> {
                if (error != null) {
                    end(TaskEnd.failed(asStepFailure(error)));
                    return;
                }
                progress = l.progress();
                follow(run, follower, client, plan, options, launchedBefore, l);
            });
        } catch (Throwable t) {
            // Whatever went wrong, the step must end: a Maia thread has no one to rethrow to.
            transcript.closeQuietly();
            end(TaskEnd.failed(asStepFailure(t)));
        }
    }

    /**
     * Follows the launched task with the controller's follower until it ends; a task this launch created is followed
     * from the create's answer (no first read of its own, see {@code TaskFollower.followCreated}).
     */
    private void follow(Run<?, ?> run, TaskFollower follower, MaiaClient client, FollowPlan plan,
            TaskOptions options, boolean launchedBefore, TaskLauncher.Launched launched) {
        try {
            String taskId = progress.taskId();
            MaiaTaskAction.of(run).started(taskId, client.baseUrl());
            TranscriptWriter writer = options.transcript() ? transcript.open(run, taskId, connection.redactor()) : null;
            List<AnsweredDecision> answers = progress.answers();
            List<String> answering = launch instanceof Launch.Answer && answers != null
                    ? answers.stream().map(AnsweredDecision::toolId).toList() : List.of();
            quant = StepMirror.attach(run, host, launch, progress, launchedBefore, connection.redactor(), this::log);
            FollowListener listener = FollowListener.all(new BuildConsole(run, taskId, this::log, this::stateChanged,
                    answering), writer, quant.listener());
            FollowOptions followOptions = FollowSetup.options(plan, connection.redactor(),
                    launch instanceof Launch.Answer ? progress.answers() : null);
            boolean awaited = host.awaitedInGraph();
            FollowHandle h = launched.created() != null
                    ? follower.followCreated(client, launched.created(), launched.request(), progress.state(),
                            followOptions, listener, awaited)
                    : awaited ? follower.followAwaited(client, progress.state(), followOptions, listener)
                    : follower.follow(client, progress.state(), followOptions, listener);
            handle = h;
            if (stopCause != null || launch instanceof Launch.Abandon) {
                applyStop(h);
            }
            h.result().whenComplete((result, error) -> followEnded(taskId, result, error));
        } catch (Throwable t) {
            transcript.closeQuietly();
            end(TaskEnd.failed(asStepFailure(t)));
        }
    }

    /** The input ended unanswered and {@code stopOnAbort} is false: the task stays paused in Maia. */
    private void leavePaused(Run<?, ?> run, Launch.Abandon abandon) {
        String taskId = abandon.taskId();
        String why = abandon.after() == Launch.AfterInput.KEEP_PAUSED ? "" : " (stopOnAbort: false)";
        log("Maia: " + abandon.reason() + "; task " + taskId + " stays paused" + why + ". Answer it in the Maia UI and "
                + "continue it with maiaAgentMessage.");
        MaiaTaskAction.of(run).ended(taskId, null, "NEEDS_DECISION", abandon.reason() + "; the task was left paused"
                + why, null, List.of());
        end(TaskEnd.completed(StepResult.abandoned(taskId, "NEEDS_DECISION")));
    }

    private void stateChanged(FollowState state) {
        progress = progress.withState(state);
        host.progressed(progress, false);
    }

    private void followEnded(String taskId, @CheckForNull FollowResult result, @CheckForNull Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof CancellationException && stopCause == null && MaiaController.isShuttingDown()) {
            // Detached for a controller shutdown: the step continues from its saved state after the restart.
            transcript.closeQuietly();
            return;
        }
        try {
            Run<?, ?> run = host.run();
            List<String> artifacts = transcript.finish(run, taskId, result, host.listener(), this::log);
            if (result == null) {
                quant.gaveUp(String.valueOf(cause));
                MaiaTaskAction.of(run).ended(taskId, null, "FAILED", String.valueOf(cause), null, artifacts);
                end(TaskEnd.failed(asStepFailure(cause == null ? new IllegalStateException("no result") : cause)));
                return;
            }
            BuildTaskFiles files = BuildTaskFiles.of(run, taskId);
            saveLastState(files, result.state());
            boolean abandoned = launch instanceof Launch.Abandon;
            StepOutcome outcome = StepOutcomes.decide(taskId, result, progress.options(),
                    stopCause != null || abandoned, FollowSetup.STOP_GRACE, artifacts, connection.redactor(),
                    progress.rejectedBefore());
            if (outcome instanceof StepOutcome.AskInput ask) {
                HumanAsk.inputPage(ask.result(), run);
            }
            outcome.console().forEach(this::log);
            StepMirror.ended(quant, run, result, outcome, artifacts);
            String detail = abandoned ? ((Launch.Abandon) launch).reason() + "; "
                    + (result.stopConfirmed() ? "the task was stopped" : "the task was asked to stop") : result.detail();
            MaiaTaskAction.of(run).ended(taskId, StepResult.status(result), result.outcome().name(), detail,
                    result.targetBranchName(), artifacts);
            carryOut(files, taskId, result, outcome, artifacts).whenComplete((stepEnd, failure) ->
                    end(failure == null ? stepEnd : TaskEnd.failed(asStepFailure(failure))));
        } catch (Throwable t) {
            end(TaskEnd.failed(asStepFailure(t)));
        }
    }

    /** Does what the outcome says: keep a pause, or ask Maia to stop (a scheduled call); then how the step ends. */
    private CompletableFuture<TaskEnd> carryOut(BuildTaskFiles files, String taskId, FollowResult result,
            StepOutcome outcome, List<String> artifacts) throws IOException {
        if (outcome instanceof StepOutcome.Interrupted) {
            return CompletableFuture.completedFuture(launch instanceof Launch.Abandon
                    ? TaskEnd.completed(StepResult.of(taskId, result, artifacts, null)) : TaskEnd.failed(stopCause));
        }
        if (outcome instanceof StepOutcome.AskInput ask) {
            TaskProgress p = progress;
            Long remaining = p.deadline() == null ? null : Duration.between(Instant.now(), p.deadline()).toMillis();
            files.savePaused(new PausedFollow(taskId, ask.input().id(), p.options(), result.state().encode(),
                    System.currentTimeMillis(), remaining, ask.input().fields(),
                    StepOutcomes.rejected(p.rejectedBefore(), result), ask.input().message(), List.of()));
            return CompletableFuture.completedFuture(TaskEnd.completed(ask.result()));
        }
        if (outcome instanceof StepOutcome.Failed failed) {
            String how = result.outcome().name();
            if (!failed.stopTask()) {
                return CompletableFuture.completedFuture(TaskEnd.failed(new MaiaTaskFailure(redact(failed.message()),
                        taskId, how)));
            }
            return calls.stopTask(taskId).handle((stopped, error) -> TaskEnd.failed(new MaiaTaskFailure(redact(
                    failed.message() + (error == null ? " It was asked to stop."
                            : " Asking it to stop failed: " + unwrap(error).getMessage())), taskId, how)));
        }
        StepOutcome.Completed completed = (StepOutcome.Completed) outcome;
        return CompletableFuture.completedFuture(completed.unstable() == null ? TaskEnd.completed(completed.result())
                : TaskEnd.unstable(completed.result(), redact(completed.unstable())));
    }

    /** Keeps the final follow state, so a later maiaAgentMessage in this build does not repeat old messages. */
    private static void saveLastState(BuildTaskFiles files, FollowState state) {
        try {
            files.saveLastState(state);
        } catch (IOException e) {
            LOGGER.log(Level.FINE, "cannot keep the last follow state", e);
        }
    }

    private void end(TaskEnd end) {
        if (ended.compareAndSet(false, true)) {
            AccountBudget.Hold hold = budgetHold;
            if (hold != null) {
                hold.close();
            }
            host.ended(end);
        }
    }

    /** An exception whose message is fit for the console: never a stack trace for an expected failure. */
    private Throwable asStepFailure(Throwable t) {
        Throwable cause = unwrap(t);
        if (cause instanceof AbortException || cause instanceof InterruptedException) {
            return cause;
        }
        if (cause instanceof MaiaException) {
            return new AbortException(StepOutcomes.failureText(progress.taskId(), redact(cause.getMessage())));
        }
        return cause;
    }

    /** What failed, without the CompletionException a future wraps it in (null stays null). */
    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static String taskId(Launch launch) {
        return launch instanceof Launch.Answer a ? a.taskId() : ((Launch.Abandon) launch).taskId();
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
}
