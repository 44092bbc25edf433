package io.jenkins.plugins.maia.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.maia.sandbox.Endpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code maia run} end to end against a sandbox on a free loopback port. */
class RunCommandTest {

    private static SandboxFixture sandbox;

    @BeforeAll
    static void startSandbox() {
        sandbox = SandboxFixture.start();
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @Test
    void approvalAndQuestionSettledByOptionsFinishWithTranscriptsAndJson(@TempDir Path dir) throws IOException {
        CliRunner.Result r = sandbox.run("Load sales data from S3 into Snowflake",
                "--approve", "query_warehouse", "--approve", "git_push", "--answer", "0=Incremental",
                "--transcript", dir.toString(), "--json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = SandboxFixture.json(r.out());
        String taskId = json.get("taskId").asText();
        assertThat(json.get("outcome").asText()).isEqualTo("FINISHED");
        assertThat(json.get("status").asText()).isEqualTo("STOPPED");
        assertThat(json.get("exitCode").asInt()).isZero();
        assertThat(json.get("targetBranchName").asText()).startsWith("maia/");
        assertThat(json.get("pendingDecisions")).isEmpty();
        for (String kind : new String[] {"jsonl", "markdown", "html"}) {
            assertThat(Path.of(json.get("transcripts").get(kind).asText())).isRegularFile();
        }
        // Human output went to stderr, so stdout is only the JSON; it shows the messages and both decisions.
        assertThat(r.err()).contains("Created task " + taskId, "agent: I'll start by looking at the sales data",
                "decision: approved query_warehouse once (by policy)", "decision: answered question: 0=Incremental",
                "decision: approved git_push once", "finished after");
        String markdown = Files.readString(Path.of(json.get("transcripts").get("markdown").asText()));
        assertThat(markdown).contains("Incremental", "query_warehouse");
        assertThat(Files.readAllLines(Path.of(json.get("transcripts").get("jsonl").asText())))
                .hasSizeGreaterThanOrEqualTo((int) sandbox.server.stats().eventCount(taskId));
        SandboxFixture.assertNoSecretIn(dir);
    }

    @Test
    void withoutJsonTheHumanOutputIsOnStdout() {
        CliRunner.Result r = sandbox.run("[scenario:happy-path] Build a pipeline");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Created task", "agent: ", "finished after");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void theTaskJustCreatedIsFollowedFromTheCreatesAnswerAndReadOnlyForItsEnd() {
        try (SandboxFixture own = SandboxFixture.start()) {
            CliRunner.Result r = own.run("[scenario:happy-path] Build a pipeline");

            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).contains("Created task", "finished after");
            assertThat(own.server.stats().requests(Endpoint.GET_TASK))
                    .as("no first read: the watch looked at it from the create's answer; its end read once").isOne();
        }
    }

    @Test
    void undecidedToolFailsWithFourNamesTheToolAndLeavesTheTaskPaused() {
        CliRunner.Result r = sandbox.run("Load sales data", "--on-decision", "fail", "--json");

        assertThat(r.exitCode()).isEqualTo(4);
        JsonNode json = SandboxFixture.json(r.out());
        String taskId = json.get("taskId").asText();
        assertThat(json.get("outcome").asText()).isEqualTo("NEEDS_DECISION");
        assertThat(json.get("pendingDecisions").get(0).get("toolName").asText()).isEqualTo("query_warehouse");
        String errorLine = r.err().lines().filter(l -> l.startsWith("maia run: ")).findFirst().orElseThrow();
        assertThat(errorLine).contains("query_warehouse", "left paused", "maia watch " + taskId + " --approve query_warehouse",
                "maia task decide " + taskId);
        assertThat(sandbox.server.stats().taskStatus(taskId)).hasValue("STOPPED+PENDING");
        CliRunner.Result get = sandbox.command("task", "get", taskId, "--json");
        assertThat(SandboxFixture.json(get.out()).get("pendingDecisions").get(0).get("toolName").asText())
                .isEqualTo("query_warehouse");
    }

    @Test
    void withoutATerminalTheDefaultIsFail() {
        CliRunner.Result r = sandbox.run("[scenario:approval-and-question] Load", "--approve", "query_warehouse");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains("question \"Which load strategy should the pipeline use?\"", "--answer 0=Incremental");
    }

    @Test
    void rejectedToolsAreReportedAndTheAgentContinues() {
        CliRunner.Result r = sandbox.run("Load sales data", "--reject", "query_warehouse", "--answer", "0=Full reload",
                "--on-decision", "reject");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("decision: rejected query_warehouse (by policy)", "declined it",
                "decision: answered question: 0=Full reload", "decision: rejected git_push (by policy)");
    }

    @Test
    void approveForTaskUsesConversationScope() {
        CliRunner.Result r = sandbox.run("Load", "--approve-for-task", "query_warehouse", "--approve-for-task", "git_push",
                "--answer", "0=Append only");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("approved query_warehouse for the rest of the task");
    }

    @Test
    void erroredTaskExitsWithThree() {
        CliRunner.Result r = sandbox.run("[scenario:errored] Load", "--json");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(SandboxFixture.json(r.out()).get("outcome").asText()).isEqualTo("ERRORED");
        assertThat(r.err()).contains("maia run: task ", "ERRORED");
    }

    @Test
    void timeoutExitsWithFiveAndLeavesTheTaskRunning() {
        CliRunner.Result r = sandbox.run("[scenario:slow] Load a lot", "--timeout", "300ms", "--json");
        assertThat(r.exitCode()).isEqualTo(5);
        String taskId = SandboxFixture.json(r.out()).get("taskId").asText();
        assertThat(SandboxFixture.json(r.out()).get("outcome").asText()).isEqualTo("TIMED_OUT");
        assertThat(r.err()).contains("timed out after 300ms", "was not stopped", "maia task stop " + taskId);
        assertThat(sandbox.server.stats().taskStatus(taskId)).hasValue("RUNNING");
        assertThat(sandbox.command("task", "stop", taskId).exitCode()).isZero();
    }

    @Test
    void promptReadsAnswersFromTheConsole() {
        CliRunner cli = sandbox.cli().stdin("y\n1\na\n");
        CliRunner.Result r = sandbox.run(cli, "Load", "--on-decision", "prompt");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("Decision needed: Query the warehouse", "SELECT region",
                "question 0: [Load strategy] Which load strategy should the pipeline use?", "1) Incremental - Load only rows",
                "decision: approved query_warehouse once (by console)", "decision: answered question: 0=Incremental (by console)",
                "decision: approved git_push for the rest of the task (by console)");
    }

    @Test
    void promptWithoutAnAnswerPausesWithFour() {
        CliRunner.Result r = sandbox.run(sandbox.cli().stdin(""), "Load", "--on-decision", "prompt");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains("query_warehouse");
    }

    @Test
    void badProjectIdIsRefusedByTheClientBeforeAnyCall() {
        long before = sandbox.server.stats().totalRequests();
        CliRunner.Result r = SandboxFixture.checked(sandbox.cli().run("run", "--base-url", sandbox.baseUrl(),
                "--project-id", "not-a-uuid", "--environment", "dev", "--source-branch", "main", "--generate-branch",
                "--message", "x"));
        UsageErrorsTest.assertUsageError(r, "--project-id");
        assertThat(sandbox.server.stats().totalRequests()).isEqualTo(before);
    }

    @Test
    void clientCredentialsFromTheEnvironmentWork() {
        CliRunner cli = new CliRunner().env("MAIA_CLIENT_ID", SandboxFixture.CLIENT_ID)
                .env("MAIA_CLIENT_SECRET", SandboxFixture.CLIENT_SECRET);
        CliRunner.Result r = sandbox.run(cli, "[scenario:happy-path] Load", "--token-url", sandbox.server.tokenUrl(), "--verbose");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("client credentials, client id " + SandboxFixture.CLIENT_ID);
    }

    @Test
    void runFollowsForAtMost120MinutesUnlessToldOtherwise(@TempDir Path dir) throws IOException {
        java.time.Instant before = java.time.Instant.now();
        CliRunner.Result r = sandbox.run("[scenario:happy-path] Build", "--transcript", dir.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        String taskId = SandboxFixture.json(r.out()).get("taskId").asText();
        io.jenkins.plugins.maia.follower.follow.FollowState state = io.jenkins.plugins.maia.follower.follow.FollowState
                .decode(Files.readString(TranscriptSession.stateFile(dir, taskId)));
        assertThat(state.deadline()).isBetween(before.plus(java.time.Duration.ofMinutes(120)),
                java.time.Instant.now().plus(java.time.Duration.ofMinutes(120)));
        assertThat(new CliRunner().run("run", "--help").out().replaceAll("\\s+", " ")).contains("Default: 120m for run");
    }
}
