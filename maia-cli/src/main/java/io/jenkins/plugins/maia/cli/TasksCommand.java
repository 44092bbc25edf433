package io.jenkins.plugins.maia.cli;

import picocli.CommandLine.Command;

/** {@code maia tasks ...}: commands about many tasks. */
@Command(name = "tasks",
        exitCodeListHeading = ExitCodeText.HEADING,
        exitCodeList = {ExitCodeText.OK, ExitCodeText.USAGE},
        description = "Commands about many tasks: list.", subcommands = TasksListCommand.class)
public final class TasksCommand {
}
