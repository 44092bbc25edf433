package io.jenkins.plugins.maia.cli;

/**
 * The exit-code lines of the {@code --help} pages ({@code CODE:meaning}), one constant each because annotation arrays
 * can only hold constants. Each command lists the codes it can end with; the numbers are {@link ExitStatus}'s.
 */
final class ExitCodeText {
    private ExitCodeText() {}

    static final String HEADING = "%nExit codes:%n";
    static final String OK = "0:the command succeeded";
    static final String FINISHED = "0:the task finished (STOPPED with nothing pending)";
    static final String API_FAILURE = "1:API or network failure after retries (also 401/403/404/409)";
    static final String FOLLOW_FAILURE = "1:API or network failure (a follow gives up after --give-up-after of "
            + "failures in a row), or a finished task whose last messages could not be read";
    static final String USAGE = "2:usage or invalid input, found before any call";
    static final String ERRORED = "3:the task ended ERRORED";
    static final String NEEDS_DECISION = "4:a decision was needed and the policy did not allow it (task left paused)";
    static final String TIMED_OUT = "5:timeout (the task was not stopped)";
    static final String STOPPED = "6:the task was stopped before it finished (maia task stop, the Maia UI)";
    static final String REJECTED = "7:the task finished, but a tool call was rejected (with --fail-on-rejection)";
    static final String INTERRUPTED = "130:interrupted with Ctrl-C (the task was not stopped)";
    static final String SANDBOX_STOPPED = "130:stopped with Ctrl-C (how a sandbox normally ends)";
}
