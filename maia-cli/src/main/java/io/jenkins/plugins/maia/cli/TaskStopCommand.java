package io.jenkins.plugins.maia.cli;

import picocli.CommandLine.Command;

/** {@code maia task stop ID}: asks the agent to stop gracefully. */
@Command(name = "stop",
        exitCodeListHeading = ExitCodeText.HEADING,
        exitCodeList = {ExitCodeText.OK, ExitCodeText.API_FAILURE, ExitCodeText.USAGE},
        description = "Ask a task to stop gracefully (it goes STOPPING, then STOPPED).")
public final class TaskStopCommand extends TaskIdCommand {

    public TaskStopCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    Done act() {
        maia().stopTask(taskId);
        return new Done(TaskActionJson.of(taskId, "stop"), "Stop requested for task " + taskId + "; '"
                + nextSteps().task("get", taskId, null) + "' shows when it is STOPPED.");
    }
}
