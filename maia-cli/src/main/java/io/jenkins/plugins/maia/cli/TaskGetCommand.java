package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.client.model.Task;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code maia task get ID}: status, configuration and pending decisions of a task. */
@Command(name = "get", description = "Show a task: status, branches, grants and pending decisions.")
public final class TaskGetCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "ID", description = "The task id.")
    String taskId;

    @Option(names = "--json", description = "Print the task as JSON on stdout.")
    boolean json;

    public TaskGetCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Task task = connection.connect(ctx).getTask(taskId);
        if (json) {
            ctx.out().println(JsonOutput.write(task));
        } else {
            TaskFormat.print(ServerText.of(ctx).task(task), ctx.out());
        }
        return 0;
    }
}
