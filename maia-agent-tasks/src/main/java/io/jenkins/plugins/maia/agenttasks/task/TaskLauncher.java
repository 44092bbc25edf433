package io.jenkins.plugins.maia.agenttasks.task;

import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.maia.agenttasks.approval.AnsweredDecision;
import io.jenkins.plugins.maia.agenttasks.approval.ApprovalRound;
import io.jenkins.plugins.maia.agenttasks.approval.InputField;
import io.jenkins.plugins.maia.agenttasks.approval.InputRequest;
import io.jenkins.plugins.maia.agenttasks.approval.ToolChoice;
import io.jenkins.plugins.maia.agenttasks.options.HumanGate;
import io.jenkins.plugins.maia.agenttasks.approval.InputAnswers;
import io.jenkins.plugins.maia.agenttasks.approval.SubmittedInput;
import io.jenkins.plugins.maia.client.ScheduledMaiaClient;
import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.client.model.CreatedTask;
import io.jenkins.plugins.maia.follower.follow.FollowState;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /** The input's timer starts after the pause is saved, so only clock steps need a margin. */
    private static final long DECISION_TIMEOUT_SLACK_MILLIS = 5_000;
    /** An input asked again for another approver: the first input's id and the round. */
    private static final Pattern ASKED_AGAIN = Pattern.compile("(.+)R(\\d{1,6})");

    private final TaskHost host;
    private final Consumer<String> console;

    TaskLauncher(TaskHost host, Consumer<String> console) {
        this.host = host;
        this.console = console;
    }

    /**
     * Creates the task or sends the follow-up as scheduled calls of the follower (no thread waits for Maia: retries
     * and budget waits are scheduled); completes with the progress with the task id known. The progress is kept
     * durably before a create (a restart then looks for the task instead of creating a second one) and once the
     * task id is known.
     */
    CompletableFuture<Launched> launch(Run<?, ?> run, Launch launch, TaskProgress progress,
            ScheduledMaiaClient calls) throws IOException {
        if (launch instanceof Launch.CreateTask create) {
            Instant requestedAt = progress.createRequestedAt();
            CreateTaskRequest request = create.toRequest();
            CompletableFuture<CreatedTask> created;
            if (requestedAt == null) {
                // First attempt: the time is stored durably before the call, so a restart knows one may have been made.
                TaskProgress requested = progress.createRequested(Instant.now());
                host.progressed(requested, true);
                progress = requested;
                created = calls.createTask(request);
            } else {
                // An earlier attempt may have reached Maia before the controller restarted: look for its task first.
                created = calls.createTask(request, requestedAt);
            }
            TaskProgress before = progress;
            return created.thenApply(task -> {
                TaskProgress launched = before.launched(task.taskId(), FollowState.start(task.taskId(),
                        before.deadline()));
                host.progressed(launched, true);
                console.accept("Maia: task " + task.taskId() + " created (" + create.mode() + " mode, project "
                        + create.projectId() + ")");
                return new Launched(launched, task, request);
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
                return new Launched(launched, null, null);
            });
        }
        return CompletableFuture.completedFuture(new Launched(progress, null, null));
    }

    /**
     * A launch's outcome: the progress with the task id, and for a task this launch created, the create's answer and
     * its request (the follow takes them as its first read of the task, {@code TaskFollower.followCreated}); null
     * otherwise.
     */
    record Launched(TaskProgress progress, CreatedTask created, CreateTaskRequest request) {}

    /** A taken-over pause: the progress to follow on with, or the result asking another person (a new input). */
    record TakenOver(TaskProgress progress, Map<String, Object> askAgain) {}

    /**
     * Takes over the options, state and remaining time of the follow this build paused, with the answer the
     * Jenkins input recorded (never one the script passes), then forgets the pause (a second resume must not
     * answer again). For {@link Launch.Abandon} there is no answer: the follow is taken over to be stopped. With
     * {@code approvers} above one, an approval that still needs another person asks again instead (see
     * {@link ApprovalRound}); after a decision timeout with reject, every tool asked about is rejected.
     */
    TakenOver takeOver(Run<?, ?> run, String taskId, Launch launch) throws IOException, InterruptedException {
        BuildTaskFiles files = BuildTaskFiles.of(run, taskId);
        PausedFollow paused = files.loadPaused();
        List<AnsweredDecision> answers = null;
        if (launch instanceof Launch.Answer answer && answer.rejectAll()) {
            requireTimedOut(taskId, paused, HumanGate.OnDecisionTimeout.REJECT);
            answers = rejectAll(taskId, paused);
        } else if (launch instanceof Launch.Abandon abandon && abandon.after() != Launch.AfterInput.AS_STOP_ON_ABORT) {
            requireTimedOut(taskId, paused, abandon.after() == Launch.AfterInput.STOP ? HumanGate.OnDecisionTimeout.STOP
                    : HumanGate.OnDecisionTimeout.FAIL);
        } else if (launch instanceof Launch.Answer) {
            SubmittedInput submitted = host.submittedInput(paused.inputId(), paused.pausedAtMillis());
            if (submitted == null) {
                throw new AbortException("Maia: the Jenkins input " + paused.inputId() + " for task " + taskId
                        + " has not been answered, so nothing was sent to Maia. Answer it on the build's page (Paused "
                        + "for Input); the maiaAgentTask variable continues the task from there.");
            }
            String by = submitted.approver() == null ? "anonymous" : submitted.approver();
            answers = InputAnswers.map(paused.fields(), submitted.parameters(), by);
            int approvers = paused.options().humanGate().approvers();
            if (approvers > 1) {
                ApprovalRound.Next next = ApprovalRound.next(approvers, paused.fields(), paused.earlierAnswers(),
                        answers);
                if (next instanceof ApprovalRound.AskAgain again) {
                    return new TakenOver(null, askAgain(files, taskId, paused, again, by, approvers));
                }
                answers = ((ApprovalRound.Send) next).answers();
            }
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
        return new TakenOver(progress, null);
    }

    /**
     * A decision timeout is believed only when the paused step asked for this very action and its time is up: a
     * script cannot reject or stop through the resume step what its step did not say.
     */
    private static void requireTimedOut(String taskId, PausedFollow paused, HumanGate.OnDecisionTimeout action)
            throws AbortException {
        HumanGate gate = paused.options().humanGate();
        long waited = System.currentTimeMillis() - paused.pausedAtMillis();
        if (gate.decisionTimeoutMinutes() <= 0 || gate.onDecisionTimeout() != action
                || waited < gate.decisionTimeoutMinutes() * 60_000L - DECISION_TIMEOUT_SLACK_MILLIS) {
            throw new AbortException("Maia: task " + taskId + " was not paused under decisionTimeout with "
                    + "onDecisionTimeout: " + action.value() + " long enough for that; nothing was sent to Maia.");
        }
    }

    /** Nobody answered in time (onDecisionTimeout: reject): every tool asked about is rejected; a question cannot be. */
    private List<AnsweredDecision> rejectAll(String taskId, PausedFollow paused) throws AbortException {
        int minutes = paused.options().humanGate().decisionTimeoutMinutes();
        if (paused.fields().stream().anyMatch(f -> f.kind() != InputField.Kind.TOOL)) {
            throw new MaiaTaskFailure("Maia: nobody answered task " + taskId + "'s decisions within " + minutes
                    + " minute(s) (decisionTimeout) and onDecisionTimeout is reject, but the task also asks a question, "
                    + "which cannot be rejected. The task stays paused: answer it in the Maia UI, then continue it with "
                    + "maiaAgentMessage(taskId: '" + taskId + "', ...).", taskId, "NEEDS_DECISION");
        }
        List<AnsweredDecision> answers = new ArrayList<>();
        for (AnsweredDecision earlier : paused.earlierAnswers()) {
            if (earlier.toolChoice() == null || earlier.toolChoice() == ToolChoice.REJECT) {
                answers.add(earlier); // questions answered and rejections given before the timeout stand
            }
        }
        Set<String> tools = new LinkedHashSet<>();
        paused.fields().forEach(f -> tools.add(f.toolId()));
        tools.forEach(id -> answers.add(new AnsweredDecision(id, ToolChoice.REJECT, null, "the decision timeout")));
        console.accept("Maia: nobody answered within " + minutes + " minute(s) (decisionTimeout); rejecting "
                + tools.size() + " tool call(s) of task " + taskId + " (onDecisionTimeout: reject)");
        return answers;
    }

    /** Keeps the pause under a new input about the tools that need another person, and returns the result asking. */
    private Map<String, Object> askAgain(BuildTaskFiles files, String taskId, PausedFollow paused,
            ApprovalRound.AskAgain again, String by, int approvers) throws IOException {
        // Each asking is an input of its own: the first input's id, then R2, R3, ... (its hex id has no 'R').
        Matcher asked = ASKED_AGAIN.matcher(paused.inputId());
        String base = asked.matches() ? asked.group(1) : paused.inputId();
        String id = base + "R" + (asked.matches() ? Integer.parseInt(asked.group(2)) + 1 : 2);
        String heading = paused.inputMessage() == null ? "Maia task " + taskId + " asks for approval"
                : paused.inputMessage();
        String message = "[approval " + Math.min(approvers, again.approvedBy().size() + 1) + " of " + approvers
                + ", approved by " + String.join(", ", again.approvedBy()) + "] " + heading;
        InputRequest request = new InputRequest(id, message, "Send to Maia", paused.options().submitter(),
                InputRequest.SUBMITTER_PARAMETER, again.fields());
        files.savePaused(paused.askingAgain(id, System.currentTimeMillis(), again.fields(), again.kept()));
        console.accept(again.refused() != null ? "Maia: " + again.refused() + " (input " + id + ")"
                : "Maia: approved by " + String.join(", ", again.approvedBy()) + "; approvers: " + approvers
                        + " needs another person for task " + taskId + " (input " + id + ")");
        Map<String, Object> result = StepResult.abandoned(taskId, "NEEDS_DECISION");
        Map<String, Object> ask = request.toPipelineMap();
        HumanAsk.put(ask, request, List.of(), List.of(), paused.options().humanGate(), base);
        result.put(StepResult.INPUT, ask);
        return result;
    }
}
