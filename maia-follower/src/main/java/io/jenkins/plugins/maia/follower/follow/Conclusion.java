package io.jenkins.plugins.maia.follower.follow;

/**
 * What a follow's end means for whoever started it: a success, or which failure. Decided here once for every front
 * end; the {@code maia} command maps it to its exit code, the Jenkins step to its build result.
 */
public enum Conclusion {
    /** FINISHED with every message read, and no rejection the caller asked to fail on. */
    SUCCEEDED,
    /** FINISHED after the agent was refused a tool call, and the caller asked to fail on that (fail on rejection). */
    REJECTED,
    /** FINISHED, but the last messages could not be read: never a plain success. */
    INCOMPLETE,
    /** Paused on decisions no rule settled: the task waits, resumable. */
    NEEDS_DECISION,
    /** The task ERRORED. */
    ERRORED,
    /** The follow's time ran out; the task was left as it is. */
    TIMED_OUT,
    /** The task was stopped elsewhere before it finished ({@link FollowOutcome#STOPPED}). */
    STOPPED,
    /** This follow was asked to stop the task ({@link FollowOutcome#STOPPED_ON_REQUEST}). */
    STOPPED_ON_REQUEST;

    /**
     * The conclusion of {@code result}.
     *
     * @param failOnRejection whether a finish after a rejected tool call is a failure ({@link #REJECTED}); it wins
     *                        over {@link #INCOMPLETE}, since the rejection is certain
     */
    public static Conclusion of(FollowResult result, boolean failOnRejection) {
        return switch (result.outcome()) {
            case FINISHED -> failOnRejection && !result.rejectedTools().isEmpty() ? REJECTED
                    : result.messagesComplete() ? SUCCEEDED : INCOMPLETE;
            case NEEDS_DECISION -> NEEDS_DECISION;
            case ERRORED -> ERRORED;
            case TIMED_OUT -> TIMED_OUT;
            case STOPPED -> STOPPED;
            case STOPPED_ON_REQUEST -> STOPPED_ON_REQUEST;
        };
    }

    public boolean succeeded() {
        return this == SUCCEEDED;
    }
}
