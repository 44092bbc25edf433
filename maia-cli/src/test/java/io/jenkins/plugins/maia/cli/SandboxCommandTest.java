package io.jenkins.plugins.maia.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code maia sandbox} in the foreground, and {@code maia run --sandbox}. */
class SandboxCommandTest {

    @Test
    void sandboxServesUntilInterruptedAndPrintsWhatClientsNeed() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread foreground = new Thread(() -> exit.set(Maia.execute(
                new String[] {"sandbox", "--port", "0", "--scenario", "happy-path", "--pacing", "5ms", "--rate-limit", "6000/min"},
                Environment.of(Map.of()), new PrintStream(out, true, StandardCharsets.UTF_8), System.err, InputStream.nullInputStream())));
        foreground.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> out.toString(StandardCharsets.UTF_8).contains("Press Ctrl-C"));
        String banner = out.toString(StandardCharsets.UTF_8);
        assertThat(banner).contains("token URL: http://127.0.0.1:", "/oauth/dpc/token", "token:     sandbox-token");
        Matcher m = Pattern.compile("base URL:  (\\S+)").matcher(banner);
        assertThat(m.find()).isTrue();
        String baseUrl = m.group(1);

        CliRunner cli = new CliRunner().env("MAIA_TOKEN", "sandbox-token");
        CliRunner.Result run = cli.run("run", "--base-url", baseUrl, "--project-id", SandboxFixture.PROJECT_ID,
                "--environment", "dev", "--source-branch", "main", "--target-branch", "feature/load", "--message", "Build",
                "--poll-interval", "10ms", "--requests-per-minute", "6000");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Target branch: feature/load");
        assertThat(cli.run("tasks", "list", "--base-url", baseUrl).out()).contains("STOPPED");

        foreground.interrupt();
        foreground.join(Duration.ofSeconds(10).toMillis());
        assertThat(foreground.isAlive()).isFalse();
        assertThat(exit.get()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Sandbox stopped after");
    }

    @Test
    void badSandboxOptionsAreUsageErrors() throws IOException {
        CliRunner cli = new CliRunner();
        UsageErrorsTest.assertUsageError(cli.run("sandbox", "--rate-limit", "lots"), "--rate-limit");
        UsageErrorsTest.assertUsageError(cli.run("sandbox", "--fault-502", "150%"), "--fault-502");
        UsageErrorsTest.assertUsageError(cli.run("sandbox", "--fault-502", "0.7", "--fault-503", "0.7"), "must not exceed 1");
        UsageErrorsTest.assertUsageError(cli.run("sandbox", "--scenario", "no-such-scenario"), "no-such-scenario");
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            UsageErrorsTest.assertUsageError(cli.run("sandbox", "--port", String.valueOf(busy.getLocalPort())), "another --port");
        }
    }

    @Test
    void runWithSandboxNeedsNoAccountAndGoesThroughApprovalAndQuestion(@TempDir Path dir) {
        CliRunner.Result r = SandboxFixture.checked(new CliRunner().run("run", "--sandbox", "--sandbox-pacing", "5ms",
                "--poll-interval", "10ms", "--message", "Load sales data from S3 into Snowflake",
                "--approve", "query_warehouse", "--approve", "git_push", "--answer", "0=Incremental",
                "--transcript", dir.toString()));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Started a local sandbox at http://127.0.0.1:", "scenario approval-and-question",
                "decision: approved query_warehouse once", "decision: answered question: 0=Incremental",
                "decision: approved git_push once", "finished after", "Target branch: maia/", "Transcript: ");
        assertThat(r.out()).doesNotContain("sandbox-token");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.endsWith(".md")).anyMatch(n -> n.endsWith(".html")).anyMatch(n -> n.endsWith(".jsonl"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void runWithSandboxTakesAScenarioFileAndRefusesAnUnknownName(@TempDir Path dir) throws IOException {
        Path scenario = Files.writeString(dir.resolve("mine.yaml"), String.join("\n",
                "name: mine", "steps:", "  - say: \"Hello from my own scenario.\"", "  - finish: \"Bye.\"", ""));
        CliRunner.Result r = new CliRunner().run("run", "--sandbox", "--scenario", scenario.toString(), "--sandbox-pacing", "5ms",
                "--poll-interval", "10ms", "--message", "Hi");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("agent: Hello from my own scenario.");

        UsageErrorsTest.assertUsageError(new CliRunner().run("run", "--sandbox", "--scenario", "nope", "--message", "Hi"), "nope");
    }

    @Test
    void pausedSandboxRunSaysTheTaskCannotBeResumed() {
        CliRunner.Result r = new CliRunner().run("run", "--sandbox", "--sandbox-pacing", "5ms", "--poll-interval", "10ms",
                "--message", "Load");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains("query_warehouse", "cannot be resumed", "maia sandbox");
    }

    /** Runs {@code maia sandbox args} in the foreground on its own thread until the banner is out. */
    private record Foreground(Thread thread, ByteArrayOutputStream out, ByteArrayOutputStream err, AtomicInteger exit) {
        static Foreground start(String... args) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            AtomicInteger exit = new AtomicInteger(-1);
            Thread thread = new Thread(() -> exit.set(Maia.execute(args, Environment.of(Map.of()),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                    InputStream.nullInputStream())));
            thread.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> out.toString(StandardCharsets.UTF_8).contains("Press Ctrl-C"));
            return new Foreground(thread, out, err, exit);
        }

        String baseUrl() {
            Matcher m = Pattern.compile("base URL:  (\\S+)").matcher(out.toString(StandardCharsets.UTF_8));
            assertThat(m.find()).isTrue();
            return m.group(1);
        }

        void stop() throws InterruptedException {
            thread.interrupt();
            thread.join(Duration.ofSeconds(10).toMillis());
            assertThat(thread.isAlive()).isFalse();
            assertThat(exit.get()).isZero();
        }
    }

    @Test
    void verboseLogsOneLinePerRequestWithMethodPathStatusAndTime() throws Exception {
        Foreground sandbox = Foreground.start("sandbox", "--port", "0", "--scenario", "happy-path", "--pacing", "5ms", "--verbose");
        CliRunner.Result list = new CliRunner().env("MAIA_TOKEN", "sandbox-token").run("tasks", "list", "--base-url",
                sandbox.baseUrl());
        assertThat(list.exitCode()).as(list.err()).isZero();
        CliRunner.Result missing = new CliRunner().env("MAIA_TOKEN", "sandbox-token").run("task", "get",
                "7b0c8a52-9d3e-4c1f-8a4e-2f6b1d9c0e77", "--base-url", sandbox.baseUrl());
        assertThat(missing.exitCode()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> sandbox.out().toString(StandardCharsets.UTF_8)
                .contains("7b0c8a52-9d3e-4c1f-8a4e-2f6b1d9c0e77 404"));
        sandbox.stop();
        String log = sandbox.out().toString(StandardCharsets.UTF_8);
        assertThat(log).containsPattern("(?m)^GET /dpc/v1/ai/agents/tasks 200 \\d+ms$")
                .containsPattern("(?m)^GET /dpc/v1/ai/agents/tasks/7b0c8a52-9d3e-4c1f-8a4e-2f6b1d9c0e77 404 \\d+ms$")
                .doesNotContain("Bearer");
    }

    @Test
    void aHostBeyondLoopbackIsWarnedAboutAndTheBannerShowsAUrlTheCliTakes() throws Exception {
        Foreground sandbox = Foreground.start("sandbox", "--host", "0.0.0.0", "--port", "0", "--scenario", "happy-path",
                "--pacing", "5ms");
        assertThat(sandbox.err().toString(StandardCharsets.UTF_8)).contains("warning: --host 0.0.0.0 makes the sandbox "
                + "reachable from the network", "fixed token sandbox-token");
        String baseUrl = sandbox.baseUrl();
        assertThat(baseUrl).startsWith("http://127.0.0.1:");
        assertThat(sandbox.out().toString(StandardCharsets.UTF_8)).contains("listening: every address of this machine");
        CliRunner.Result run = new CliRunner().env("MAIA_TOKEN", "sandbox-token").run("run", "--base-url", baseUrl,
                "--project-id", SandboxFixture.PROJECT_ID, "--environment", "dev", "--source-branch", "main",
                "--target-branch", "feature/x", "--message", "Build", "--poll-interval", "10ms", "--requests-per-minute", "6000");
        assertThat(run.exitCode()).as(run.err()).isZero();
        sandbox.stop();

        Foreground loopback = Foreground.start("sandbox", "--port", "0");
        assertThat(loopback.err().toString(StandardCharsets.UTF_8)).doesNotContain("warning");
        loopback.stop();
    }

    @Test
    void theHappyPathNamesTheBranchItPushedTo() {
        CliRunner.Result r = new CliRunner().run("run", "--sandbox", "--scenario", "happy-path", "--sandbox-pacing", "5ms",
                "--poll-interval", "10ms", "--message", "Build the orders pipeline");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Matcher branch = Pattern.compile("Target branch: (maia/build-the-orders-pipeline-[0-9a-f]{8})").matcher(r.out());
        assertThat(branch.find()).as(r.out()).isTrue();
        assertThat(r.out()).contains("agent: Created branch " + branch.group(1) + " for this work.",
                "agent: Done. The changes are pushed to branch " + branch.group(1) + ".").doesNotContain("a new branch");
    }
}
