package io.jenkins.plugins.maia.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.maia.sandbox.Faults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12, items 1 to 6, end to end through the {@code maia} command against the sandbox. */
class HonestOutcomesTest {

    private static SandboxFixture sandbox;

    @BeforeAll
    static void startSandbox() {
        sandbox = SandboxFixture.start();
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    private static CliRunner.Result watch(SandboxFixture on, String taskId, String... extra) {
        List<String> args = new ArrayList<>(List.of("watch", taskId));
        args.addAll(SandboxFixture.fast());
        args.addAll(List.of(extra));
        return on.command(args.toArray(String[]::new));
    }

    /** Waits (at most a minute, so a broken build fails rather than hangs) until {@code condition} holds. */
    private static void await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited a minute").isLessThan(end);
            Thread.sleep(20);
        }
    }

    private static String errorLine(CliRunner.Result r, String command) {
        return r.err().lines().filter(l -> l.startsWith(command + ": ")).findFirst().orElseThrow();
    }

    // ---- 1. stopped is not finished ------------------------------------------------------------------------------

    @Test
    void watchAfterTaskStopSaysTheTaskWasStoppedAndExitsSix() throws Exception {
        CliRunner.Result left = sandbox.run("[scenario:slow] Load a lot", "--timeout", "300ms", "--json");
        assertThat(left.exitCode()).as(left.err()).isEqualTo(5);
        String taskId = SandboxFixture.json(left.out()).get("taskId").asText();
        assertThat(sandbox.command("task", "stop", taskId).exitCode()).isZero();
        await(() -> sandbox.server.stats().taskStatus(taskId).orElse("").equals("STOPPED"));

        CliRunner.Result r = watch(sandbox, taskId, "--json");

        assertThat(r.exitCode()).as(r.err()).isEqualTo(6);
        JsonNode json = SandboxFixture.json(r.out());
        assertThat(json.get("outcome").asText()).isEqualTo("STOPPED");
        assertThat(json.get("status").asText()).isEqualTo("STOPPED");
        assertThat(json.get("exitCode").asInt()).isEqualTo(6);
        assertThat(errorLine(r, "maia watch")).isEqualTo("maia watch: task " + taskId + " was stopped before it "
                + "finished (its events say it was stopped (reason: stopped; the API does not say who stopped it)). "
                + "See what it did with 'maia task messages " + taskId + " --base-url " + sandbox.baseUrl() + "', or "
                + "continue it with 'maia task send " + taskId + " --message TEXT --base-url " + sandbox.baseUrl()
                + "'");
        assertThat(r.err()).doesNotContain("finished after");
    }

    @Test
    void aRunWhoseTaskIsStoppedFromElsewhereEndsWithSixNotZero() throws Exception {
        SandboxFixture own = SandboxFixture.start(Duration.ofMillis(20));
        try (own) {
            CompletableFuture<CliRunner.Result> run = CompletableFuture.supplyAsync(
                    () -> own.run("[scenario:slow] Load a lot", "--json"));
            await(() -> !own.server.stats().tasksCreated().isEmpty()
                    && own.server.stats().eventCount(own.server.stats().tasksCreated().get(0)) > 3);
            String taskId = own.server.stats().tasksCreated().get(0);

            assertThat(own.command("task", "stop", taskId).exitCode()).isZero();
            CliRunner.Result r = run.get(1, TimeUnit.MINUTES);

            assertThat(r.exitCode()).as(r.err()).isEqualTo(6);
            assertThat(SandboxFixture.json(r.out()).get("outcome").asText()).isEqualTo("STOPPED");
            assertThat(errorLine(r, "maia run")).contains("task " + taskId + " was stopped before it finished (");
        }
    }

    // ---- 2. an ERRORED task shows its error ----------------------------------------------------------------------

    @Test
    void anErroredTaskShowsItsErrorOnTheConsoleInTheSummaryTheJsonAndTheTranscript(@TempDir Path dir)
            throws IOException {
        Path summary = dir.resolve("summary.md");
        String error = "Could not connect to the warehouse: connection refused (simulated by the sandbox).";

        CliRunner.Result r = sandbox.run("[scenario:errored] Load", "--json", "--summary", summary.toString(),
                "--transcript", dir.toString());

        assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
        JsonNode json = SandboxFixture.json(r.out());
        assertThat(json.get("error").asText()).isEqualTo(error);
        assertThat(json.get("lastAgentMessage").asText()).isEqualTo("Retrying the connection.");
        assertThat(json.get("detail").asText()).isEqualTo("the task is ERRORED: " + error);
        assertThat(r.err()).contains("\nerror: " + error + "\n");
        assertThat(errorLine(r, "maia run")).endsWith(": " + error).doesNotContain("Retrying the connection");
        assertThat(Files.readString(summary)).contains("| Error | ").contains("Could not connect to the warehouse");
        assertThat(Files.readString(Path.of(json.get("transcripts").get("markdown").asText())))
                .contains("**Error**\n\n> Could not connect to the warehouse");
    }

    // ---- 3. complete means complete ------------------------------------------------------------------------------

    @Test
    void afterATimeoutEveryMessageThatExistedIsWrittenBeforeItSaysComplete(@TempDir Path dir) throws IOException {
        // Agents step every 100 ms: the 1,200 messages come at about 2.6 s, after the poll at 2 s and before the
        // timeout at 4 s, and the next poll would only come at 5 s.
        try (SandboxFixture slowly = SandboxFixture.start(Duration.ofMillis(100))) {
            CliRunner.Result r = SandboxFixture.checked(slowly.cli().run("run", "--base-url", slowly.baseUrl(),
                    "--project-id", SandboxFixture.PROJECT_ID, "--environment", "dev", "--source-branch", "main",
                    "--generate-branch", "--message", "[scenario:burst] Load everything", "--poll-interval", "2s",
                    "--requests-per-minute", "60000", "--timeout", "4s", "--transcript", dir.toString(), "--json"));

            assertThat(r.exitCode()).as(r.err()).isEqualTo(5);
            JsonNode json = SandboxFixture.json(r.out());
            String taskId = json.get("taskId").asText();
            assertThat(json.get("messagesComplete").asBoolean()).isTrue();
            assertThat(json.get("status").asText()).isEqualTo("RUNNING");
            long written = Files.readAllLines(Path.of(json.get("transcripts").get("jsonl").asText())).stream()
                    .filter(l -> SandboxFixture.json(l).has("data")).count();
            assertThat(written).isEqualTo(slowly.server.stats().eventCount(taskId)).isEqualTo(1_202);
            assertThat(slowly.command("task", "stop", taskId).exitCode()).isZero();
        }
    }

    // ---- 4. never silent -----------------------------------------------------------------------------------------

    @Test
    void aServerThatStopsAnsweringIsReportedCallByCallAndTheFollowGivesUpWithTheLastCause() throws Exception {
        try (SandboxFixture failing = SandboxFixture.start()) {
            CompletableFuture<CliRunner.Result> run = CompletableFuture.supplyAsync(() -> failing.run(
                    "[scenario:slow] Load a lot", "--give-up-after", "1s", "--json"));
            await(() -> !failing.server.stats().tasksCreated().isEmpty()
                    && failing.server.stats().eventCount(failing.server.stats().tasksCreated().get(0)) > 3);

            failing.server.faults(Faults.builder().serviceUnavailable(1.0).build());
            CliRunner.Result r = run.get(1, TimeUnit.MINUTES);

            assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
            List<String> warnings = r.err().lines().filter(l -> l.startsWith("warning: a call failed (")).toList();
            assertThat(warnings).hasSizeGreaterThanOrEqualTo(2);
            assertThat(warnings.get(0)).startsWith("warning: a call failed (1 in a row): ").contains("503")
                    .contains("; trying again in ").endsWith(" (gives up after 1s of failures)");
            JsonNode json = SandboxFixture.json(r.out());
            assertThat(json.get("outcome").asText()).isEqualTo("FAILED");
            assertThat(json.get("error").asText()).startsWith("Gave up following task ")
                    .contains(" failures in a row over ").contains("; the last: ").contains("503");
            assertThat(errorLine(r, "maia run")).contains("Gave up following task");
        }
    }

    @Test
    void theHelpSaysWhatRetriesBoundsAndListsEveryExitCode() {
        String run = new CliRunner().run("run", "--help").out().replaceAll("\\s+", " ");
        String watch = new CliRunner().run("watch", "--help").out().replaceAll("\\s+", " ");
        String maia = new CliRunner().run("--help").out().replaceAll("\\s+", " ");

        assertThat(run).contains("--give-up-after=DURATION Give up following after DURATION of failed calls in a row")
                .contains("It does not bound the polls of run and watch: --give-up-after does.")
                .contains("--fail-on-rejection Exit 7 when the task finishes after a tool call was rejected");
        for (String help : List.of(run, watch, maia)) {
            assertThat(help).contains("5 timeout (the task was not stopped)")
                    .contains("6 the task was stopped before it finished")
                    .contains("7 the task finished, but a tool call was rejected (with --fail-on-rejection)");
        }
        UsageErrorsTest.assertUsageError(new CliRunner().env(ConnectionOptions.MAIA_TOKEN, "x").run("run",
                "--sandbox", "--message", "x", "--give-up-after", "0s"), "--give-up-after");
    }

    // ---- 5. denied work is visible -------------------------------------------------------------------------------

    @Test
    void everyDecisionAndEveryRejectedToolIsInTheJsonAndFailOnRejectionExitsSeven() {
        CliRunner.Result r = sandbox.run("Load sales data", "--reject", "query_warehouse", "--answer", "0=Full reload",
                "--on-decision", "reject", "--fail-on-rejection", "--json");

        assertThat(r.exitCode()).as(r.err()).isEqualTo(7);
        JsonNode json = SandboxFixture.json(r.out());
        String taskId = json.get("taskId").asText();
        assertThat(json.get("outcome").asText()).isEqualTo("FINISHED");
        assertThat(json.get("exitCode").asInt()).isEqualTo(7);
        JsonNode decisions = json.get("decisions");
        assertThat(decisions).hasSize(3);
        assertThat(decisions.get(0).get("toolName").asText()).isEqualTo("query_warehouse");
        assertThat(decisions.get(0).get("decision").asText()).isEqualTo("rejected");
        assertThat(decisions.get(0).get("settledBy").asText()).isEqualTo("rule");
        assertThat(decisions.get(0).get("by").asText()).isEqualTo("reject");
        assertThat(decisions.get(1).get("type").asText()).isEqualTo("question");
        assertThat(decisions.get(1).get("decision").asText()).isEqualTo("answered");
        assertThat(decisions.get(1).get("answers").get(0).get("selectedOptions").get(0).asText())
                .isEqualTo("Full reload");
        assertThat(decisions.get(2).get("toolName").asText()).isEqualTo("git_push");
        assertThat(decisions.get(2).get("settledBy").asText()).isEqualTo("default");
        assertThat(decisions.get(2).get("by").asText()).isEqualTo("fallback REJECT");
        assertThat(json.get("rejectedTools")).extracting(JsonNode::asText)
                .containsExactly("query_warehouse", "git_push");
        assertThat(errorLine(r, "maia run")).isEqualTo("maia run: task " + taskId + " finished, but the agent was "
                + "refused 2 tool call(s): query_warehouse (by the reject rule), git_push (by the fallback REJECT) "
                + "(--fail-on-rejection makes that a failure)");

        CliRunner.Result lenient = sandbox.run("Load sales data", "--reject", "query_warehouse", "--answer",
                "0=Full reload", "--on-decision", "reject");
        assertThat(lenient.exitCode()).as(lenient.err()).isZero();
        assertThat(lenient.out()).contains("Rejected: query_warehouse (by the reject rule), git_push (by the "
                + "fallback REJECT).");
    }

    @Test
    void aPauseListsItsUnansweredQuestions() {
        CliRunner.Result r = sandbox.run("Load sales data", "--approve", "query_warehouse", "--json");

        assertThat(r.exitCode()).as(r.err()).isEqualTo(4);
        JsonNode json = SandboxFixture.json(r.out());
        assertThat(json.get("unansweredQuestions")).singleElement().satisfies(q -> assertThat(
                q.get("questions").get(0).asText()).isEqualTo("Which load strategy should the pipeline use?"));
        assertThat(json.get("decisions")).singleElement().satisfies(d -> assertThat(d.get("by").asText())
                .isEqualTo("approve once"));
        assertThat(json.get("rejectedTools")).isEmpty();
    }

    // ---- 6. messages in every common shape -----------------------------------------------------------------------

    @Test
    void anSdkBuiltAgentReadsAsWordsOnTheConsoleAndWholeInTheTranscripts(@TempDir Path dir) throws IOException {
        CliRunner.Result r = sandbox.run("[scenario:agent-sdk] Load the sales data", "--transcript", dir.toString());
        CliRunner.Result verbose = sandbox.run("[scenario:agent-sdk] Load the sales data", "--verbose");

        assertThat(r.exitCode()).as(r.err()).isZero();
        String console = r.out();
        assertThat(console).contains("system: init (model claude-sonnet-4-5, 2 tools)\n",
                "agent: I'll look at the sales table.\n", "tool result: 5 rows: EMEA 1.2M, NA 2.4M\n",
                "error: Overloaded, retrying\n", "result: Loaded the data into sales_utc.\n");
        String call = console.lines().filter(l -> l.startsWith("tool call query_warehouse: ")).findFirst()
                .orElseThrow();
        assertThat(call).startsWith("tool call query_warehouse: {\"query\":\"SELECT region").endsWith("...")
                .hasSize("tool call query_warehouse: ".length() + 300 + 3);
        assertThat(console).doesNotContain("private plan").doesNotContain("\"type\"")
                .doesNotContain("user: 5 rows").doesNotContain("status: RUNNING (tool finished)");
        assertThat(verbose.out()).contains("status: RUNNING (tool finished)\n");

        Path md = Files.list(dir).filter(f -> f.toString().endsWith(".md")).findFirst().orElseThrow();
        String markdown = Files.readString(md);
        assertThat(markdown).contains(SandboxFixture.LONG_QUERY)
                .contains("**Tool result** (toolu\\_01)").contains("**Agent, final summary**")
                .contains("Server status:* RUNNING (tool finished)");
        Path html = Files.list(dir).filter(f -> f.toString().endsWith(".html")).findFirst().orElseThrow();
        assertThat(Files.readString(html)).contains(SandboxFixture.LONG_QUERY.replace("<", "&lt;")
                .replace(">", "&gt;").replace("'", "&#39;"));
    }

    @Test
    void theLastAgentMessageIsTheFinalSummaryInTheJson() {
        CliRunner.Result r = sandbox.run("[scenario:agent-sdk] Load the sales data", "--json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = SandboxFixture.json(r.out());
        assertThat(json.get("lastAgentMessage").asText()).isEqualTo("Loaded the data into sales_utc.");
        assertThat(json.get("error").isNull()).as("an error the agent recovered from is no failure").isTrue();
    }
}
