package io.jenkins.plugins.maia.agenttasks.task;

import io.jenkins.plugins.maia.agenttasks.options.TaskOptions;
import io.jenkins.plugins.maia.agenttasks.options.OnDecision;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import io.jenkins.plugins.maia.agenttasks.approval.InputRequest;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.follower.decision.DecisionView;
import io.jenkins.plugins.maia.follower.event.TextRedactor;
import io.jenkins.plugins.maia.follower.follow.FollowOutcome;
import io.jenkins.plugins.maia.follower.follow.FollowResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The pure part of ending a step: from how the follow ended and the step's options to the step's
 * {@link StepOutcome}. No Jenkins, no I/O, no clock, so every mapping is unit-tested on its own; {@link TaskRun}
 * carries the outcome out (keeps a pause, stops a task, ends the step).
 */
@Restricted(NoExternalUse.class)
public final class StepOutcomes {

    private StepOutcomes() {}

    /**
     * @param interrupted the build was aborted while following (the step fails with the abort's cause)
     * @param stopGrace   how long a stop waits for the task to confirm, for the console
     * @param artifacts   the archived transcript paths
     * @param redactor    masks the credential's secrets in agent text quoted in a failure
     */
    public static StepOutcome decide(String taskId, FollowResult result, TaskOptions options, boolean interrupted,
            Duration stopGrace, List<String> artifacts, TextRedactor redactor) {
        return decide(taskId, result, options, interrupted, stopGrace, artifacts, redactor, null);
    }

    /**
     * @param rejectedBefore tools rejected by this task's earlier follows in this build (before a pause for input):
     *                       a follow resumed after an input only knows its own decisions
     */
    public static StepOutcome decide(String taskId, FollowResult result, TaskOptions options, boolean interrupted,
            Duration stopGrace, List<String> artifacts, TextRedactor redactor, @CheckForNull List<String> rejectedBefore) {
        StepOutcome.Lines console = new StepOutcome.Lines();
        if (interrupted) {
            if (result.outcome() == FollowOutcome.STOPPED_ON_REQUEST) {
                console.add("Maia: task " + taskId + (result.stopConfirmed() ? " stopped" : " was asked to stop; it "
                        + "did not confirm within " + stopGrace.toSeconds() + " s"));
            }
            return new StepOutcome.Interrupted(console.list());
        }
        String detail = result.detail().isBlank() ? "" : " " + result.detail();
        if (!result.messagesComplete()) {
            // The outcome stands, but say so rather than let a short transcript pass for the whole story.
            console.add("Maia: the last messages of task " + taskId + " could not be read (" + result.unreadReason()
                    + "), so this log and the transcript miss them. They stay readable in the Maia UI or with "
                    + "'maia task messages " + taskId + "'.");
        }
        switch (result.outcome()) {
            case FINISHED:
                console.add("Maia: task " + taskId + " finished" + (result.targetBranchName() == null ? ""
                        : " (target branch " + result.targetBranchName() + ")"));
                String unstable = null;
                List<String> allRejected = rejected(rejectedBefore, result);
                if (!allRejected.isEmpty()) {
                    String rejected = "rejected tools: " + String.join(", ", allRejected);
                    console.add("Maia: task " + taskId + " finished after work was denied (" + rejected + ")");
                    if (options.failOnRejection()) {
                        unstable = "Maia: task " + taskId + " finished after work was denied (" + rejected
                                + "); failOnRejection marks the build UNSTABLE.";
                    }
                }
                Map<String, Object> finished = StepResult.of(taskId, result, artifacts, null);
                finished.put(StepResult.REJECTED_TOOLS, new ArrayList<>(allRejected));
                return new StepOutcome.Completed(finished, console.list(), unstable);
            case NEEDS_DECISION:
                return needsDecision(taskId, result, options, artifacts, console);
            case ERRORED:
                return new StepOutcome.Failed("Maia: task " + taskId + " ended with status ERRORED." + detail
                        + (result.error() == null ? "" : "\nError: " + redactor.redact(result.error()))
                        + (result.lastAgentMessage() == null ? "" : "\nLast agent message: "
                                + redactor.redact(result.lastAgentMessage()))
                        + "\nSee the transcript (" + String.join(", ", artifacts) + ") for the full history.",
                        false, console.list());
            case TIMED_OUT:
                return new StepOutcome.Failed("Maia: task " + taskId + " did not finish within "
                        + options.timeoutMinutes() + " minute(s) (timeout).", options.stopOnAbort(), console.list());
            case STOPPED:
                return new StepOutcome.Failed("Maia: task " + taskId + " was stopped before it finished, not by this "
                        + "build." + detail + " Its work may be incomplete; see the transcript ("
                        + String.join(", ", artifacts) + ") and continue it with maiaAgentMessage if needed.", false,
                        console.list());
            case STOPPED_ON_REQUEST:
            default:
                return new StepOutcome.Failed("Maia: following task " + taskId + " ended: " + result.outcome() + "."
                        + detail, false, console.list());
        }
    }

    private static StepOutcome needsDecision(String taskId, FollowResult result, TaskOptions options,
            List<String> artifacts, StepOutcome.Lines console) {
        if (options.onDecision() == OnDecision.INPUT) {
            try {
                InputRequest input = InputRequest.of(taskId, result.pending(), options.submitter());
                console.add("Maia: task " + taskId + " waits for " + result.pending().size() + " decision(s); asking "
                        + "for Jenkins input " + input.id() + ". The agent's timeout does not run while it waits.");
                Map<String, Object> asked = StepResult.of(taskId, result, artifacts, input);
                HumanAsk.describe(asked, input, result.pending(), options.humanGate());
                return new StepOutcome.AskInput(input, asked, console.list());
            } catch (AbortException e) {
                return new StepOutcome.Failed(e.getMessage(), false, console.list());
            }
        }
        return new StepOutcome.Failed("Maia: task " + taskId + " waits for decisions that the step's rules do not "
                + "settle (onDecision: " + options.onDecision().value() + "):\n" + describePending(result.pending())
                + "\nThe task stays paused. Add the tools to approveTools or rejectTools, use onDecision: 'input' "
                + "through the maiaAgentTask global variable in a Pipeline, or answer in the Maia UI and continue "
                + "with maiaAgentMessage.", false, console.list());
    }

    /** The tools rejected before (earlier follows of the task in this build) and by {@code result}, each once. */
    static List<String> rejected(@CheckForNull List<String> before, FollowResult result) {
        List<String> all = new ArrayList<>(before == null ? List.of() : before);
        for (String tool : result.rejectedTools()) {
            if (!all.contains(tool)) {
                all.add(tool);
            }
        }
        return all;
    }

    /** The pending decisions, numbered, one per line (each names its tool or question). */
    static String describePending(List<PendingDecision> pending) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (PendingDecision p : pending) {
            sb.append(sb.length() == 0 ? "" : "\n").append(++n).append(". ").append(DecisionView.of(p).describe());
        }
        return sb.toString();
    }

    /** The follow ended with an error instead of a result: a message fit for the console. */
    static String failureText(@CheckForNull String taskId, String message) {
        return "Maia" + (taskId == null ? "" : " (task " + taskId + ")") + ": " + message;
    }
}
