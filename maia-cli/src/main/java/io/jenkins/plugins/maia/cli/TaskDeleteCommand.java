package io.jenkins.plugins.maia.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code maia task delete ID}: deletes a task for good (a RUNNING task must be stopped first). */
@Command(name = "delete", description = "Delete a task permanently. A RUNNING task must be stopped first (the API answers 409).")
public final class TaskDeleteCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "ID", description = "The task id.")
    String taskId;

    public TaskDeleteCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        connection.connect(ctx).deleteTask(taskId);
        ctx.out().println("Deleted task " + taskId + ".");
        return 0;
    }
}
