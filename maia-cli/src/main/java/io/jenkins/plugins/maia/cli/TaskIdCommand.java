package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.client.MaiaClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * What the {@code maia task} commands that make one call about one task share: the connection options, the task
 * id as the first parameter, and printing what the call came to. A subclass adds its own options and makes its call
 * in {@link #act} through {@link #maia()} (connecting only then, so that its own input is read and checked first).
 * Exit code 0 on success; a failure reaches the {@code ErrorReporter} as an exception.
 */
abstract class TaskIdCommand implements Callable<Integer> {

    final CliContext ctx;

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "ID", description = "The task id.")
    String taskId;

    TaskIdCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public final Integer call() {
        ctx.out().println(act());
        return 0;
    }

    /** Makes the command's call about {@link #taskId} and returns what to print on stdout. */
    abstract String act();

    /** The client for the connection options. */
    final MaiaClient maia() {
        return connection.connect(ctx);
    }
}
