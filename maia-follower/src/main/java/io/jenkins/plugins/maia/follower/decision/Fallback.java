package io.jenkins.plugins.maia.follower.decision;

/** What a {@link DecisionPolicy} does with a pending decision none of its rules settles. */
public enum Fallback {
    /** Ask a human through the follow's {@link HumanDecider}; without one, the same as {@link #PAUSE}. */
    ASK,
    /** End the follow with {@code NEEDS_DECISION}; the task stays paused and can be resumed later. */
    PAUSE,
    /** Reject the tool call. A question cannot be rejected, so a question under REJECT pauses. */
    REJECT,
    /**
     * Keep following while the task waits: a person answers elsewhere (the Maia UI, {@code maia task decide}, a
     * colleague's terminal) and the follow goes on once they did. Nothing is sent for what no rule settles.
     */
    WAIT
}
