package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.client.MaiaClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * What the {@code maia task} commands that make one call about one task share: the connection options, the task
 * id as the first parameter, {@code --json}, and printing what the call came to. A subclass adds its own options and
 * makes its call in {@link #act} through {@link #maia()} (connecting only then, so that its own input is read and
 * checked first). Exit code 0 on success; a failure reaches the {@code ErrorReporter} as an exception (which prints
 * an error object under {@code --json}).
 */
abstract class TaskIdCommand implements Callable<Integer> {

    final CliContext ctx;

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "ID", description = "The task id.")
    String taskId;

    @Mixin
    JsonOption json;

    TaskIdCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    /** What a call came to: the object printed under {@code --json}, and the line printed otherwise. */
    record Done(Object json, String text) {}

    @Override
    public final Integer call() {
        boolean asJson = json.begin(ctx);
        Done done = act();
        if (asJson) {
            ctx.printJson(done.json());
        } else {
            ctx.out().println(done.text());
        }
        return 0;
    }

    /** Makes the command's call about {@link #taskId} and says what it came to. */
    abstract Done act();

    /** The client for the connection options. */
    final MaiaClient maia() {
        return connection.connect(ctx);
    }

    /** The next-step commands with the server, token URL and transcript the user gave. */
    final NextSteps nextSteps() {
        return new NextSteps(connection.reconnectOptions(), null);
    }
}
