package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.client.model.Mode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code maia run}: creates a task and follows it to its end, settling decisions by policy or by asking. */
@Command(name = "run",
        exitCodeListHeading = ExitCodeText.HEADING,
        exitCodeList = {ExitCodeText.FINISHED, ExitCodeText.FOLLOW_FAILURE, ExitCodeText.USAGE, ExitCodeText.ERRORED,
                ExitCodeText.NEEDS_DECISION, ExitCodeText.TIMED_OUT, ExitCodeText.STOPPED, ExitCodeText.REJECTED,
                ExitCodeText.INTERRUPTED},
        sortOptions = false,
        description = {"Create an agent task and follow it to its end. Messages print live, decisions are settled by "
                + "--approve, --reject and --answer (or asked for), and the exit code says how it ended.",
                "Try it without an account: maia run --sandbox --message \"Load sales data from S3 into Snowflake\""})
public final class RunCommand implements Callable<Integer> {

    /** Demo values for --sandbox, which does not care what they are. */
    static final String SANDBOX_PROJECT_ID = "5f1f7e8a-0d6b-4c43-9a53-2c1d5e0b7a11";
    static final String SANDBOX_ENVIRONMENT = "sandbox-dev";
    static final String SANDBOX_SOURCE_BRANCH = "main";
    /** The Jenkins step's default: a run never follows for ever unless asked to. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(120);

    private final CliContext ctx;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--project-id", paramLabel = "UUID", description = "The project the agent works in.")
    String projectId;

    @Option(names = "--environment", paramLabel = "NAME", description = "The project environment the agent uses.")
    String environment;

    @Option(names = "--source-branch", paramLabel = "NAME", description = "The branch the agent starts from.")
    String sourceBranch;

    @ArgGroup(exclusive = true)
    TargetBranch target;

    static final class TargetBranch {
        @Option(names = "--target-branch", paramLabel = "NAME", required = true, description = "The branch the agent pushes to.")
        String name;

        @Option(names = "--generate-branch", required = true, description = "Let the agent name a new branch to push to.")
        boolean generate;
    }

    @Option(names = "--mode", paramLabel = "PLAN|ACT", converter = ModeConverter.class, defaultValue = "ACT",
            completionCandidates = ModeConverter.Candidates.class,
            description = "ACT makes changes; PLAN only plans (default: ${DEFAULT-VALUE}).")
    Mode mode;

    @Option(names = "--working-directory", paramLabel = "DIR", description = "Directory of the project the agent works in.")
    String workingDirectory;

    @Option(names = "--graph-id", paramLabel = "ID", description = "The graph (pipeline) the task is about.")
    String graphId;

    @Option(names = "--grant", paramLabel = "TOOL", description = "Let the agent use TOOL without asking (repeatable), e.g. git_commit.")
    List<String> grants = new ArrayList<>();

    @ArgGroup(exclusive = true, multiplicity = "1")
    MessageInput message;

    @Mixin
    FollowSettings follow;

    @Mixin
    QuantOptions quant;

    @Option(names = "--sandbox",
            description = "Start a local sandbox server and run against it (no account needed; demo defaults for project, environment and branches).")
    boolean sandbox;

    @Option(names = "--scenario", paramLabel = "NAME|FILE",
            description = "With --sandbox: the scripted agent, a built-in name or a JSON/YAML file (default: approval-and-question).")
    String scenario;

    @Option(names = "--sandbox-pacing", paramLabel = "DURATION", converter = DurationConverter.class, hidden = true,
            description = "With --sandbox: time between the scripted agent's steps (tests use a few ms).")
    Duration sandboxPacing;

    public RunCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ctx.reserveStdoutFor(follow.jsonMode());
        validateTarget();
        follow.validate();
        follow.checkDecisionTimeout(follow.onDecision(ctx.env()));
        if (follow.timeout == null) {
            follow.timeout = DEFAULT_TIMEOUT;
        }
        String text = message.read(ctx);
        CreateTaskRequest request = request(text);
        DecisionFlagCheck.beforeFollow(follow, Map.of("--grant", grants)).forEach(ctx.err()::println);
        quant.validate();
        if (sandbox) {
            try (EmbeddedSandbox server = EmbeddedSandbox.start(ctx, scenario, sandboxPacing);
                    QuantMirrorSession mirror = QuantMirrorSession.open(ctx, quant, server.quantUrl(),
                            EmbeddedSandbox.TOKEN, "maia run")) {
                return new FollowSession(ctx, follow, "maia run", true, connection).mirrorTo(mirror)
                        .create(server.connect(ctx, connection), request);
            }
        }
        try (QuantMirrorSession mirror = QuantMirrorSession.open(ctx, quant, null, null, "maia run")) {
            return new FollowSession(ctx, follow, "maia run", false, connection).mirrorTo(mirror)
                    .create(connection.connect(ctx), request);
        }
    }

    private void validateTarget() {
        if (sandbox) {
            if (connection.serverGiven() || connection.tokenUrlGiven()) {
                throw new UsageException("--sandbox runs against its own local server: drop --base-url, --region and --token-url");
            }
            return;
        }
        if (scenario != null || sandboxPacing != null) {
            throw new UsageException("--scenario only applies with --sandbox");
        }
        List<String> missing = new ArrayList<>();
        if (projectId == null) {
            missing.add("--project-id UUID");
        }
        if (environment == null) {
            missing.add("--environment NAME");
        }
        if (sourceBranch == null) {
            missing.add("--source-branch NAME");
        }
        if (target == null) {
            missing.add("--target-branch NAME or --generate-branch");
        }
        if (!missing.isEmpty()) {
            throw new UsageException("Missing " + String.join(", ", missing)
                    + " (or try 'maia run --sandbox' to run against a local sandbox without an account)");
        }
    }

    private CreateTaskRequest request(String text) {
        boolean generate = target == null ? sandbox : target.generate;
        return CreateTaskRequest.builder()
                .message(text)
                .mode(mode)
                .projectId(orDefault(projectId, SANDBOX_PROJECT_ID))
                .environmentName(orDefault(environment, SANDBOX_ENVIRONMENT))
                .sourceBranchName(orDefault(sourceBranch, SANDBOX_SOURCE_BRANCH))
                .targetBranchName(target == null ? null : target.name)
                .generateBranch(generate)
                .graphId(graphId)
                .workingDirectory(workingDirectory)
                .grantedTools(grants.isEmpty() ? null : grants)
                .build();
    }

    private String orDefault(String value, String sandboxDefault) {
        return value == null && sandbox ? sandboxDefault : value;
    }
}
