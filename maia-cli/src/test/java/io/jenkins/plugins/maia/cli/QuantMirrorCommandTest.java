package io.jenkins.plugins.maia.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.maia.quant.client.QuantClient;
import io.jenkins.plugins.maia.quant.model.NewQuantTask;
import io.jenkins.plugins.maia.quant.model.QuantStatus;
import io.jenkins.plugins.maia.quant.model.QuantTaskUpdate;
import io.jenkins.plugins.maia.sandbox.SandboxOptions;
import io.jenkins.plugins.maia.sandbox.SandboxServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code --quant-org} end to end: {@code run} and {@code watch} mirror their task to a sandbox's Quant endpoints, and
 * {@code maia quant list} prints the board. A Quant that cannot be reached never changes the exit code.
 */
class QuantMirrorCommandTest {
    /** Recognisable, so a leak is easy to find: no output may contain it. */
    private static final String QUANT_TOKEN = "qt-LEAKCHECK-3Zx8Vb1n";

    /** The 5 s between two writes of a task is the mirror's unit tests' business; here it would only cost time. */
    private static final String[] FAST_WRITES = {"--quant-update-interval", "1s"};

    private static SandboxServer board;
    private static String quantUrl;

    @BeforeAll
    static void startBoard() {
        // A sandbox that is only a Quant board here (the Maia side runs embedded, or in its own sandbox).
        board = SandboxServer.start(SandboxOptions.builder().quant(true).tokens(Set.of(QUANT_TOKEN, SandboxFixture.TOKEN))
                .pacing(Duration.ofMillis(5)).build());
        quantUrl = board.quantUrl().orElseThrow();
    }

    @AfterAll
    static void stopBoard() {
        board.close();
    }

    private static CliRunner cli() {
        return new CliRunner().env(QuantOptions.QUANT_TOKEN, QUANT_TOKEN);
    }

    private static CliRunner.Result checked(CliRunner.Result r) {
        assertThat(r.all()).doesNotContain(QUANT_TOKEN);
        return r;
    }

    private static CliRunner.Result quantList(String taskList, String... extra) {
        List<String> args = new ArrayList<>(List.of("quant", "list", "--quant-org", "acme", "--quant-url", quantUrl,
                "--quant-task-list", taskList));
        args.addAll(Arrays.asList(extra));
        return checked(cli().run(args.toArray(String[]::new)));
    }

    @Test
    void aSandboxRunMirroredToQuantShowsCompletedOnTheBoard() {
        CliRunner.Result run = checked(cli().run("run", "--sandbox", "--sandbox-pacing", "5ms",
                "--message", "Load sales data from S3 into Snowflake\nInto the staging schema.",
                "--approve", "query_warehouse", "--approve", "git_push", "--answer", "0=Incremental",
                "--quant-org", "acme", "--quant-url", quantUrl, "--quant-task-list", "e2e-run",
                "--poll-interval", "10ms", "--max-poll-interval", "50ms", FAST_WRITES[0], FAST_WRITES[1]));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Mirroring to Quant task list e2e-run (organisation acme at " + quantUrl + ")");
        assertThat(run.err()).doesNotContain("Quant mirror");

        CliRunner.Result board = quantList("e2e-run");
        assertThat(board.exitCode()).as(board.err()).isZero();
        assertThat(board.out()).contains("Quant task list e2e-run (organisation acme at " + quantUrl + "): 1 task(s)",
                "STATUS", "TITLE", "DEPENDS ON", "BLOCKED REASON");
        assertThat(board.out().lines().filter(l -> l.startsWith("completed"))).singleElement().asString()
                .contains("Load sales data from S3 into Snowflake");

        JsonNode json = SandboxFixture.json(quantList("e2e-run", "--json").out());
        assertThat(json.path("count").asInt()).isEqualTo(1);
        assertThat(json.path("tasks").get(0).path("status").asText()).isEqualTo("completed");
        assertThat(json.path("tasks").get(0).path("title").asText()).isEqualTo("Load sales data from S3 into Snowflake");
    }

    @Test
    void withoutAQuantUrlASandboxRunMirrorsToItsOwnQuantWithItsOwnToken() {
        CliRunner.Result run = new CliRunner().run("run", "--sandbox", "--sandbox-pacing", "5ms", "--scenario",
                "happy-path", "--message", "Build a pipeline", "--quant-org", "demo",
                "--poll-interval", "10ms", "--max-poll-interval", "50ms", FAST_WRITES[0], FAST_WRITES[1]);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Mirroring to Quant task list maia-" + LocalDate.now() + " (organisation demo at"
                + " http://127.0.0.1:");
        assertThat(run.err()).doesNotContain("Quant mirror");
    }

    @Test
    void aTaskLeftPausedByRunIsContinuedByWatchOnTheSameQuantTask() {
        try (SandboxFixture maia = SandboxFixture.start()) {
            CliRunner cli = maia.cli().env(QuantOptions.QUANT_TOKEN, QUANT_TOKEN);
            CliRunner.Result paused = maia.run(cli, "Load the orders", "--quant-org", "acme", "--quant-url", quantUrl,
                    "--quant-task-list", "e2e-watch", "--json");
            assertThat(paused.exitCode()).as(paused.err()).isEqualTo(ExitStatus.NEEDS_DECISION.code());
            String taskId = SandboxFixture.json(paused.out()).path("taskId").asText();
            assertThat(quantList("e2e-watch").out().lines().filter(l -> l.startsWith("blocked"))).singleElement()
                    .asString().contains("Load the orders", "query_warehouse", "maia watch " + taskId);

            List<String> watch = new ArrayList<>(List.of("watch", taskId, "--approve", "query_warehouse", "--approve",
                    "git_push", "--answer", "0=Incremental", "--quant-org", "acme", "--quant-url", quantUrl,
                    "--quant-task-list", "e2e-watch", FAST_WRITES[0], FAST_WRITES[1]));
            watch.addAll(SandboxFixture.fast());
            CliRunner.Result resumed = maia.command(cli, watch.toArray(String[]::new));
            assertThat(resumed.exitCode()).as(resumed.err()).isZero();
            CliRunner.Result board = quantList("e2e-watch");
            assertThat(board.out()).contains("1 task(s)");
            assertThat(board.out().lines().filter(l -> l.startsWith("completed"))).hasSize(1);
        }
    }

    @Test
    void anUnreachableQuantWarnsOnceAndNeverChangesTheExitCode() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        CliRunner.Result run = checked(cli().run("run", "--sandbox", "--sandbox-pacing", "5ms", "--scenario",
                "happy-path", "--message", "Build a pipeline", "--quant-org", "acme", "--quant-url",
                "http://127.0.0.1:" + closedPort, "--quant-wait", "2s", "--poll-interval", "10ms",
                "--max-poll-interval", "50ms"));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("maia run: Quant mirror: Quant cannot be reached",
                "the Maia task is not affected");
        assertThat(run.err().lines().filter(l -> l.contains("Quant cannot be reached"))).hasSize(1);
        assertThat(run.err()).contains("maia run: Quant mirror: the final state (completed) of \"Build a pipeline\""
                + " could not be written to task list maia-" + LocalDate.now());
    }

    @Test
    void theStandaloneSandboxWithQuantServesTheWholeFlow() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread foreground = new Thread(() -> exit.set(Maia.execute(new String[] {"sandbox", "--port", "0", "--quant",
                "--scenario", "happy-path", "--pacing", "5ms"}, Environment.of(Map.of()),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err, InputStream.nullInputStream())));
        foreground.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> out.toString(StandardCharsets.UTF_8).contains("Press Ctrl-C"));
        String banner = out.toString(StandardCharsets.UTF_8);
        Matcher base = Pattern.compile("base URL:  (\\S+)").matcher(banner);
        Matcher quant = Pattern.compile("Quant URL: (\\S+)").matcher(banner);
        assertThat(base.find()).isTrue();
        assertThat(quant.find()).as(banner).isTrue();
        assertThat(banner).contains("maia quant list --quant-org demo --quant-url " + quant.group(1));

        CliRunner cli = new CliRunner().env("MAIA_TOKEN", "sandbox-token").env(QuantOptions.QUANT_TOKEN, "sandbox-token");
        CliRunner.Result run = cli.run("run", "--base-url", base.group(1), "--project-id", SandboxFixture.PROJECT_ID,
                "--environment", "dev", "--source-branch", "main", "--generate-branch", "--message", "Load sales data",
                "--quant-org", "demo", "--quant-url", quant.group(1), "--quant-task-list", "standalone",
                "--poll-interval", "10ms", "--requests-per-minute", "6000", FAST_WRITES[0], FAST_WRITES[1]);
        assertThat(run.exitCode()).as(run.err()).isZero();
        CliRunner.Result list = cli.run("quant", "list", "--quant-org", "demo", "--quant-url", quant.group(1),
                "--quant-task-list", "standalone");
        assertThat(list.out().lines().filter(l -> l.startsWith("completed"))).singleElement().asString()
                .contains("Load sales data");

        foreground.interrupt();
        foreground.join(Duration.ofSeconds(10).toMillis());
        assertThat(exit.get()).isZero();
    }

    @Test
    void quantOptionsAreCheckedBeforeAnyCall() {
        assertUsage(cli().run("run", "--sandbox", "--message", "m", "--quant-url", quantUrl), "--quant-url only applies"
                + " with --quant-org");
        assertUsage(new CliRunner().run("run", "--sandbox", "--message", "m", "--quant-org", "acme", "--quant-url",
                quantUrl), "set QUANT_TOKEN");
        assertUsage(cli().run("run", "--sandbox", "--message", "m", "--quant-org", "acme", "--quant-url",
                "http://quant.example.com"), "--quant-url: 'http://quant.example.com' uses plain http");
        assertUsage(cli().run("run", "--sandbox", "--message", "m", "--quant-org", "a/b"), "--quant-org: 'a/b' is not an"
                + " organisation ID");
        assertUsage(cli().run("quant", "list"), "Missing --quant-org ORG");
        assertThat(board.quantUrl()).isPresent();
    }

    @Test
    void theBoardShowsABlockedReasonOnlyForABlockedTaskAndJsonKeepsItRaw() {
        // A task that ended after being blocked, written by a mirror that did not clear its reason: Quant keeps it.
        QuantClient writer = QuantClient.builder().baseUrl(quantUrl).organisation("acme").token(QUANT_TOKEN).build();
        String stale = writer.createTask(NewQuantTask.builder("Fix the orders pipeline").taskListId("stale-reason")
                .status(QuantStatus.BLOCKED).blockedReason("Waiting for a decision: approve or reject tool git_push")
                .build()).taskId();
        writer.updateTask(stale, QuantTaskUpdate.builder().status(QuantStatus.COMPLETED).build());
        writer.createTask(NewQuantTask.builder("Build the marts").taskListId("stale-reason").status(QuantStatus.BLOCKED)
                .blockedReason("Waiting for a decision: answer \"Which load strategy?\"").build());

        CliRunner.Result board = quantList("stale-reason");
        assertThat(board.exitCode()).as(board.err()).isZero();
        assertThat(board.out().lines().filter(l -> l.startsWith("completed"))).singleElement().asString()
                .contains("Fix the orders pipeline").doesNotContain("git_push").endsWith("  -");
        assertThat(board.out().lines().filter(l -> l.startsWith("blocked"))).singleElement().asString()
                .contains("Build the marts", "Waiting for a decision: answer \"Which load strategy?\"");

        JsonNode json = SandboxFixture.json(quantList("stale-reason", "--json").out());
        assertThat(json.path("tasks").get(0).path("status").asText()).isEqualTo("completed");
        assertThat(json.path("tasks").get(0).path("blockedReason").asText())
                .isEqualTo("Waiting for a decision: approve or reject tool git_push");
    }

    @Test
    void anEmptyBoardSaysSo() {
        CliRunner.Result r = quantList("nothing-here");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Quant task list nothing-here (organisation acme at " + quantUrl + "): 0 task(s)")
                .doesNotContain("STATUS");
    }

    @Test
    void aRefusedTokenOnTheBoardIsAnApiFailure() {
        CliRunner.Result r = new CliRunner().env(QuantOptions.QUANT_TOKEN, "qt-wrong-token").run("quant", "list",
                "--quant-org", "acme", "--quant-url", quantUrl);
        assertThat(r.exitCode()).isEqualTo(ExitStatus.API_FAILURE.code());
        assertThat(r.err()).contains("maia quant list: Quant API 401 Unauthorized", "check the token")
                .doesNotContain("qt-wrong-token");
    }

    private static void assertUsage(CliRunner.Result r, String text) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitStatus.USAGE.code());
        assertThat(r.err()).contains(text);
        assertThat(r.out()).doesNotContain("Created task");
    }
}
