package io.jenkins.plugins.maia.follower.follow;

/** How a follow ended. Exactly one per follow. */
public enum FollowOutcome {
    /** The task is STOPPED with no pending decision: the agent is done. */
    FINISHED,
    /**
     * The task is STOPPED with pending decisions the policy did not settle and no human answered. A pause, not the
     * end: the task stays paused; answer the decisions and follow again with the returned state to continue.
     */
    NEEDS_DECISION,
    /** The task is ERRORED; its messages say why. */
    ERRORED,
    /** The follow's deadline passed. The follower does not stop the task: the caller decides. */
    TIMED_OUT,
    /** {@link FollowHandle#stop()} was called; {@link FollowResult#stopConfirmed()} says if STOPPED was seen. */
    STOPPED_ON_REQUEST
}
