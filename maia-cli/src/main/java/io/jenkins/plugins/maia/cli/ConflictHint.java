package io.jenkins.plugins.maia.cli;

/**
 * The API answers 409 when a request does not fit the task's status, often without saying which status it wanted.
 * This says it for the operation that was refused, with the commands that get there.
 */
final class ConflictHint {
    private ConflictHint() {}

    /** A sentence to add to the error of {@code command} refused with 409, or "" when there is nothing to add. */
    static String of(String command, String taskId, NextSteps next) {
        if (taskId == null) {
            return "";
        }
        return switch (command) {
            case "maia task delete" -> "; a RUNNING or STOPPING task cannot be deleted: stop it with '"
                    + next.task("stop", taskId, null) + "', wait until '" + next.task("get", taskId, null)
                    + "' shows STOPPED, then delete it";
            case "maia task send" -> "; a follow-up message is accepted only while the task is STOPPED (finished or "
                    + "paused), not while it is RUNNING or STOPPING: wait for it with '" + next.watch(taskId, null)
                    + "', or stop it with '" + next.task("stop", taskId, null) + "', then send again";
            case "maia task decide" -> "; decisions are accepted only while the task is paused with pending decisions: '"
                    + next.task("get", taskId, null) + "' shows them";
            case "maia task stop" -> "; the task may be stopped already: '" + next.task("get", taskId, null)
                    + "' shows its status";
            default -> "";
        };
    }
}
