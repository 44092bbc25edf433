package io.jenkins.plugins.maia.cli;

/**
 * Invalid input found by the command itself (a missing option, an unreadable file, missing credentials).
 * Exit code 2. The message names the option or variable and the fix, and is printed as one line.
 */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
