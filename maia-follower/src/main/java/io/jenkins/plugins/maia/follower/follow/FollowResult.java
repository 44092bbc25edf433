package io.jenkins.plugins.maia.follower.follow;

import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskStatus;
import java.util.List;
import java.util.Objects;

/**
 * How a follow ended.
 *
 * @param outcome          see {@link FollowOutcome}
 * @param task             the last task read (null if none could be read, e.g. timed out before the first poll)
 * @param state            the final state: save it to resume (after NEEDS_DECISION) or to follow again
 * @param pending          the decisions left to a human; non-empty only for NEEDS_DECISION
 * @param lastAgentMessage text of the last agent message seen (at most 4,000 characters), or null
 * @param detail           one human sentence on why it ended (never a secret)
 * @param unreadReason     null when every message was read; otherwise why the task's last messages could not be
 *                         read once the outcome was known (the final read kept failing, e.g. "5 attempts in a row
 *                         failed; the last: ..."): the outcome is true, but listeners and transcripts miss the
 *                         last messages. {@code detail} says so too; a new follow from {@link #state()} reads them.
 */
public record FollowResult(
        FollowOutcome outcome,
        Task task,
        FollowState state,
        List<PendingDecision> pending,
        String lastAgentMessage,
        String detail,
        String unreadReason) {

    public FollowResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(state, "state");
        pending = pending == null ? List.of() : List.copyOf(pending);
        detail = detail == null ? "" : detail;
    }

    /** A result whose messages were all read. */
    public FollowResult(FollowOutcome outcome, Task task, FollowState state, List<PendingDecision> pending,
            String lastAgentMessage, String detail) {
        this(outcome, task, state, pending, lastAgentMessage, detail, null);
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
}
