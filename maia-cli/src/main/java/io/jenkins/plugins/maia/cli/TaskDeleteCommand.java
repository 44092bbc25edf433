package io.jenkins.plugins.maia.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code maia task delete ID}: deletes a task for good (a RUNNING task must be stopped first). */
@Command(name = "delete",
        exitCodeListHeading = ExitCodeText.HEADING,
        exitCodeList = {ExitCodeText.OK, ExitCodeText.API_FAILURE, ExitCodeText.USAGE},
        description = "Delete a task permanently. A RUNNING task must be stopped first (the API answers 409).")
public final class TaskDeleteCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "ID", description = "The task id.")
    String taskId;

    @Mixin
    JsonOption json;

    public TaskDeleteCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        boolean asJson = json.begin(ctx);
        connection.connect(ctx).deleteTask(taskId);
        if (asJson) {
            ctx.printJson(TaskActionJson.of(taskId, "delete"));
            return 0;
        }
        ctx.out().println("Deleted task " + taskId + ".");
        return 0;
    }
}
