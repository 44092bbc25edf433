package io.jenkins.plugins.maia.client;

/**
 * A create call failed ambiguously (timeout, dropped connection, 502/504) and reconciliation could not
 * find the task. The task may nevertheless exist: the message says so and how to check, because the
 * API has no idempotency key and retrying blindly could start a second agent.
 */
public class TaskMayExistException extends MaiaException {
    private static final long serialVersionUID = 1L;

    public TaskMayExistException(String message, Throwable cause) {
        super(message, cause);
    }
}
