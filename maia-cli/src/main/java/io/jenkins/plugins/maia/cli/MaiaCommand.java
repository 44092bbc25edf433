package io.jenkins.plugins.maia.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root {@code maia} command: holds the global options; the work is done by its subcommands. */
@Command(name = "maia",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = MaiaVersion.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {"Run and follow Maia AI agent tasks from a shell or any CI system. Credentials come from the "
                + "environment: MAIA_TOKEN, or MAIA_CLIENT_ID and MAIA_CLIENT_SECRET."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:finished (or the command succeeded)",
                "1:API or network failure after retries",
                "2:usage or invalid input, found before any call",
                "3:the task ended ERRORED",
                "4:a decision was needed and the policy did not allow it (task left paused)",
                "5:timeout (the task was not stopped)"},
        subcommands = {
                RunCommand.class,
                WatchCommand.class,
                TaskCommand.class,
                TasksCommand.class,
                SandboxCommand.class})
public final class MaiaCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Spec
    CommandSpec spec;

    public MaiaCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print details of each step, and stack traces on errors (secrets are never printed).")
    void setVerbose(boolean verbose) {
        ctx.setVerbose(verbose);
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command: use one of run, watch, task, tasks, sandbox");
    }
}
