package io.jenkins.plugins.maia.cli;

import picocli.CommandLine.Command;

/** {@code maia task ...}: commands about one task, named by its id. */
@Command(name = "task",
        exitCodeListHeading = ExitCodeText.HEADING,
        exitCodeList = {ExitCodeText.OK, ExitCodeText.USAGE},
        description = "Inspect and act on one task: get, messages, send, decide, permissions, stop, delete.",
        subcommands = {
                TaskGetCommand.class,
                TaskMessagesCommand.class,
                TaskSendCommand.class,
                TaskDecideCommand.class,
                TaskPermissionsCommand.class,
                TaskStopCommand.class,
                TaskDeleteCommand.class})
public final class TaskCommand {
}
