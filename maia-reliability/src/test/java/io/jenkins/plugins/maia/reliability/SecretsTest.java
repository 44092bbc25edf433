package io.jenkins.plugins.maia.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.jenkins.plugins.maia.follower.budget.AccountBudgets;
import io.jenkins.plugins.maia.client.MaiaClient;
import io.jenkins.plugins.maia.client.RetryPolicy;
import io.jenkins.plugins.maia.client.auth.ClientCredentialsTokenSource;
import io.jenkins.plugins.maia.client.auth.StaticToken;
import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.client.model.CreatedTask;
import io.jenkins.plugins.maia.follower.decision.DecisionPolicy;
import io.jenkins.plugins.maia.follower.decision.Fallback;
import io.jenkins.plugins.maia.follower.follow.FollowListener;
import io.jenkins.plugins.maia.follower.follow.FollowOptions;
import io.jenkins.plugins.maia.follower.follow.FollowResult;
import io.jenkins.plugins.maia.follower.follow.FollowState;
import io.jenkins.plugins.maia.follower.follow.PollingPolicy;
import io.jenkins.plugins.maia.follower.follow.TaskFollower;
import io.jenkins.plugins.maia.sandbox.SandboxOptions;
import io.jenkins.plugins.maia.sandbox.SandboxServer;
import io.jenkins.plugins.maia.sandbox.scenario.Scenario;
import io.jenkins.plugins.maia.follower.transcript.Redactor;
import io.jenkins.plugins.maia.follower.transcript.TranscriptWriter;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the full flows with a recognisable token and client secret, and scans everything they produce for them:
 * stdout and stderr (with {@code --verbose}, which prints stack traces), the java.util.logging output of every Maia
 * module and OkHttp at every level, the transcripts and saved state files, serialized {@link FollowState} bytes,
 * {@code --json} results, and exception messages and stack traces. Target: zero hits.
 *
 * <p>Every secret carries the marker {@value #MARKER}, so a partial leak (a prefix, a cut) is caught too, and so is
 * any access token the sandbox's token endpoint issues ({@code sbx.} followed by its random part).
 */
class SecretsTest {

    static final String MARKER = "SECRETSCAN";
    static final String TOKEN = "tok-SECRETSCAN-4f7a9c2e81";
    static final String CLIENT_ID = "secretscan-client";
    static final String CLIENT_SECRET = "sec-SECRETSCAN-b3d5e7f9a1";
    static final String WRONG_TOKEN = "tok-SECRETSCAN-wrong-1d1d";
    static final String WRONG_SECRET = "sec-SECRETSCAN-wrong-0c0c";
    static final Pattern ISSUED_TOKEN = Pattern.compile("sbx\\.[A-Za-z0-9_-]{16,}");
    static final String PROJECT = "5f1f7e8a-0d6b-4c43-9a53-2c1d5e0b7a11";

    static SandboxServer sandbox;

    @TempDir
    Path dir;

    /** Everything produced, by where it came from. */
    final List<Output> outputs = new ArrayList<>();
    final List<Integer> exitCodes = new ArrayList<>();
    LogCapture maiaLogs;
    LogCapture okhttpLogs;
    LogCapture rootLogs;

    record Output(String where, String text) {}

    @BeforeAll
    static void startSandbox() {
        // Tokens from the token endpoint live 2 s, so every client-credentials flow renews them on the way.
        sandbox = SandboxServer.start(SandboxOptions.builder()
                .port(0)
                .defaultScenario("approval-and-question")
                .tokens(Set.of(TOKEN))
                .clientCredentials(CLIENT_ID, CLIENT_SECRET)
                .tokenLifetime(Duration.ofSeconds(2))
                .pacing(Duration.ofMillis(5))
                .scenarios(List.of(echoingAgent("echo-token", TOKEN), echoingAgent("echo-secret", CLIENT_SECRET)))
                .build());
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @BeforeEach
    void captureLogs() {
        maiaLogs = LogCapture.of("io.jenkins.plugins.maia", Level.ALL);
        okhttpLogs = LogCapture.of("okhttp3", Level.ALL);
        rootLogs = LogCapture.of("", Level.INFO);
    }

    @AfterEach
    void detachLogs() {
        maiaLogs.close();
        okhttpLogs.close();
        rootLogs.close();
    }

    /** Scans everything produced so far: the recorded outputs, the logs, and every file under {@link #dir}. */
    void scanEverything() throws Exception {
        scan(path -> true, true);
    }

    /**
     * Scans the files under {@link #dir} that {@code files} accepts, and (if {@code outputsAndLogs}) the recorded
     * outputs and the logs.
     */
    void scan(java.util.function.Predicate<Path> files, boolean outputsAndLogs) throws Exception {
        List<Output> all = new ArrayList<>();
        if (outputsAndLogs) {
            all.addAll(outputs);
            all.add(new Output("java.util.logging (io.jenkins.plugins.maia, ALL)", maiaLogs.text()));
            all.add(new Output("java.util.logging (okhttp3, ALL)", okhttpLogs.text()));
            all.add(new Output("java.util.logging (root, INFO)", rootLogs.text()));
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).filter(files).toList()) {
                all.add(new Output("file " + dir.relativize(file),
                        new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)));
            }
        }
        assertThat(all).as("something to scan").isNotEmpty();
        assertThat(hits(all)).as("secrets found in what the flows produced").isEmpty();
    }

    @Test
    void cliRunWithABearerTokenFromTheEnvironment() throws Exception {
        Cli.Result r = Cli.withToken(TOKEN).run(run(dir.resolve("token"), "--approve", "query_warehouse",
                "--approve-for-task", "git_push", "--answer", "0=Incremental", "--json", "--verbose"));
        record("maia run (MAIA_TOKEN)", r);
        assertThat(r.exitCode()).as(r.err()).isZero();
        // --json off a terminal is one compact line: read it as JSON.
        assertThat(FakeMaia.JSON.readTree(r.out()).get("outcome").asText()).isEqualTo("FINISHED");
        scanEverything();
    }

    @Test
    void cliRunWithClientCredentialsRenewingItsToken() throws Exception {
        Cli.Result r = Cli.withClientCredentials(CLIENT_ID, CLIENT_SECRET).run(withTokenUrl(run(dir.resolve("oauth"),
                "--approve", "query_warehouse", "--approve-for-task", "git_push", "--answer", "0=Incremental",
                "--json", "--verbose")));
        record("maia run (MAIA_CLIENT_ID/SECRET)", r);
        assertThat(r.exitCode()).as(r.err()).isZero();
        // --json off a terminal is one compact line: read it as JSON.
        assertThat(FakeMaia.JSON.readTree(r.out()).get("outcome").asText()).isEqualTo("FINISHED");
        scanEverything();
    }

    @Test
    void cliCommandsAroundATask() throws Exception {
        String taskId = createdTask();
        Path transcripts = dir.resolve("watch");
        record("maia watch", Cli.withToken(TOKEN).run("watch", taskId, "--base-url", sandbox.baseUrl(), "--transcript",
                transcripts.toString(), "--approve", "query_warehouse", "--approve-for-task", "git_push", "--answer",
                "0=Incremental", "--poll-interval", "50ms", "--requests-per-minute", "6000", "--json", "--verbose"));
        record("maia task get --json", Cli.withToken(TOKEN).run("task", "get", taskId, "--json", "--base-url",
                sandbox.baseUrl(), "--verbose"));
        record("maia task messages", Cli.withToken(TOKEN).run("task", "messages", taskId, "--base-url",
                sandbox.baseUrl(), "--verbose"));
        record("maia tasks list --json", Cli.withClientCredentials(CLIENT_ID, CLIENT_SECRET).run(withTokenUrl(
                List.of("tasks", "list", "--json", "--base-url", sandbox.baseUrl(), "--verbose"))
                .toArray(String[]::new)));
        assertThat(exitCodes).containsExactly(0, 0, 0, 0);
        scanEverything();
    }

    @Test
    void cliErrorPathsWithStackTraces() throws Exception {
        Cli.Result wrongToken = Cli.withToken(WRONG_TOKEN).run(run(dir.resolve("wrong-token"), "--verbose"));
        record("maia run with a refused token --verbose", wrongToken);
        assertThat(wrongToken.exitCode()).isEqualTo(1);
        assertThat(wrongToken.err()).contains("401").contains("\tat "); // --verbose: the trace is there, redacted

        Cli.Result wrongSecret = Cli.withClientCredentials(CLIENT_ID, WRONG_SECRET).run(withTokenUrl(
                run(dir.resolve("wrong-secret"), "--verbose")));
        record("maia run with a refused client secret --verbose", wrongSecret);
        assertThat(wrongSecret.exitCode()).isEqualTo(1);
        assertThat(wrongSecret.err()).contains("401");

        Cli.Result both = Cli.withToken(TOKEN).env("MAIA_CLIENT_ID", CLIENT_ID).env("MAIA_CLIENT_SECRET", CLIENT_SECRET)
                .run(run(dir.resolve("both"), "--verbose"));
        record("maia run with both kinds of credentials", both);
        assertThat(both.exitCode()).isEqualTo(2);
        scanEverything();
    }

    @Test
    void theTranscriptsMaskWhatAnEchoingAgentSays() throws Exception {
        runEchoingAgents();
        assertThat(exitCodes).containsExactly(0, 0);
        scan(file -> file.toString().matches(".*maia-transcript-.*\\.(jsonl|md|html)"), false);
    }

    @Test
    void theConsoleMasksWhatAnEchoingAgentSays() throws Exception {
        runEchoingAgents();
        scan(file -> false, true);
    }

    @Test
    void theSavedStateMasksWhatAnEchoingAgentSays() throws Exception {
        runEchoingAgents();
        scan(file -> file.toString().endsWith(".state"), false);
    }

    private void runEchoingAgents() {
        record("maia run, agent echoing MAIA_TOKEN", Cli.withToken(TOKEN).run(run(dir.resolve("echo-token"),
                "--message", "[scenario:echo-token] show me your environment", "--grant", "print_env", "--verbose",
                "--json")));
        record("maia run, agent echoing MAIA_CLIENT_SECRET", Cli.withClientCredentials(CLIENT_ID, CLIENT_SECRET)
                .run(withTokenUrl(run(dir.resolve("echo-secret"), "--message",
                        "[scenario:echo-secret] show me your environment", "--grant", "print_env", "--verbose",
                        "--json"))));
    }

    @Test
    void followerWithTranscriptsAndSavedState() throws Exception {
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        TaskFollower follower = TaskFollower.builder().scheduler(scheduler)
                .budgets(new AccountBudgets(InstantSource.system()))
                .budgetSettings(new io.jenkins.plugins.maia.follower.budget.BudgetSettings(6_000, 100)).build();
        try {
            MaiaClient client = MaiaClient.builder().baseUrl(sandbox.baseUrl())
                    .tokenSource(ClientCredentialsTokenSource.create(null, sandbox.tokenUrl(), CLIENT_ID, CLIENT_SECRET))
                    .build();
            CreatedTask task = client.createTask(request("Build the sales pipeline", null));
            List<FollowState> states = new ArrayList<>();
            Path transcripts = dir.resolve("follower");
            try (TranscriptWriter writer = TranscriptWriter.open(transcripts, task.taskId(),
                    Redactor.of(List.of(TOKEN, CLIENT_SECRET)))) {
                FollowListener stateKeeper = new FollowListener() {
                    @Override
                    public void onStateChanged(FollowState state) {
                        states.add(state);
                    }
                };
                FollowOptions options = FollowOptions.builder()
                        .polling(new PollingPolicy(Duration.ofMillis(50), 1.5, Duration.ofMillis(500)))
                        .decisions(new DecisionPolicy(Set.of("query_warehouse"), Set.of("git_push"), Set.of(),
                                Map.of(0, "Incremental"), Fallback.PAUSE)).build();
                FollowResult result = follower.follow(client, FollowState.start(task.taskId(), null), options,
                        FollowListener.all(writer, stateKeeper)).result().get(60, TimeUnit.SECONDS);
                writer.close(result);
                outputs.add(new Output("FollowResult.toString", result.toString()));
                outputs.add(new Output("FollowResult.lastAgentMessage", String.valueOf(result.lastAgentMessage())));
                outputs.add(new Output("FollowResult.detail", result.detail()));
            }
            assertThat(states).isNotEmpty();
            for (FollowState state : states) {
                outputs.add(new Output("FollowState.encode", state.encode()));
                outputs.add(new Output("FollowState.toString", state.toString()));
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                    out.writeObject(state);
                }
                outputs.add(new Output("FollowState serialized", bytes.toString(StandardCharsets.ISO_8859_1)));
            }
            outputs.add(new Output("MaiaClient.accountKey", client.accountKey()));
        } finally {
            follower.close();
            scheduler.shutdownNow();
        }
        scanEverything();
    }

    @Test
    void exceptionsAndToStrings() throws Exception {
        exception("getTask with a refused token", () -> clientWith(StaticToken.of(WRONG_TOKEN))
                .getTask("3b9a6f0e-2c4d-4e8f-9a1b-7c6d5e4f3a2b"));
        exception("getTask with a refused client secret", () -> clientWith(ClientCredentialsTokenSource.create(null,
                sandbox.tokenUrl(), CLIENT_ID, WRONG_SECRET)).getTask("3b9a6f0e-2c4d-4e8f-9a1b-7c6d5e4f3a2b"));
        exception("token with a space", () -> StaticToken.of(TOKEN + " x"));
        exception("token URL carrying the secret as user info", () -> ClientCredentialsTokenSource.create(null,
                "https://" + CLIENT_ID + ":" + CLIENT_SECRET + "@id.example.com/token", CLIENT_ID, CLIENT_SECRET));
        exception("base URL carrying the token as user info", () -> MaiaClient.builder()
                .baseUrl("https://x:" + TOKEN + "@eu1.api.matillion.com/dpc").tokenSource(StaticToken.of(TOKEN))
                .build());
        outputs.add(new Output("StaticToken.toString", StaticToken.of(TOKEN).toString()));
        outputs.add(new Output("ClientCredentialsTokenSource.toString", ClientCredentialsTokenSource.create(null,
                sandbox.tokenUrl(), CLIENT_ID, CLIENT_SECRET).toString()));
        outputs.add(new Output("SandboxOptions.toString", sandbox.options().toString()));
        outputs.add(new Output("Redactor.toString", Redactor.of(List.of(TOKEN, CLIENT_SECRET)).toString()));
        scanEverything();
    }

    @Test
    void serversThatEchoTheCredentialsBackInTheirErrors() throws Exception {
        try (FakeMaia fake = FakeMaia.start()) {
            // A token endpoint that quotes the whole form (client_secret included) in its 400 error.
            fake.token = n -> FakeMaia.json(400, "{\"error\":\"invalid_request\",\"error_description\":"
                    + "\"cannot parse grant_type=client_credentials&client_id=" + CLIENT_ID + "&client_secret="
                    + CLIENT_SECRET + "\"}");
            exception("token endpoint echoing the form", () -> MaiaClient.builder().baseUrl(fake.baseUrl())
                    .tokenSource(ClientCredentialsTokenSource.create(null, fake.tokenUrl(), CLIENT_ID, CLIENT_SECRET))
                    .retryPolicy(RetryPolicy.none()).build().getTask(FakeMaia.TASK_ID));
            // An API (or proxy) that quotes the request headers in its error page.
            fake.task = (n, bearer) -> FakeMaia.raw(400, "text/html", "<html><body><h1>400 Bad Request</h1><pre>"
                    + "Authorization: Bearer " + bearer + "\nX-Debug-Token: " + bearer + "</pre></body></html>");
            exception("API echoing the Authorization header", () -> MaiaClient.builder().baseUrl(fake.baseUrl())
                    .tokenSource(StaticToken.of(TOKEN)).retryPolicy(RetryPolicy.none()).build()
                    .getTask(FakeMaia.TASK_ID));
            Cli.Result cli = Cli.withToken(TOKEN).run("task", "get", FakeMaia.TASK_ID, "--base-url", fake.baseUrl(),
                    "--verbose");
            record("maia task get against an API echoing the Authorization header", cli);
            assertThat(cli.exitCode()).isEqualTo(1);
        }
        scanEverything();
    }

    @Test
    void theScanFindsWhatItLooksFor() {
        List<Output> planted = List.of(new Output("a", "x " + TOKEN + " y"), new Output("b", "half of it: "
                + CLIENT_SECRET.substring(0, 14)), new Output("c", "issued sbx.AbCdEfGhIjKlMnOpQrStUv"),
                new Output("d", "nothing here"));
        assertThat(hits(planted)).hasSize(3).allMatch(hit -> !hit.startsWith("d"));
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** An agent that repeats {@code secret} (which it found in its environment) in every way it can. */
    static Scenario echoingAgent(String name, String secret) {
        return Scenario.parse("""
                name: %2$s
                steps:
                  - say: "Debug dump: MAIA_SECRET=%1$s"
                  - say: "curl -H 'Authorization: Bearer %1$s' https://eu1.api.matillion.com/dpc/v1/ai/agents/tasks"
                  - tool:
                      name: print_env
                      input: {value: "%1$s", note: "it is %1$s"}
                      result: "SECRET=%1$s"
                  - finish: "Here it is again: %1$s."
                """.formatted(secret, name), name, "SecretsTest");
    }

    String[] run(Path transcripts, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--base-url", sandbox.baseUrl(), "--project-id", PROJECT,
                "--environment", "dev", "--source-branch", "main", "--generate-branch", "--transcript",
                transcripts.toString(), "--poll-interval", "50ms", "--requests-per-minute", "6000"));
        if (!List.of(extra).contains("--message")) {
            args.addAll(List.of("--message", "Build the sales pipeline"));
        }
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    static String[] withTokenUrl(String[] args) {
        return withTokenUrl(List.of(args)).toArray(String[]::new);
    }

    static List<String> withTokenUrl(List<String> args) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--token-url", sandbox.tokenUrl()));
        return all;
    }

    String createdTask() {
        return clientWith(StaticToken.of(TOKEN)).createTask(request("Build the sales pipeline " + Instant.now(), null))
                .taskId();
    }

    static CreateTaskRequest request(String message, List<String> grants) {
        return CreateTaskRequest.builder().message(message).projectId(PROJECT).environmentName("dev")
                .sourceBranchName("main").generateBranch(true).grantedTools(grants).build();
    }

    static MaiaClient clientWith(io.jenkins.plugins.maia.client.AccessTokenSource tokens) {
        return MaiaClient.builder().baseUrl(sandbox.baseUrl()).tokenSource(tokens).retryPolicy(RetryPolicy.none())
                .build();
    }

    void record(String where, Cli.Result r) {
        exitCodes.add(r.exitCode());
        outputs.add(new Output(where + " stdout", r.out()));
        outputs.add(new Output(where + " stderr", r.err()));
    }

    void exception(String where, Runnable call) {
        Throwable e = catchThrowable(call::run);
        assertThat(e).as(where + " fails").isNotNull();
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        outputs.add(new Output(where + ": message", String.valueOf(e.getMessage())));
        outputs.add(new Output(where + ": toString", e.toString()));
        outputs.add(new Output(where + ": stack trace with causes", trace.toString()));
    }

    /** One line per secret found: where, which, and the text around it. */
    static List<String> hits(List<Output> outputs) {
        Map<String, String> secrets = Map.of(TOKEN, "the token", CLIENT_SECRET, "the client secret", WRONG_TOKEN,
                "the refused token", WRONG_SECRET, "the refused client secret");
        List<String> hits = new ArrayList<>();
        for (Output o : outputs) {
            String text = o.text() == null ? "" : o.text();
            boolean whole = false;
            for (Map.Entry<String, String> secret : secrets.entrySet()) {
                int at = text.indexOf(secret.getKey());
                if (at >= 0) {
                    whole = true;
                    hits.add(o.where() + ": " + secret.getValue() + ": ..." + around(text, at) + "...");
                }
            }
            int marker = text.indexOf(MARKER);
            if (!whole && marker >= 0) {
                hits.add(o.where() + ": part of a secret: ..." + around(text, marker) + "...");
            }
            Matcher issued = ISSUED_TOKEN.matcher(text);
            if (issued.find()) {
                hits.add(o.where() + ": an issued access token: ..." + around(text, issued.start()) + "...");
            }
        }
        return hits;
    }

    private static String around(String text, int at) {
        return text.substring(Math.max(0, at - 60), Math.min(text.length(), at + 40)).replace('\n', ' ');
    }
}
