package io.jenkins.plugins.maia.cli;

/** {@code --on-decision}: what happens to a decision that no {@code --approve/--reject/--answer} settles. */
public enum OnDecision {
    /** Ask the human at the console (the default on a terminal). */
    PROMPT,
    /** End with exit code 4 and leave the task paused (the default otherwise, e.g. in CI). */
    FAIL,
    /** Reject the tool call; a question cannot be rejected, so it ends as FAIL does. */
    REJECT
}
