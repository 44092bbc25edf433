package io.jenkins.plugins.maia.agenttasks.task;

import hudson.AbortException;

/**
 * A step failed because its task did not finish: the message for the console, with how the task ended
 * ({@code ERRORED}, {@code TIMED_OUT}, {@code STOPPED}, {@code NEEDS_DECISION}, ...) and its id, so
 * {@code maiaAgentTasks} reports each task's true outcome rather than "failed".
 */
public final class MaiaTaskFailure extends AbortException {

    private static final long serialVersionUID = 1L;
    private final String taskId;
    private final String outcome;

    public MaiaTaskFailure(String message, String taskId, String outcome) {
        super(message);
        this.taskId = taskId;
        this.outcome = outcome;
    }

    public String getTaskId() {
        return taskId;
    }

    public String getOutcome() {
        return outcome;
    }
}
