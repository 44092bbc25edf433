package io.jenkins.plugins.maia.agenttasks.task;

import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.maia.agenttasks.approval.AnsweredDecision;
import io.jenkins.plugins.maia.agenttasks.approval.InputAnswers;
import io.jenkins.plugins.maia.agenttasks.approval.SubmittedInput;
import io.jenkins.plugins.maia.client.MaiaClient;
import io.jenkins.plugins.maia.client.model.CreatedTask;
import io.jenkins.plugins.maia.follower.follow.FollowState;
import io.jenkins.plugins.maia.follower.follow.TaskLaunch;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
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

    /** Creates the task or sends the follow-up; returns the progress with the task id known. */
    TaskProgress launch(Run<?, ?> run, Launch launch, TaskProgress progress, MaiaClient budgeted)
            throws IOException, InterruptedException {
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
            console.accept("Maia: task " + created.taskId() + " created (" + create.mode() + " mode, project "
                    + create.projectId() + ")");
        } else if (launch instanceof Launch.FollowUp followUp) {
            FollowState base = BuildTaskFiles.of(run, followUp.taskId()).lastState();
            FollowState start = base == null ? FollowState.start(followUp.taskId(), progress.deadline())
                    : base.withDeadline(progress.deadline());
            Instant sentAt = Instant.now();
            budgeted.sendMessage(followUp.taskId(), followUp.toMessage());
            progress = progress.launched(followUp.taskId(), start.expectingProgress(sentAt));
            host.progressed(progress, true);
            console.accept("Maia: follow-up sent to task " + followUp.taskId()
                    + (base == null ? " (its earlier messages are shown too)" : ""));
        }
        return progress;
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
                answers);
        host.progressed(progress, true);
        files.deletePaused();
        return progress;
    }
}
