package io.jenkins.plugins.maia.cli;

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
    TIMED_OUT(5);

    private final int code;

    ExitStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
