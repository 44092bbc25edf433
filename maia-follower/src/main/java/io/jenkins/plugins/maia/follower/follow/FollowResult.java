package io.jenkins.plugins.maia.follower.follow;

import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskStatus;
import io.jenkins.plugins.maia.follower.decision.SettledDecision;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a follow ended.
 *
 * @param outcome          see {@link FollowOutcome}
 * @param task             the last task read, the server's last word on it (null if none could be read, e.g. timed
 *                         out before the first poll)
 * @param state            the final state: save it to resume (after NEEDS_DECISION) or to follow again
 * @param pending          the decisions left to a human; non-empty only for NEEDS_DECISION
 * @param lastAgentMessage the agent's last text or final summary (at most 4,000 characters), or null; never the
 *                         error (see {@code error})
 * @param detail           one human sentence on why it ended (never a secret)
 * @param unreadReason     null when every message was read; otherwise why the task's last messages could not be
 *                         read once the outcome was known (the final read kept failing, e.g. "5 attempts in a row
 *                         failed; the last: ...", or ran out of time after a timeout): the outcome is true, but
 *                         listeners and transcripts miss the last messages. {@code detail} says so too; a new
 *                         follow from {@link #state()} reads them.
 * @param error            for ERRORED, the text of the last error event the task reported (masked, at most 4,000
 *                         characters); null for every other outcome, or when no event said what went wrong
 * @param decisions        every decision this follow sent, in order, with who or what settled it (a follow resumed
 *                         from a saved state lists its own; the transcript has them all)
 */
public record FollowResult(
        FollowOutcome outcome,
        Task task,
        FollowState state,
        List<PendingDecision> pending,
        String lastAgentMessage,
        String detail,
        String unreadReason,
        String error,
        List<SettledDecision> decisions) {

    public FollowResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(state, "state");
        pending = pending == null ? List.of() : List.copyOf(pending);
        detail = detail == null ? "" : detail;
        decisions = decisions == null ? List.of() : List.copyOf(decisions);
    }

    /** A result whose messages were all read, with no error text and no decisions. */
    public FollowResult(FollowOutcome outcome, Task task, FollowState state, List<PendingDecision> pending,
            String lastAgentMessage, String detail) {
        this(outcome, task, state, pending, lastAgentMessage, detail, null);
    }

    /** A result with no error text and no decisions. */
    public FollowResult(FollowOutcome outcome, Task task, FollowState state, List<PendingDecision> pending,
            String lastAgentMessage, String detail, String unreadReason) {
        this(outcome, task, state, pending, lastAgentMessage, detail, unreadReason, null, List.of());
    }

    /** False when the task's last messages could not be read: see {@link #unreadReason()}. */
    public boolean messagesComplete() {
        return unreadReason == null;
    }

    /** The task's target branch (also the generated one), or null when unknown. */
    public String targetBranchName() {
        return task == null || task.agentConfig() == null ? null : task.agentConfig().targetBranchName();
    }

    /**
     * For {@link FollowOutcome#STOPPED_ON_REQUEST}: whether the task was seen STOPPED (or ERRORED) within the stop
     * grace. False for every other outcome.
     */
    public boolean stopConfirmed() {
        return outcome == FollowOutcome.STOPPED_ON_REQUEST && task != null
                && (task.status() == TaskStatus.STOPPED || task.status() == TaskStatus.ERRORED);
    }

    /** The tools whose calls this follow rejected, each once, in the order of their first rejection. */
    public List<String> rejectedTools() {
        List<String> tools = new ArrayList<>();
        for (SettledDecision d : decisions) {
            String name = d.toolName() == null ? "(unnamed tool)" : d.toolName();
            if (d.rejected() && !tools.contains(name)) {
                tools.add(name);
            }
        }
        return tools;
    }

    /** The decisions this follow rejected, with who or what rejected each. */
    public List<SettledDecision> rejections() {
        return decisions.stream().filter(SettledDecision::rejected).toList();
    }

    /** The questions the task still waits for an answer to (for NEEDS_DECISION), in order. */
    public List<PendingDecision> unansweredQuestions() {
        return pending.stream().filter(PendingDecision::isQuestion).toList();
    }
}
