package io.jenkins.plugins.maia.sandbox.agent;

/** The request does not fit the task's current status (for example deleting a RUNNING task). Answered with 409. */
public final class TaskConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TaskConflictException(String message) {
        super(message);
    }
}
