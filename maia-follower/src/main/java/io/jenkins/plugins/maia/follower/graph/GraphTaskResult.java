package io.jenkins.plugins.maia.follower.graph;

import io.jenkins.plugins.maia.follower.follow.FollowResult;
import java.time.Instant;

/**
 * How one task of a graph ended.
 *
 * @param id               the task's id in the graph
 * @param kind             how it ended, in the graph's terms
 * @param taskId           the Maia task, or null when none was created
 * @param follow           the follow's result, or null (skipped, failed before following, finished earlier)
 * @param reason           why it was skipped, stopped or failed; null otherwise
 * @param startedAt        when this run started it (asked for its create, or followed it again); null if it did not
 * @param endedAt          when it ended in this run; null for a task skipped or finished in an earlier run
 * @param targetBranchName the branch the agent pushed to, when known
 */
public record GraphTaskResult(String id, Kind kind, String taskId, FollowResult follow, String reason,
        Instant startedAt, Instant endedAt, String targetBranchName) {

    /** How a task of a graph ended. */
    public enum Kind {
        /** The task FINISHED, in this run or an earlier one. */
        FINISHED,
        /** The follow ended otherwise: {@link FollowResult#outcome()} says how (paused, errored, timed out). */
        ENDED,
        /** The run stopped it (failFast after another task, or an abort): {@link #reason()} says why. */
        STOPPED,
        /** An API failure ended its create or its follow: {@link #reason()} says what. */
        FAILED,
        /** It never started: a dependency did not finish, or failFast. */
        SKIPPED
    }

    /**
     * One word for how it ended: the follow's outcome ({@code FINISHED}, {@code NEEDS_DECISION}, {@code ERRORED},
     * {@code TIMED_OUT}, ...), {@code STOPPED}, {@code FAILED} or {@code SKIPPED}.
     */
    public String outcome() {
        return switch (kind) {
            case FINISHED -> "FINISHED";
            case ENDED -> follow.outcome().name();
            default -> kind.name();
        };
    }

    public boolean finished() {
        return kind == Kind.FINISHED;
    }
}
