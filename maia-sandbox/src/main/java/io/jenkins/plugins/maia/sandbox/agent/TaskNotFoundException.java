package io.jenkins.plugins.maia.sandbox.agent;

/** No task with that id (never created, or deleted). Answered with 404. */
public final class TaskNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TaskNotFoundException(String taskId) {
        super("Task " + taskId + " not found");
    }
}
