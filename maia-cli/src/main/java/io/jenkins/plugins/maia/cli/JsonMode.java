package io.jenkins.plugins.maia.cli;

/** What a command prints on stdout when asked for machine-readable output. */
public enum JsonMode {
    /** Human output on stdout. */
    NONE,
    /** {@code --json}: one JSON object, the result (or, after a failure, the error and the exit code). */
    OBJECT,
    /** {@code --jsonl}: JSON Lines while following, one object per event, status change and decision, then the result. */
    LINES
}
