package io.jenkins.plugins.maia.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until maia-sandbox lands. */
@Command(name = "sandbox", description = "Run a local Maia-compatible sandbox server in the foreground.")
public final class SandboxCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageException("the sandbox is not available yet");
    }
}
