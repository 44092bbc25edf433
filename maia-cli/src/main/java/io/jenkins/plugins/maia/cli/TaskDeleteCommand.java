package io.jenkins.plugins.maia.cli;

import picocli.CommandLine.Command;

/** {@code maia task delete ID}: deletes a task for good (a RUNNING task must be stopped first). */
@Command(name = "delete", description = "Delete a task permanently. A RUNNING task must be stopped first (the API answers 409).")
public final class TaskDeleteCommand extends TaskIdCommand {

    public TaskDeleteCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    String act() {
        maia().deleteTask(taskId);
        return "Deleted task " + taskId + ".";
    }
}
