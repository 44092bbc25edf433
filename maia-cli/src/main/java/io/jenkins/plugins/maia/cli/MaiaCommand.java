package io.jenkins.plugins.maia.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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
                + "environment: MAIA_TOKEN, or MAIA_CLIENT_ID and MAIA_CLIENT_SECRET. The server may come from "
                + "MAIA_BASE_URL or MAIA_REGION, the token URL from MAIA_TOKEN_URL (options win)."},
        exitCodeListHeading = ExitCodeText.HEADING,
        exitCodeList = {
                "0:finished (or the command succeeded)",
                ExitCodeText.FOLLOW_FAILURE,
                ExitCodeText.USAGE,
                ExitCodeText.ERRORED,
                ExitCodeText.NEEDS_DECISION,
                ExitCodeText.TIMED_OUT,
                ExitCodeText.STOPPED,
                ExitCodeText.REJECTED,
                ExitCodeText.INTERRUPTED},
        subcommands = {
                RunCommand.class,
                WatchCommand.class,
                BatchCommand.class,
                TaskCommand.class,
                TasksCommand.class,
                QuantCommand.class,
                SandboxCommand.class,
                CompletionCommand.class,
                CommandLine.HelpCommand.class})
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

    /** {@code maia} alone: the usage, as {@code maia --help} and {@code maia help} print it. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitStatus.OK.code();
    }
}
