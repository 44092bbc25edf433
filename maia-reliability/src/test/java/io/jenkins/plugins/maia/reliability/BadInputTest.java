package io.jenkins.plugins.maia.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.maia.client.MaiaClient;
import io.jenkins.plugins.maia.client.Region;
import io.jenkins.plugins.maia.client.RetryPolicy;
import io.jenkins.plugins.maia.client.auth.ClientCredentialsTokenSource;
import io.jenkins.plugins.maia.client.auth.StaticToken;
import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.client.model.Decision;
import io.jenkins.plugins.maia.client.model.Mode;
import io.jenkins.plugins.maia.client.model.TaskQuery;
import io.jenkins.plugins.maia.client.model.ToolDecision;
import io.jenkins.plugins.maia.follower.follow.FollowState;
import io.jenkins.plugins.maia.reliability.BadInput.Area;
import io.jenkins.plugins.maia.reliability.BadInput.Observation;
import io.jenkins.plugins.maia.sandbox.Faults;
import io.jenkins.plugins.maia.sandbox.SandboxOptions;
import io.jenkins.plugins.maia.sandbox.SandboxServer;
import io.jenkins.plugins.maia.sandbox.scenario.Scenario;
import io.jenkins.plugins.maia.follower.transcript.TranscriptWriter;
import io.jenkins.plugins.maia.follower.transcript.Transcripts;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input table of issue 6: invalid and missing configuration fed to the client, the CLI and the sandbox,
 * and hostile or broken server answers fed to the real client and CLI. For every row: a clear message naming the
 * cause (checked by words it must contain), the right exit code where the CLI is involved (or HTTP status for the
 * sandbox), no stack trace and no library internals for the user, nothing forbidden printed, and, for follows, the
 * transcript written up to the failure.
 */
class BadInputTest {

    static final String TOKEN = "bad-input-token-51c0";
    static final String PROJECT = "5f1f7e8a-0d6b-4c43-9a53-2c1d5e0b7a11";
    /** A loopback port nothing listens on, so a call that should never be made fails loudly. */
    static final String NOWHERE = "http://127.0.0.1:9/dpc";
    /** "at package.Class.method(" at the start of a line: a Java stack trace. */
    static final Pattern STACK_TRACE = Pattern.compile("(?m)^\\s*at [\\w$.]+\\(|Exception in thread|^Caused by: ");
    /** Library internals a user should never need to read. */
    static final Pattern INTERNALS = Pattern.compile("com\\.fasterxml|java\\.lang\\.|java\\.io\\.|okhttp3\\.|kotlin\\."
            + "|NullPointerException|ClassCastException|IllegalStateException|JsonParseException|MismatchedInput");

    static SandboxServer sandbox;

    @BeforeAll
    static void startSandbox() {
        sandbox = SandboxServer.start(SandboxOptions.builder().port(0).tokens(Set.of(TOKEN))
                .clientCredentials("bad-input-client", "bad-input-secret-77aa").pacing(Duration.ofMillis(10)).build());
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void badInputGetsAClearAnswer(BadInput row, @TempDir Path dir) throws Exception {
        Observation seen = row.probe().observe(dir);
        check(row, seen);
    }

    @Test
    void theTableCoversAtLeastFortyInputsInEveryArea() {
        List<BadInput> rows = table().toList();
        assertThat(rows).hasSizeGreaterThanOrEqualTo(40);
        assertThat(rows.stream().map(BadInput::area).distinct()).containsExactlyInAnyOrder(Area.values());
        assertThat(rows.stream().map(BadInput::name).distinct().count()).isEqualTo(rows.size());
    }

    /**
     * Rows that fail because of a bug in another module (see docs/RELIABILITY.md, "Bugs found"); each turns into a
     * table row once its module is fixed.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("knownBugs")
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // bounds the row should a follow outlive --timeout again
    void knownBug(BadInput row, @TempDir Path dir) throws Exception {
        check(row, row.probe().observe(dir));
    }

    static void check(BadInput row, Observation seen) throws Exception {
        assertThat(seen.shown()).as("the message").isNotBlank();
        for (String word : row.cause()) {
            assertThat(seen.shown()).as("the message names the cause").containsIgnoringCase(word);
        }
        if (row.code() != null) {
            assertThat(seen.code()).as("exit code / status; printed:\n" + seen.printed()).isEqualTo(row.code());
        }
        assertThat(seen.printed()).as("no stack trace for the user").doesNotContainPattern(STACK_TRACE);
        assertThat(seen.shown()).as("no library internals in the message").doesNotContainPattern(INTERNALS);
        for (String text : row.forbidden()) {
            assertThat(seen.printed()).as("never printed").doesNotContain(text);
        }
        if (row.events() != null) {
            Transcripts files = TranscriptWriter.paths(seen.transcript(), FakeMaia.TASK_ID);
            assertThat(eventLines(files.jsonl())).as("events in the transcript").isEqualTo((long) row.events());
            assertThat(files.markdown()).as("the Markdown transcript").exists();
            assertThat(files.html()).as("the HTML transcript").exists();
        }
    }

    static long eventLines(Path jsonl) throws Exception {
        long n = 0;
        for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
            JsonNode node = FakeMaia.JSON.readTree(line);
            if (!node.has(TranscriptWriter.MARKER)) {
                n++;
            }
        }
        return n;
    }

    static Stream<BadInput> table() {
        return Stream.of(clientRows(), cliRows(), sandboxRows(), serverRows()).flatMap(List::stream);
    }

    // ---- the client ------------------------------------------------------------------------------------------

    static List<BadInput> clientRows() {
        List<BadInput> rows = new ArrayList<>();
        rows.add(client("base URL missing", () -> MaiaClient.builder().tokenSource(StaticToken.of(TOKEN)).build(),
                "baseUrl", "is missing", "eu1"));
        rows.add(client("base URL with plain http to a public host", () -> client("http://eu1.api.matillion.com/dpc"),
                "baseUrl", "plain http", "https"));
        rows.add(client("base URL carrying a password", () -> client("https://me:hunter2pw@eu1.api.matillion.com/dpc"),
                "baseUrl", "user info").forbid("hunter2pw"));
        rows.add(client("base URL that is not a URL", () -> client("eu1 api matillion"), "baseUrl", "not a valid URL"));
        rows.add(client("base URL with a query", () -> client("https://eu1.api.matillion.com/dpc?x=1"), "baseUrl",
                "query"));
        rows.add(client("token source missing", () -> MaiaClient.builder().region(Region.EU1).build(), "tokenSource",
                "StaticToken"));
        rows.add(client("token blank", () -> StaticToken.of("   "), "token", "missing"));
        rows.add(client("token with a space in it", () -> StaticToken.of("abc def-secretish"), "token", "spaces")
                .forbid("abc def-secretish"));
        rows.add(client("client secret missing", () -> ClientCredentialsTokenSource.create(null, null, "id", " "),
                "clientSecret", "missing"));
        rows.add(client("token URL with plain http to a public host", () -> ClientCredentialsTokenSource.create(null,
                "http://id.core.matillion.com/oauth/dpc/token", "id", "s3cr3t-value"), "tokenUrl", "plain http")
                .forbid("s3cr3t-value"));
        rows.add(client("region unknown", () -> Region.fromId("eu9"), "region", "eu1 or us1"));
        rows.add(create("message missing", b -> b.message(null), "message", "blank"));
        rows.add(create("message over 100,000 characters", b -> b.message("x".repeat(100_001)), "message", "100000",
                "shorten"));
        rows.add(create("projectId missing", b -> b.projectId(null), "agentConfig.projectId", "missing"));
        rows.add(create("projectId is a name, not a UUID", b -> b.projectId("sales-project"), "agentConfig.projectId",
                "not a UUID"));
        rows.add(create("projectId one digit short of a UUID", b -> b.projectId(PROJECT.substring(1)),
                "agentConfig.projectId", "not a UUID"));
        rows.add(create("environmentName missing", b -> b.environmentName(null), "agentConfig.environmentName"));
        rows.add(create("sourceBranchName missing", b -> b.sourceBranchName(" "), "agentConfig.sourceBranchName"));
        rows.add(create("neither targetBranchName nor generateBranch", b -> b.targetBranchName(null),
                "agentConfig.targetBranchName", "generateBranch"));
        rows.add(create("both targetBranchName and generateBranch", b -> b.generateBranch(true),
                "agentConfig.generateBranch", "cannot be combined"));
        rows.add(create("targetBranchName blank", b -> b.targetBranchName(""), "agentConfig.targetBranchName", "blank"));
        rows.add(create("mode missing", b -> b.mode(null), "agentConfig.mode", "ACT", "PLAN"));
        rows.add(create("mode UNKNOWN", b -> b.mode(Mode.UNKNOWN), "agentConfig.mode", "UNKNOWN"));
        rows.add(create("granted tool listed twice", b -> b.grantedTools(List.of("git_push", "git_push")),
                "grantedPermissions[1].toolName", "listed twice"));
        rows.add(create("granted tool blank", b -> b.grantedTools(List.of(" ")), "grantedPermissions[0].toolName",
                "blank"));
        rows.add(create("several fields wrong at once", b -> b.message("").projectId("p"), "message",
                "agentConfig.projectId"));
        rows.add(client("task id that is a path", () -> offline().getTask("../../admin"), "taskId", "not a UUID"));
        rows.add(client("messages limit 0", () -> offline().getMessages(FakeMaia.TASK_ID, 0, null), "limit",
                "1 to 1000"));
        rows.add(client("task list page size 500", () -> offline().listTasks(new TaskQuery(null, null, null, null,
                null, 0, 500)), "size", "1 to 100"));
        rows.add(client("no decisions to submit", () -> offline().submitDecisions(FakeMaia.TASK_ID, List.of()),
                "decisions", "empty"));
        rows.add(client("one decision submitted twice", () -> offline().submitDecisions(FakeMaia.TASK_ID,
                List.<Decision>of(ToolDecision.approveOnce("t1"), ToolDecision.reject("t1"))), "decided twice"));
        rows.add(client("tool approved without a scope", () -> offline().submitDecisions(FakeMaia.TASK_ID,
                List.<Decision>of(new ToolDecision("t1", true, null))), "decisions[0].scope", "ONCE"));
        rows.add(client("saved follow state damaged", () -> FollowState.decode("{\"v\":1,\"taskId\":"), "follow state",
                "damaged"));
        return rows;
    }

    static BadInput client(String name, ThrowingCall call, String... cause) {
        return new BadInput(Area.CLIENT, name, dir -> {
            try {
                call.run();
                return new Observation("(accepted without an error)", null, "", null);
            } catch (RuntimeException e) {
                return new Observation(e.getMessage(), null, e.getMessage(), null);
            }
        }, List.of(cause), null, null, List.of());
    }

    static BadInput create(String name, Consumer<CreateTaskRequest.Builder> breakIt, String... cause) {
        return client(name, () -> {
            CreateTaskRequest.Builder b = validRequest();
            breakIt.accept(b);
            offline().createTask(b.build());
        }, cause);
    }

    static CreateTaskRequest.Builder validRequest() {
        return CreateTaskRequest.builder().message("Load sales data").projectId(PROJECT).environmentName("dev")
                .sourceBranchName("main").targetBranchName("feature/sales");
    }

    /** A client whose every call would fail: input checks must refuse before any call. */
    static MaiaClient offline() {
        return client(NOWHERE);
    }

    static MaiaClient client(String baseUrl) {
        return MaiaClient.builder().baseUrl(baseUrl).tokenSource(StaticToken.of(TOKEN)).retryPolicy(RetryPolicy.none())
                .build();
    }

    @FunctionalInterface
    interface ThrowingCall {
        void run() throws Exception;
    }

    // ---- the CLI ---------------------------------------------------------------------------------------------

    static List<BadInput> cliRows() {
        List<BadInput> rows = new ArrayList<>();
        rows.add(cli("unknown command", 2, Cli.withToken(TOKEN), List.of("rn"), "'rn'", "did you mean run"));
        rows.add(cli("run without a message", 2, Cli.withToken(TOKEN), run("--target-branch", "b"), "--message"));
        rows.add(cli("run with both --target-branch and --generate-branch", 2, Cli.withToken(TOKEN),
                runWith("--message", "m", "--target-branch", "b", "--generate-branch"), "--target-branch",
                "--generate-branch"));
        rows.add(cli("run with neither --target-branch nor --generate-branch", 2, Cli.withToken(TOKEN),
                runWith("--message", "m"), "--target-branch NAME or --generate-branch"));
        rows.add(cli("run with an unknown mode", 2, Cli.withToken(TOKEN), run("--message", "m", "--mode", "FAST"),
                "--mode", "PLAN or ACT"));
        rows.add(cli("run with a project id that is not a UUID", 2, Cli.withToken(TOKEN),
                run("--message", "m", "--project-id", "sales"), "--project-id", "not a UUID"));
        rows.add(cli("run granting the same tool twice", 2, Cli.withToken(TOKEN),
                run("--message", "m", "--grant", "git_push", "--grant", "git_push"), "--grant", "git_push", "twice"));
        rows.add(cli("run with a duration that is not one", 2, Cli.withToken(TOKEN),
                run("--message", "m", "--timeout", "5x"), "--timeout", "not a duration", "250ms"));
        rows.add(cli("run with a zero timeout", 2, Cli.withToken(TOKEN), run("--message", "m", "--timeout", "0s"),
                "longer than zero"));
        rows.add(cli("run with poll interval above the maximum", 2, Cli.withToken(TOKEN),
                run("--message", "m", "--poll-interval", "10s", "--max-poll-interval", "1s"), "--poll-interval",
                "--max-poll-interval"));
        rows.add(cli("run without credentials in the environment", 2, new Cli(), run("--message", "m"),
                "No credentials", "MAIA_TOKEN", "MAIA_CLIENT_ID"));
        rows.add(cli("client id without a client secret", 2, new Cli().env("MAIA_CLIENT_ID", "me"),
                run("--message", "m"), "MAIA_CLIENT_SECRET"));
        rows.add(cli("token and client credentials both set", 2, Cli.withToken(TOKEN).env("MAIA_CLIENT_ID", "me")
                .env("MAIA_CLIENT_SECRET", "cli-secret-3f9e"), run("--message", "m"), "Both", "unset one")
                .forbid(TOKEN, "cli-secret-3f9e"));
        rows.add(cli("plain http base URL to a public host", 2, Cli.withToken(TOKEN),
                List.of("task", "get", FakeMaia.TASK_ID, "--base-url", "http://eu1.api.matillion.com/dpc"),
                "--base-url", "plain http"));
        rows.add(cli("unknown region", 2, Cli.withToken(TOKEN),
                List.of("task", "get", FakeMaia.TASK_ID, "--region", "eu9"), "--region"));
        rows.add(new BadInput(Area.CLI, "message file over 100,000 characters", dir -> {
            Path file = dir.resolve("prompt.txt");
            Files.writeString(file, "y".repeat(100_001));
            return cli(Cli.withToken(TOKEN), run("--message-file", file.toString()));
        }, List.of("--message-file: is 100001 characters", "100000"), 2, null, List.of()));
        rows.add(new BadInput(Area.CLI, "message file missing", dir -> cli(Cli.withToken(TOKEN),
                run("--message-file", dir.resolve("nope.txt").toString())), List.of("--message-file", "no such file"),
                2, null, List.of()));
        rows.add(new BadInput(Area.CLI, "message file is a directory", dir -> cli(Cli.withToken(TOKEN),
                run("--message-file", dir.toString())), List.of("--message-file", "directory"), 2, null, List.of()));
        rows.add(cli("blank message", 2, Cli.withToken(TOKEN), run("--message", "   "), "--message", "empty"));
        rows.add(cli("the same tool approved and rejected", 2, Cli.withToken(TOKEN),
                run("--message", "m", "--approve", "git_push", "--reject", "git_push"), "git_push", "--approve",
                "--reject"));
        rows.add(cli("answer without N=OPTION", 2, Cli.withToken(TOKEN), run("--message", "m", "--answer", "Incremental"),
                "--answer", "N=OPTION"));
        rows.add(cli("one question answered twice", 2, Cli.withToken(TOKEN),
                run("--message", "m", "--answer", "0=A", "--answer", "0=B"), "--answer", "twice"));
        rows.add(cli("unknown sandbox scenario", 2, new Cli(), List.of("run", "--sandbox", "--message", "m",
                "--scenario", "no-such-scenario"), "--scenario", "no-such-scenario"));
        rows.add(cli("--sandbox with a server URL", 2, new Cli(), List.of("run", "--sandbox", "--message", "m",
                "--base-url", "https://eu1.api.matillion.com/dpc"), "--sandbox", "--base-url"));
        rows.add(cli("unknown option", 2, Cli.withToken(TOKEN), run("--message", "m", "--frobnicate"),
                "--frobnicate"));
        rows.add(cli("task get with an id that is not a UUID", 2, Cli.withToken(TOKEN),
                List.of("task", "get", "42", "--base-url", NOWHERE), "taskId", "not a UUID"));
        rows.add(cli("retries out of range", 2, Cli.withToken(TOKEN), run("--message", "m", "--retries", "99"),
                "--retries", "0 and 20"));
        rows.add(cli("request rate of zero", 2, Cli.withToken(TOKEN),
                run("--message", "m", "--requests-per-minute", "0"), "--requests-per-minute"));
        rows.add(cli("tasks list --size 500", 2, Cli.withToken(TOKEN),
                List.of("tasks", "list", "--size", "500", "--base-url", NOWHERE), "--size", "between 1 and 100"));
        rows.add(cli("sandbox on port 70000", 2, new Cli(), List.of("sandbox", "--port", "70000"), "--port", "65535"));
        rows.add(cli("sandbox faults adding up to more than 1", 2, new Cli(),
                List.of("sandbox", "--port", "0", "--fault-502", "0.7", "--fault-503", "0.7"), "exceed 1"));
        rows.add(cli("sandbox fault probability above 1", 2, new Cli(),
                List.of("sandbox", "--port", "0", "--fault-429", "1.5"), "--fault-429"));
        return rows;
    }

    /** {@code run} against nowhere: the task options a row does not give itself are valid ones. */
    static List<String> run(String... extra) {
        List<String> more = Arrays.asList(extra);
        List<String> args = new ArrayList<>(List.of("run", "--base-url", NOWHERE));
        for (List<String> option : List.of(List.of("--project-id", PROJECT), List.of("--environment", "dev"),
                List.of("--source-branch", "main"))) {
            if (!more.contains(option.get(0))) {
                args.addAll(option);
            }
        }
        if (!more.contains("--target-branch") && !more.contains("--generate-branch")) {
            args.add("--generate-branch");
        }
        args.addAll(more);
        return args;
    }

    /** {@code run} against nowhere with the server and task options but no target branch choice. */
    static List<String> runWith(String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--base-url", NOWHERE, "--project-id", PROJECT,
                "--environment", "dev", "--source-branch", "main"));
        args.addAll(Arrays.asList(extra));
        return args;
    }

    static BadInput cli(String name, int exit, Cli cli, List<String> args, String... cause) {
        return new BadInput(Area.CLI, name, dir -> cli(cli, args), List.of(cause), exit, null, List.of());
    }

    static Observation cli(Cli cli, List<String> args) {
        Cli.Result r = cli.run(args.toArray(String[]::new));
        String shown = r.exitCode() == 0 ? r.all() : r.err();
        return new Observation(shown, r.exitCode(), r.all(), null);
    }

    // ---- the sandbox -----------------------------------------------------------------------------------------

    static List<BadInput> sandboxRows() {
        List<BadInput> rows = new ArrayList<>();
        rows.add(sandboxConfig("fault probability above 1", () -> Faults.builder().badGateway(1.5).build(),
                "faults.badGateway", "between 0 and 1"));
        rows.add(sandboxConfig("port out of range", () -> SandboxOptions.builder().port(-1).build(), "port",
                "65535"));
        rows.add(sandboxConfig("slow responses without a delay", () -> Faults.builder()
                .slowResponse(0.5, Duration.ZERO).build(), "slowResponse", "slowResponseDelay"));
        rows.add(sandboxConfig("scenario that is not YAML", () -> Scenario.parse("steps: [say: \"a\"\n  - x", "s",
                "test.yaml"), "test.yaml", "not valid YAML", "line"));
        rows.add(sandboxConfig("scenario with an unknown step", () -> Scenario.parse("steps:\n  - dance: now\n", "s",
                "test.yaml"), "steps[0]", "unknown step 'dance'"));
        rows.add(sandboxConfig("scenario step after the end", () -> Scenario.parse(
                "steps:\n  - finish: done\n  - say: more\n", "s", "test.yaml"), "steps[1]", "can never run"));
        rows.add(sandboxConfig("scenario question with a repeated option", () -> Scenario.parse("""
                steps:
                  - ask:
                      questions:
                        - question: Which?
                          options: [A, A]
                """, "s", "test.yaml"), "options[1]", "appears twice"));
        rows.add(sandboxHttp("create with a body that is not JSON", "POST", "/v1/ai/agents/tasks", "{not json",
                TOKEN, 400, "request body"));
        rows.add(sandboxHttp("create with neither targetBranchName nor generateBranch", "POST", "/v1/ai/agents/tasks",
                createBody(null, false, "[\"a\"]"), TOKEN, 400, "generateBranch"));
        rows.add(sandboxHttp("create granting a tool twice", "POST", "/v1/ai/agents/tasks",
                createBody("b", false, "[{\"toolName\":\"git_push\"},{\"toolName\":\"git_push\"}]"), TOKEN, 400,
                "more than once"));
        rows.add(sandboxHttp("create naming an unknown scenario", "POST", "/v1/ai/agents/tasks",
                createBody("b", false, "[]").replace("Load sales", "[scenario:nope] Load sales"), TOKEN, 400, "nope"));
        rows.add(sandboxHttp("task id that is not a UUID", "GET", "/v1/ai/agents/tasks/42", null, TOKEN, 400,
                "taskId", "UUID"));
        rows.add(sandboxHttp("request without a bearer token", "GET", "/v1/ai/agents/tasks", null, null, 401,
                "bearer token"));
        rows.add(new BadInput(Area.SANDBOX, "forged pagination token", dir -> {
            String id = sandboxCreate();
            return sandboxCall("GET", "/v1/ai/agents/tasks/" + id + "/messages?paginationToken=forged", null, TOKEN);
        }, List.of("paginationToken", "more"), 400, null, List.of()));
        rows.add(new BadInput(Area.SANDBOX, "token request with a wrong client secret", dir -> {
            Request request = new Request.Builder().url(sandbox.tokenUrl()).post(RequestBody.create(
                    "grant_type=client_credentials&client_id=bad-input-client&client_secret=guessed-secret-0000"
                            + "&audience=https%3A%2F%2Fapi.matillion.com",
                    MediaType.get("application/x-www-form-urlencoded"))).build();
            try (Response r = new OkHttpClient().newCall(request).execute()) {
                String body = r.body().string();
                return new Observation(body, r.code(), body, null);
            }
        }, List.of("invalid_client"), 401, null, List.of()).forbid("guessed-secret-0000", "bad-input-secret-77aa"));
        return rows;
    }

    static BadInput sandboxConfig(String name, ThrowingCall call, String... cause) {
        BadInput row = client(name, call, cause);
        return new BadInput(Area.SANDBOX, name, row.probe(), row.cause(), null, null, List.of());
    }

    static String createBody(String target, boolean generate, String tools) {
        ObjectNode body = FakeMaia.JSON.createObjectNode();
        body.put("message", "Load sales data");
        ObjectNode config = body.putObject("agentConfig");
        config.put("name", "data_engineer_agent").put("mode", "ACT").put("projectId", PROJECT)
                .put("sourceBranchName", "main").put("environmentName", "dev");
        if (target != null) {
            config.put("targetBranchName", target);
        }
        if (generate) {
            config.put("generateBranch", true);
        }
        try {
            body.set("grantedPermissions", FakeMaia.JSON.readTree(tools.replace("\"a\"", "{\"toolName\":\"a\"}")));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
        return body.toString();
    }

    static BadInput sandboxHttp(String name, String method, String path, String body, String token, int status,
            String... cause) {
        return new BadInput(Area.SANDBOX, name, dir -> sandboxCall(method, path, body, token), List.of(cause), status,
                null, List.of());
    }

    static Observation sandboxCall(String method, String path, String body, String token) throws Exception {
        Request.Builder b = new Request.Builder().url(sandbox.baseUrl() + path)
                .method(method, body == null ? null : RequestBody.create(body, MediaType.get("application/json")));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try (Response r = new OkHttpClient().newCall(b.build()).execute()) {
            String text = r.body().string();
            return new Observation(text, r.code(), text, null);
        }
    }

    static String sandboxCreate() throws Exception {
        Observation created = sandboxCall("POST", "/v1/ai/agents/tasks", createBody("b", false, "[]"), TOKEN);
        return FakeMaia.JSON.readTree(created.shown()).get("taskId").asText();
    }

    // ---- hostile or broken servers -----------------------------------------------------------------------------

    static List<BadInput> serverRows() {
        List<BadInput> rows = new ArrayList<>();
        rows.add(server("task read answered with malformed JSON", 1, f -> f.task = (n, t) -> FakeMaia.raw(200,
                "application/json", "{\"taskId\": \"abc\", \"status\":"), get(), "GET /v1/ai/agents/tasks", "not a task"));
        rows.add(server("task read answered with an HTML error page", 1, f -> f.task = (n, t) -> FakeMaia.raw(502,
                "text/html", "<html><head><title>502</title><script>alert(1)</script></head><body><h1>Bad Gateway"
                        + "</h1><p>nginx</p></body></html>"), get(), "502", "Bad Gateway", "nginx").forbid("<html>",
                "<script>"));
        rows.add(server("task read answered 200 with an empty body", 1, f -> f.task = (n, t) -> FakeMaia.raw(200,
                "application/json", ""), get(), "empty body", "expected a task"));
        rows.add(server("task read answered 200 with a JSON array", 1, f -> f.task = (n, t) -> FakeMaia.json(200, "[]"),
                get(), "not a task", "not a JSON object"));
        rows.add(server("task read answered with a 1 MB error page", 1, f -> f.task = (n, t) -> FakeMaia.raw(500,
                "text/plain", "overloaded ".repeat(100_000)), get(), "500", "overloaded"));
        rows.add(server("error detail carrying terminal escapes and line breaks", 1, f -> f.task = (n, t) ->
                FakeMaia.problem(403, "Forbidden", "\u001b[2J\u001b[31mno access\u001b[0m\nfake prompt $ "), get(),
                "403", "no access").forbid("\u001b"));
        rows.add(server("429 with Retry-After on every attempt", 1, f -> f.task = (n, t) -> new mockwebserver3
                .MockResponse.Builder().code(429).addHeader("Retry-After", "1").build(), get("--retries", "1"), "429",
                "wait 1 s"));
        rows.add(new BadInput(Area.SERVER, "connection refused", dir -> {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            return cli(Cli.withToken(TOKEN), List.of("task", "get", FakeMaia.TASK_ID, "--base-url",
                    "http://127.0.0.1:" + port + "/dpc", "--retries", "0"));
        }, List.of("Could not complete", "127.0.0.1"), 1, null, List.of()));
        rows.add(server("create answered 200 without a taskId", 1, f -> f.create = () -> FakeMaia.json(200, "{}"),
                create(), "may have been created", "maia tasks list"));
        rows.add(server("create answered with an HTML 502 page", 1, f -> f.create = () -> FakeMaia.raw(502,
                "text/html", "<html><body>Bad Gateway</body></html>"), create(), "502", "may have been created"));
        rows.add(server("create refused with problem+json violations", 1, f -> f.create = () -> FakeMaia.json(400,
                "{\"title\":\"Bad Request\",\"status\":400,\"detail\":\"Validation failed\",\"violations\":"
                        + "[{\"field\":\"agentConfig.environmentName\",\"message\":\"unknown environment\"}]}"),
                create(), "400", "agentConfig.environmentName: unknown environment"));
        rows.add(server("token endpoint answering an HTML 500 page", 1, f -> f.token = n -> FakeMaia.raw(500,
                "text/html", "<html><body>Internal Server Error</body></html>"), tokenGet(), "token endpoint", "500")
                .forbid("oauth-secret-5d2b"));
        rows.add(server("token endpoint answering 200 without an access_token", 1, f -> f.token = n ->
                FakeMaia.json(200, "{\"token_type\":\"Bearer\"}"), tokenGet(), "without an access_token")
                .forbid("oauth-secret-5d2b"));
        rows.add(server("unknown task status", 5, f -> f.task = (n, t) -> FakeMaia.json(200,
                FakeMaia.task("HIBERNATING")), watch("--timeout", "2s"), "timed out", "watch").expectEvents(3));
        rows.add(server("unknown event shapes", 0, f -> f.messages = token -> FakeMaia.json(200, """
                {"results": [
                  {"data": 42},
                  {"groupId": "no-data"},
                  {"data": {"type": "hologram", "payload": [1, {"deep": true}]}},
                  "an event that is only a string",
                  {"data": {"type": "text", "role": "assistant", "content": null}},
                  {"data": {"type": "text", "role": "assistant", "content": "done"}, "timestamp": "yesterday"}
                ]}"""), watch(), "finished").expectEvents(6));
        rows.add(server("timestamps that are not timestamps", 0, f -> f.task = (n, t) -> FakeMaia.json(200,
                FakeMaia.task("STOPPED").put("createdAt", "yesterday").put("modifiedAt", 12345)), watch(), "finished")
                .expectEvents(3));
        rows.add(server("a page of 1,000 events of 5 KB each", 0, f -> f.messages = token -> FakeMaia.json(200,
                FakeMaia.page(hugeEvents(), null)), watch(), "finished").expectEvents(1000));
        rows.add(server("a `more` token that repeats itself forever", 0, f -> f.messages = token -> token == null
                ? FakeMaia.json(200, FakeMaia.page(FakeMaia.events(1, 3), "again"))
                : FakeMaia.json(200, FakeMaia.page(FakeMaia.events(4, 6), "again")), watch(), "finished")
                .expectEvents(6));
        rows.add(server("messages page whose results are not a list, mid-follow", 1, f -> {
            f.task = (n, t) -> FakeMaia.json(200, FakeMaia.task("RUNNING"));
            f.messages = token -> token == null
                    ? FakeMaia.json(200, FakeMaia.page(FakeMaia.events(1, 3), "p2"))
                    : FakeMaia.json(200, "{\"results\": {\"oops\": true}}");
        }, watch(), "results is not an array").expectEvents(3));
        rows.add(server("the final message read fails: the outcome is told, and that the messages are incomplete", 1,
                f -> f.messages = token -> token == null
                        ? FakeMaia.json(200, FakeMaia.page(FakeMaia.events(1, 3), "p2"))
                        : FakeMaia.json(200, "{\"results\": {\"oops\": true}}"), watch(), "finished",
                "could not be read", "maia watch").expectEvents(3));
        rows.add(server("task that vanishes with 404 mid-follow", 1, f -> f.task = (n, t) -> n <= 2
                ? FakeMaia.json(200, FakeMaia.task("RUNNING"))
                : FakeMaia.problem(404, "Not Found", "Task not found"), watch(), "404", FakeMaia.TASK_ID)
                .expectEvents(3));
        rows.add(server("static token refused with 401 mid-follow", 1, f -> f.task = (n, t) -> n <= 2
                ? FakeMaia.json(200, FakeMaia.task("RUNNING"))
                : FakeMaia.problem(401, "Unauthorized", "token revoked"), watch(), "401", "credentials")
                .expectEvents(3).forbid(TOKEN));
        rows.add(server("401 after the OAuth token expires: renewed, follow goes on", 0, f -> f.task = (n, t) ->
                "issued-token-1".equals(t) && n >= 3
                        ? FakeMaia.problem(401, "Unauthorized", "token expired")
                        : FakeMaia.json(200, FakeMaia.task(n <= 4 ? "RUNNING" : "STOPPED")), watchOAuth(), "finished")
                .expectEvents(3).forbid("oauth-secret-5d2b", "issued-token-"));
        rows.add(server("a decision of an unknown kind without a toolId", 4, f -> {
            ObjectNode task = FakeMaia.task("STOPPED");
            task.putArray("pendingDecisions").addObject().put("type", "teleport").put("toolName", "warp_drive");
            f.task = (n, t) -> FakeMaia.json(200, task);
        }, watch("--on-decision", "fail"), "warp_drive", "paused").expectEvents(3));
        return rows;
    }

    static List<BadInput> knownBugs() {
        return List.of(server("BUG maia-follower Follow: `more` tokens that cycle A, B, A, ... under --timeout 5s", 1,
                f -> f.messages = token -> {
                    if (token == null) {
                        return FakeMaia.json(200, FakeMaia.page(FakeMaia.events(1, 3), "A"));
                    }
                    return token.equals("A") ? FakeMaia.json(200, FakeMaia.page(FakeMaia.events(4, 6), "B"))
                            : FakeMaia.json(200, FakeMaia.page(FakeMaia.events(7, 9), "A"));
                }, watch("--timeout", "5s"), "could not be read", "loop").expectEvents(9));
    }

    static List<ObjectNode> hugeEvents() {
        List<ObjectNode> events = new ArrayList<>();
        String text = "z".repeat(5_000);
        for (int i = 1; i <= 1000; i++) {
            ObjectNode e = FakeMaia.event(i);
            ((ObjectNode) e.get("data")).put("content", i + " " + text);
            events.add(e);
        }
        return events;
    }

    /** What to run against the fake server; {@code base} and {@code transcripts} are filled in per row. */
    @FunctionalInterface
    interface Command {
        Cli.Result run(FakeMaia fake, Path transcripts);
    }

    static BadInput server(String name, int exit, Consumer<FakeMaia> setUp, Command command, String... cause) {
        return new BadInput(Area.SERVER, name, dir -> {
            try (FakeMaia fake = FakeMaia.start()) {
                setUp.accept(fake);
                Cli.Result r = command.run(fake, dir);
                String shown = r.exitCode() == 0 ? r.all() : r.err();
                return new Observation(shown, r.exitCode(), r.all(), dir);
            }
        }, List.of(cause), exit, null, List.of());
    }

    static Command get(String... extra) {
        return (fake, dir) -> {
            List<String> args = new ArrayList<>(List.of("task", "get", FakeMaia.TASK_ID, "--base-url", fake.baseUrl()));
            args.addAll(extra.length == 0 ? List.of("--retries", "0") : Arrays.asList(extra));
            return Cli.withToken(TOKEN).run(args.toArray(String[]::new));
        };
    }

    static Command tokenGet() {
        return (fake, dir) -> Cli.withClientCredentials("oauth-client", "oauth-secret-5d2b").run("task", "get",
                FakeMaia.TASK_ID, "--base-url", fake.baseUrl(), "--token-url", fake.tokenUrl(), "--retries", "0");
    }

    static Command create() {
        return (fake, dir) -> Cli.withToken(TOKEN).run("run", "--base-url", fake.baseUrl(), "--project-id",
                FakeMaia.PROJECT_ID, "--environment", "dev", "--source-branch", "main", "--target-branch", "b",
                "--message", "Load the sales data", "--retries", "0");
    }

    static Command watch(String... extra) {
        return (fake, dir) -> {
            List<String> args = new ArrayList<>(List.of("watch", FakeMaia.TASK_ID, "--base-url", fake.baseUrl(),
                    "--transcript", dir.toString(), "--poll-interval", "50ms", "--max-poll-interval", "200ms",
                    "--retries", "0"));
            args.addAll(Arrays.asList(extra));
            if (!args.contains("--timeout")) {
                args.addAll(List.of("--timeout", "20s"));
            }
            return Cli.withToken(TOKEN).run(args.toArray(String[]::new));
        };
    }

    static Command watchOAuth() {
        return (fake, dir) -> Cli.withClientCredentials("oauth-client", "oauth-secret-5d2b").run("watch",
                FakeMaia.TASK_ID, "--base-url", fake.baseUrl(), "--token-url", fake.tokenUrl(), "--transcript",
                dir.toString(), "--poll-interval", "50ms", "--max-poll-interval", "200ms", "--timeout", "20s");
    }
}
