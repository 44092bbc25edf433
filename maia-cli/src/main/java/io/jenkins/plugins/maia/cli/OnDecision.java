package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.follower.decision.Fallback;

/** {@code --on-decision}: what happens to a decision that no rule, {@code --approve/--reject/--answer} settles. */
public enum OnDecision {
    /** Ask the human at the console (the default on a terminal). */
    PROMPT(Fallback.ASK),
    /** End with exit code 4 and leave the task paused (the default otherwise, e.g. in CI). */
    FAIL(Fallback.PAUSE),
    /** Reject the tool call; a question cannot be rejected, so it ends as FAIL does. */
    REJECT(Fallback.REJECT),
    /** Keep following while a person answers elsewhere (the Maia UI, maia task decide, a colleague's terminal). */
    WAIT(Fallback.WAIT);

    private final Fallback fallback;

    OnDecision(Fallback fallback) {
        this.fallback = fallback;
    }

    /** The engine's fallback for it. */
    Fallback fallback() {
        return fallback;
    }

    /** Whether a person is asked or waited for, so that a decision timeout applies. */
    boolean waitsForPerson() {
        return this == PROMPT || this == WAIT;
    }
}
