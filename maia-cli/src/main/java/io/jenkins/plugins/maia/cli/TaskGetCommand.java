package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.client.model.Task;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code maia task get ID}: status, configuration and pending decisions of a task. */
@Command(name = "get",
        exitCodeListHeading = ExitCodeText.HEADING,
        exitCodeList = {ExitCodeText.OK, ExitCodeText.API_FAILURE, ExitCodeText.USAGE},
        description = "Show a task: status, branches, grants and pending decisions.")
public final class TaskGetCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "ID", description = "The task id.")
    String taskId;

    @Mixin
    JsonOption json;

    public TaskGetCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        boolean asJson = json.begin(ctx);
        Task task = connection.connect(ctx).getTask(taskId);
        if (asJson) {
            ctx.printJson(task);
        } else {
            TaskFormat.print(ServerText.of(ctx).task(task), ctx.out(),
                    new NextSteps(connection.reconnectOptions(), null));
        }
        return 0;
    }
}
