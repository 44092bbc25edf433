package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.follower.graph.GraphState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code maia batch FILE}: many agent tasks as one unit, with dependencies, run side by side within one rate budget.
 */
@Command(name = "batch",
        exitCodeListHeading = ExitCodeText.HEADING,
        // Listed by number; the batch's code is the most severe task code, in the order 1, 3, 6, 5, 4, 7 (BatchReport).
        exitCodeList = {"0:every task finished",
                "1:the most severe task code was 1 (an API or network failure)",
                ExitCodeText.USAGE,
                "3:the most severe task code was 3 (a task ERRORED)",
                "4:the most severe task code was 4 (a task waits for a decision; re-run to continue)",
                "5:the most severe task code was 5 (a task timed out)",
                "6:the most severe task code was 6 (a task was stopped elsewhere before it finished)",
                "7:the most severe task code was 7 (a task finished after a rejected tool call, with "
                        + "--fail-on-rejection or failOnRejection: true)",
                ExitCodeText.INTERRUPTED},
        sortOptions = false,
        description = {"Run the agent tasks of a batch file (YAML or JSON): each starts once the tasks it dependsOn "
                + "finished, at most maxConcurrent at a time, all within one rate budget. Output lines start with the "
                + "task id. Re-running the same command continues the batch (--state): finished tasks are not run "
                + "again and no task is created twice.",
                "defaults: takes any 'maia run' option as the camelCase of its long option (projectId, sourceBranch, "
                        + "generateBranch: true, approve: [query_warehouse], answer: [\"0=Incremental\"]); tasks: a "
                        + "list of {id, message, dependsOn, ...the same fields}; maxConcurrent (default 4), failFast "
                        + "(default false). The server and credentials come from the command line and environment, "
                        + "never from the file.",
                "--quant-org ORG mirrors every task to a Quant task list (default maia- and the file's name without "
                        + "its extension): pending while it waits for its dependencies, dependsOn the Quant tasks of "
                        + "them, then as 'maia run' mirrors a task; cancelled when skipped. Quant never changes the "
                        + "exit code.",
                "Try it: maia batch --sandbox FILE (add --quant-org demo for the sandbox's own Quant board)"})
public final class BatchCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "FILE", description = "The batch file (.yaml, .yml or .json).")
    Path file;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    FollowSettings follow;

    @Mixin
    QuantOptions quant;

    @Option(names = "--state", paramLabel = "FILE",
            description = "Where the batch's progress is saved, to continue it by running the same command again "
                    + "(default: " + BatchStateFile.DEFAULT_NAME + " in the --transcript directory, else in the "
                    + "working directory; with --sandbox none unless given).")
    Path state;

    @Option(names = "--sandbox",
            description = "Start a local sandbox server and run against it (no account needed; demo defaults for "
                    + "project, environment and branches).")
    boolean sandbox;

    @Option(names = "--scenario", paramLabel = "NAME|FILE",
            description = "With --sandbox: the scripted agent of every task, a built-in name or a JSON/YAML file "
                    + "(default: approval-and-question; a message starting [scenario:NAME] picks its own).")
    String scenario;

    @Option(names = "--sandbox-pacing", paramLabel = "DURATION", converter = DurationConverter.class, hidden = true,
            description = "With --sandbox: time between the scripted agent's steps (tests use a few ms).")
    Duration sandboxPacing;

    public BatchCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ctx.reserveStdoutFor(follow.jsonMode());
        if (follow.jsonl) {
            throw new UsageException("--jsonl is not offered by maia batch: use --json for one object with every "
                    + "task's result");
        }
        if (follow.summaryFile != null) {
            throw new UsageException("--summary is not offered by maia batch yet: use --json and write the summary "
                    + "from its tasks");
        }
        checkSandboxOptions();
        follow.validate();
        BatchPlan plan;
        BatchSession session;
        BatchStateFile stateFile;
        try {
            plan = BatchPlan.of(BatchFile.read(file), follow, sandbox, ctx.env());
            stateFile = sandbox && state == null ? BatchStateFile.none()
                    : BatchStateFile.of(state, plan.transcriptDir());
            session = new BatchSession(ctx, plan, stateFile);
        } catch (BatchFileProblems e) {
            if (e.problems().size() == 1) {
                throw new UsageException(file + ": " + e.problems().get(0));
            }
            // One line each (a single line would be cut), then the error line that ends the command.
            e.problems().forEach(p -> ctx.err().println("maia batch: " + file + ": " + TerminalText.oneLine(p, 2000)));
            throw new UsageException(file + " has " + e.problems().size() + " problems (listed above): fix them and "
                    + "run again");
        }
        if (plan.transcriptDir() != null) {
            TranscriptSession.checkWritable(plan.transcriptDir());
        }
        GraphState saved = GraphState.empty();
        if (stateFile.saves()) {
            stateFile.checkWritable();
            saved = stateFile.load();
        }
        session.toolWarnings().forEach(ctx.err()::println);
        quant.validate();
        if (sandbox) {
            try (EmbeddedSandbox server = EmbeddedSandbox.start(ctx, scenario, sandboxPacing);
                    BatchQuantMirror mirror = BatchQuantMirror.open(ctx, quant, server.quantUrl(),
                            EmbeddedSandbox.TOKEN, file)) {
                return session.mirrorTo(mirror).run(server.connect(ctx, connection), saved);
            }
        }
        try (BatchQuantMirror mirror = BatchQuantMirror.open(ctx, quant, null, null, file)) {
            return session.mirrorTo(mirror).run(connection.connect(ctx), saved);
        }
    }

    private void checkSandboxOptions() {
        if (sandbox && (connection.serverGiven() || connection.tokenUrlGiven())) {
            throw new UsageException("--sandbox runs against its own local server: drop --base-url, --region and "
                    + "--token-url");
        }
        if (!sandbox && (scenario != null || sandboxPacing != null)) {
            throw new UsageException("--scenario only applies with --sandbox");
        }
    }
}
