package io.jenkins.plugins.maia.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code maia task stop ID}: asks the agent to stop gracefully. */
@Command(name = "stop",
        exitCodeListHeading = ExitCodeText.HEADING,
        exitCodeList = {ExitCodeText.OK, ExitCodeText.API_FAILURE, ExitCodeText.USAGE},
        description = "Ask a task to stop gracefully (it goes STOPPING, then STOPPED).")
public final class TaskStopCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "ID", description = "The task id.")
    String taskId;

    @Mixin
    JsonOption json;

    public TaskStopCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        boolean asJson = json.begin(ctx);
        connection.connect(ctx).stopTask(taskId);
        if (asJson) {
            ctx.printJson(TaskActionJson.of(taskId, "stop"));
            return 0;
        }
        ctx.out().println("Stop requested for task " + taskId + "; '"
                + new NextSteps(connection.reconnectOptions(), null).task("get", taskId, null) + "' shows when it is STOPPED.");
        return 0;
    }
}
