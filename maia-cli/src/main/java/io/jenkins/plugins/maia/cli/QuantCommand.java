package io.jenkins.plugins.maia.cli;

import picocli.CommandLine.Command;

/** {@code maia quant ...}: the Quant task board the mirror writes to. */
@Command(name = "quant",
        exitCodeListHeading = ExitCodeText.HEADING,
        exitCodeList = {ExitCodeText.OK, ExitCodeText.USAGE},
        description = "The Quant task board that run and watch mirror to with --quant-org: list.",
        subcommands = QuantListCommand.class)
public final class QuantCommand {
}
