package io.jenkins.plugins.maia.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code maia watch ID}: follows an existing task (e.g. one left paused by exit code 4) to its end. */
@Command(name = "watch",
        exitCodeListHeading = ExitCodeText.HEADING,
        exitCodeList = {ExitCodeText.FINISHED, ExitCodeText.FOLLOW_FAILURE, ExitCodeText.USAGE, ExitCodeText.ERRORED,
                ExitCodeText.NEEDS_DECISION, ExitCodeText.TIMED_OUT, ExitCodeText.STOPPED, ExitCodeText.REJECTED,
                ExitCodeText.INTERRUPTED},
        sortOptions = false,
        description = {"Follow an existing task to its end, e.g. resume one left paused (exit code 4). It takes the "
                + "same decision, transcript and timeout options as 'run'.",
                "Use it to resume a task left paused (exit code 4): maia watch ID --approve git_push"})
public final class WatchCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "ID", description = "The task id.")
    String taskId;

    @Mixin
    FollowSettings follow;

    @Mixin
    QuantOptions quant;

    public WatchCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ctx.reserveStdoutFor(follow.jsonMode());
        follow.validate();
        follow.checkDecisionTimeout(follow.onDecision(ctx.env()));
        DecisionFlagCheck.beforeFollow(follow, Map.of()).forEach(ctx.err()::println);
        try (QuantMirrorSession mirror = QuantMirrorSession.open(ctx, quant, null, null, "maia watch")) {
            return new FollowSession(ctx, follow, "maia watch", false, connection).mirrorTo(mirror)
                    .watch(connection.connect(ctx), taskId);
        }
    }
}
