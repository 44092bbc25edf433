package io.jenkins.plugins.maia.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code maia task stop ID}: asks the agent to stop gracefully. */
@Command(name = "stop", description = "Ask a task to stop gracefully (it goes STOPPING, then STOPPED).")
public final class TaskStopCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "ID", description = "The task id.")
    String taskId;

    public TaskStopCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        connection.connect(ctx).stopTask(taskId);
        ctx.out().println("Stop requested for task " + taskId + "; 'maia task get " + taskId + "' shows when it is STOPPED.");
        return 0;
    }
}
