package io.jenkins.plugins.maia.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code maia completion bash|zsh}: prints a completion script for the shell, made by picocli from the commands. */
@Command(name = "completion",
        description = {"Print a shell completion script for maia's commands and options.",
                "bash: source <(maia completion bash)   (or save it in /etc/bash_completion.d/maia)",
                "zsh:  source <(maia completion zsh)    (the script loads zsh's bash completion support)"},
        exitCodeListHeading = ExitCodeText.HEADING,
        exitCodeList = {ExitCodeText.OK, ExitCodeText.USAGE})
public final class CompletionCommand implements Callable<Integer> {

    /** The shells the script works in. */
    enum Shell { BASH, ZSH }

    /** Completion offers the names as they are typed. */
    static final class ShellNames extends java.util.ArrayList<String> {
        private static final long serialVersionUID = 1L;

        ShellNames() {
            super(java.util.List.of("bash", "zsh"));
        }
    }

    private final CliContext ctx;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "bash|zsh", completionCandidates = ShellNames.class,
            description = "The shell: bash or zsh.")
    Shell shell;

    public CompletionCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        // picocli's script is written for bash and, as it says in its header, runs in zsh after bashcompinit, which
        // the script itself loads when it finds itself in zsh: one script serves both.
        ctx.out().print(AutoComplete.bash("maia", spec.root().commandLine()));
        ctx.out().flush();
        return ExitStatus.OK.code();
    }
}
