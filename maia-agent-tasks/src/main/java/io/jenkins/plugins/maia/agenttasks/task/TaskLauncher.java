package io.jenkins.plugins.maia.agenttasks.task;

import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.maia.agenttasks.approval.AnsweredDecision;
import io.jenkins.plugins.maia.agenttasks.approval.InputAnswers;
import io.jenkins.plugins.maia.agenttasks.approval.SubmittedInput;
import io.jenkins.plugins.maia.client.ScheduledMaiaClient;
import io.jenkins.plugins.maia.client.model.CreatedTask;
import io.jenkins.plugins.maia.follower.follow.FollowState;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * What a step does before it follows: create the task (duplicate-safe across a controller restart), send a
 * follow-up, or take over the follow this build paused for a Jenkins input. Each step moves the
 * {@link TaskProgress} on and has the host keep it durably before anything that must not happen twice.
 */
@Restricted(NoExternalUse.class)
final class TaskLauncher {

    private final TaskRun.Host host;
    private final Consumer<String> console;

    TaskLauncher(TaskRun.Host host, Consumer<String> console) {
        this.host = host;
        this.console = console;
    }

    /**
     * Creates the task or sends the follow-up as scheduled calls of the follower (no thread waits for Maia: retries
     * and budget waits are scheduled); completes with the progress with the task id known. The progress is kept
     * durably before a create (a restart then looks for the task instead of creating a second one) and once the
     * task id is known.
     */
    CompletableFuture<TaskProgress> launch(Run<?, ?> run, Launch launch, TaskProgress progress,
            ScheduledMaiaClient calls) throws IOException {
        if (launch instanceof Launch.CreateTask create) {
            Instant requestedAt = progress.createRequestedAt();
            CompletableFuture<CreatedTask> created;
            if (requestedAt == null) {
                // First attempt: the time is stored durably before the call, so a restart knows one may have been made.
                TaskProgress requested = progress.createRequested(Instant.now());
                host.progressed(requested, true);
                progress = requested;
                created = calls.createTask(create.toRequest());
            } else {
                // An earlier attempt may have reached Maia before the controller restarted: look for its task first.
                created = calls.createTask(create.toRequest(), requestedAt);
            }
            TaskProgress before = progress;
            return created.thenApply(task -> {
                TaskProgress launched = before.launched(task.taskId(), FollowState.start(task.taskId(),
                        before.deadline()));
                host.progressed(launched, true);
                console.accept("Maia: task " + task.taskId() + " created (" + create.mode() + " mode, project "
                        + create.projectId() + ")");
                return launched;
            });
        }
        if (launch instanceof Launch.FollowUp followUp) {
            FollowState base = BuildTaskFiles.of(run, followUp.taskId()).lastState();
            FollowState start = base == null ? FollowState.start(followUp.taskId(), progress.deadline())
                    : base.withDeadline(progress.deadline());
            Instant sentAt = Instant.now();
            TaskProgress before = progress;
            return calls.sendMessage(followUp.taskId(), followUp.toMessage()).thenApply(sent -> {
                TaskProgress launched = before.launched(followUp.taskId(), start.expectingProgress(sentAt));
                host.progressed(launched, true);
                console.accept("Maia: follow-up sent to task " + followUp.taskId()
                        + (base == null ? " (its earlier messages are shown too)" : ""));
                return launched;
            });
        }
        return CompletableFuture.completedFuture(progress);
    }

    /**
     * Takes over the options, state and remaining time of the follow this build paused, with the answer the
     * Jenkins input recorded (never one the script passes), then forgets the pause (a second resume must not
     * answer again). For {@link Launch.Abandon} there is no answer: the follow is taken over to be stopped.
     */
    TaskProgress takeOver(Run<?, ?> run, String taskId, boolean answered) throws IOException, InterruptedException {
        BuildTaskFiles files = BuildTaskFiles.of(run, taskId);
        PausedFollow paused = files.loadPaused();
        List<AnsweredDecision> answers = null;
        if (answered) {
            SubmittedInput submitted = host.submittedInput(paused.inputId(), paused.pausedAtMillis());
            if (submitted == null) {
                throw new AbortException("Maia: the Jenkins input " + paused.inputId() + " for task " + taskId
                        + " has not been answered, so nothing was sent to Maia. Answer it on the build's page (Paused "
                        + "for Input); the maiaAgentTask variable continues the task from there.");
            }
            String by = submitted.approver() == null ? "anonymous" : submitted.approver();
            answers = InputAnswers.map(paused.fields(), submitted.parameters(), by);
            console.accept("Maia: continuing task " + taskId + " with " + answers.size() + " answer(s) from " + by);
        }
        Instant deadline = paused.deadlineRemainingMillis() == null ? null
                : Instant.now().plusMillis(Math.max(0, paused.deadlineRemainingMillis()));
        FollowState state;
        try {
            state = FollowState.decode(paused.followState()).withDeadline(deadline);
        } catch (IllegalArgumentException e) {
            throw new AbortException("Maia: the saved state of task " + taskId + " cannot be read (" + e.getMessage()
                    + "); continue the task with maiaAgentMessage.");
        }
        TaskProgress progress = new TaskProgress(paused.options(), deadline, null, taskId, true, state.encode(),
                answers, paused.rejectedSoFar());
        host.progressed(progress, true);
        files.deletePaused();
        return progress;
    }
}
