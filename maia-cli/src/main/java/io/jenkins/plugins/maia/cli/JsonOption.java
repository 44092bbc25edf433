package io.jenkins.plugins.maia.cli;

import picocli.CommandLine.Option;

/** {@code --json} of the commands about one task or many: the API's answer, or a small object, on stdout. */
public final class JsonOption {

    @Option(names = "--json",
            description = "Print the result as JSON on stdout (indented on a terminal, one line otherwise). A failure "
                    + "prints {\"error\": ..., \"exitCode\": N} instead.")
    boolean json;

    /** Reserves stdout for JSON when {@code --json} was given; call first in the command. */
    boolean begin(CliContext ctx) {
        if (json) {
            ctx.reserveStdoutForJson();
        }
        return json;
    }
}
