package io.jenkins.plugins.maia.cli;

import picocli.CommandLine.Command;

/** {@code maia task delete ID}: deletes a task permanently. */
@Command(name = "delete",
        exitCodeListHeading = ExitCodeText.HEADING,
        exitCodeList = {ExitCodeText.OK, ExitCodeText.API_FAILURE, ExitCodeText.USAGE},
        description = "Delete a task permanently. A RUNNING task must be stopped first (the API answers 409).")
public final class TaskDeleteCommand extends TaskIdCommand {

    public TaskDeleteCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    Done act() {
        maia().deleteTask(taskId);
        return new Done(TaskActionJson.of(taskId, "delete"), "Deleted task " + taskId + ".");
    }
}
