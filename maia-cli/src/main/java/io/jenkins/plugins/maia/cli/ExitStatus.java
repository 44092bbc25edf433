package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.follower.follow.Conclusion;

/** The process exit codes of {@code maia}, documented in the module README. Scripts rely on the numbers. */
public enum ExitStatus {
    /** The task finished (STOPPED with nothing pending), or a non-following command succeeded. */
    OK(0),
    /** The API or the network failed after retries (including 401/403/404 and refused connections). */
    API_FAILURE(1),
    /** Bad usage or invalid input, found before any call was made. */
    USAGE(2),
    /** The task ended ERRORED. */
    TASK_ERRORED(3),
    /** The task waits for a decision that the policy did not allow; it is left paused and resumable. */
    NEEDS_DECISION(4),
    /** The timeout passed before the task ended; the task was not stopped. */
    TIMED_OUT(5),
    /** The task was stopped before it finished, by someone or something else (another command, the Maia UI). */
    STOPPED(6),
    /** The task finished after the agent was refused a tool call, and {@code --fail-on-rejection} was given. */
    REJECTED(7);

    private final int code;

    ExitStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The exit code of a follow's end, as the engine concludes it (the one place that decides). */
    static ExitStatus of(Conclusion conclusion) {
        return switch (conclusion) {
            case SUCCEEDED -> OK;
            case REJECTED -> REJECTED;
            // The outcome stands, but the results could not all be retrieved: never a plain success.
            case INCOMPLETE, STOPPED_ON_REQUEST -> API_FAILURE;
            case NEEDS_DECISION -> NEEDS_DECISION;
            case ERRORED -> TASK_ERRORED;
            case TIMED_OUT -> TIMED_OUT;
            case STOPPED -> STOPPED;
        };
    }
}
