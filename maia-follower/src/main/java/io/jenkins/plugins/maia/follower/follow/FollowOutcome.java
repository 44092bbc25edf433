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
    /** The task is ERRORED; {@link FollowResult#error()} has the error its events reported, if any. */
    ERRORED,
    /** The follow's deadline passed. The follower does not stop the task: the caller decides. */
    TIMED_OUT,
    /** {@link FollowHandle#stop()} was called; {@link FollowResult#stopConfirmed()} says if STOPPED was seen. */
    STOPPED_ON_REQUEST,
    /**
     * The task was stopped before it finished, and not by this follow: someone asked it to stop elsewhere (another
     * command, the Maia UI, another build). Told apart from FINISHED when the follow saw the task STOPPING before
     * STOPPED, or when its events say it was stopped. The API's task says STOPPED for both, so a stop seen neither
     * way reads as FINISHED; {@link FollowResult#detail()} says how the stop was seen and, when known, by whom.
     */
    STOPPED
}
