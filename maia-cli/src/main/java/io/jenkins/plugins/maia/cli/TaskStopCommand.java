package io.jenkins.plugins.maia.cli;

import picocli.CommandLine.Command;

/** {@code maia task stop ID}: asks the agent to stop gracefully. */
@Command(name = "stop", description = "Ask a task to stop gracefully (it goes STOPPING, then STOPPED).")
public final class TaskStopCommand extends TaskIdCommand {

    public TaskStopCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    String act() {
        maia().stopTask(taskId);
        return "Stop requested for task " + taskId + "; 'maia task get " + taskId + "' shows when it is STOPPED.";
    }
}
