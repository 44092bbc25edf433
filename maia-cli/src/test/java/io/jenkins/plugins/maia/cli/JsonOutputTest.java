package io.jenkins.plugins.maia.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Issue 12, items 7 and 8: {@code --json} on every command, compact off a terminal, and {@code --jsonl} streaming. */
class JsonOutputTest {

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
    void offATerminalTheResultIsOneCompactLineAndOnATerminalItIsIndented() {
        CliRunner.Result piped = sandbox.run("[scenario:happy-path] Build", "--json");
        assertThat(piped.exitCode()).as(piped.err()).isZero();
        assertThat(piped.out().strip().lines()).hasSize(1);
        assertThat(SandboxFixture.json(piped.out()).get("outcome").asText()).isEqualTo("FINISHED");

        CliRunner.Result terminal = sandbox.run(sandbox.cli().terminal(true), "[scenario:happy-path] Build", "--json");
        assertThat(terminal.exitCode()).as(terminal.err()).isZero();
        assertThat(terminal.out().strip().lines().count()).isGreaterThan(5);
        assertThat(terminal.out()).contains("\n  \"outcome\" : \"FINISHED\"");
        assertThat(SandboxFixture.json(terminal.out()).get("exitCode").asInt()).isZero();
    }

    @Test
    void aFailureAfterTheOptionsWereReadStillPrintsAnObjectWithErrorAndExitCode() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        String nowhere = "http://127.0.0.1:" + closedPort + "/dpc";
        CliRunner.Result unreachable = SandboxFixture.checked(sandbox.cli().run("run", "--base-url", nowhere, "--retries", "0",
                "--project-id", SandboxFixture.PROJECT_ID, "--environment", "dev", "--source-branch", "main",
                "--generate-branch", "--message", "Load", "--json"));
        assertThat(unreachable.exitCode()).isEqualTo(1);
        JsonNode json = SandboxFixture.json(unreachable.out());
        assertThat(json.get("outcome").asText()).isEqualTo("FAILED");
        assertThat(json.get("exitCode").asInt()).isEqualTo(1);
        assertThat(json.get("error").asText()).contains("127.0.0.1:" + closedPort);

        // The server refuses the create: a rejected token.
        CliRunner.Result refused = SandboxFixture.checked(new CliRunner().env("MAIA_TOKEN", SandboxFixture.TOKEN + "-wrong")
                .run("run", "--base-url", sandbox.baseUrl(), "--project-id", SandboxFixture.PROJECT_ID, "--environment",
                        "dev", "--source-branch", "main", "--generate-branch", "--message", "Load", "--json"));
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(SandboxFixture.json(refused.out()).get("error").asText()).contains("401");

        // Missing credentials are found after the options were read: exit 2, still an object.
        CliRunner.Result noCredentials = new CliRunner().run("tasks", "list", "--base-url", nowhere, "--json");
        assertThat(noCredentials.exitCode()).isEqualTo(2);
        JsonNode usage = SandboxFixture.json(noCredentials.out());
        assertThat(usage.get("exitCode").asInt()).isEqualTo(2);
        assertThat(usage.get("error").asText()).contains("MAIA_TOKEN");
        assertThat(noCredentials.err()).contains("maia tasks list: No credentials");
    }

    @Test
    void everyTaskCommandTakesJson() {
        CliRunner.Result paused = sandbox.run("Load sales data", "--on-decision", "fail", "--json");
        String taskId = SandboxFixture.json(paused.out()).get("taskId").asText();

        JsonNode get = json(sandbox.command("task", "get", taskId, "--json"));
        assertThat(get.get("pendingDecisions").get(0).get("toolName").asText()).isEqualTo("query_warehouse");
        JsonNode permissions = json(sandbox.command("task", "permissions", taskId, "--set", "git_commit", "--json"));
        assertThat(permissions.get("grantedPermissions").get(0).get("toolName").asText()).isEqualTo("git_commit");
        JsonNode decided = json(sandbox.command("task", "decide", taskId, "--approve", "query_warehouse", "--json"));
        assertThat(decided.get("action").asText()).isEqualTo("decide");
        assertThat(decided.get("submitted").get(0).get("type").asText()).isEqualTo("tool");
        assertThat(decided.get("submitted").get(0).get("approved").asBoolean()).isTrue();
        assertThat(decided.get("pendingDecisions").isArray()).isTrue();
        List<String> events = sandbox.command("task", "messages", taskId, "--json").out().lines().toList();
        assertThat(events).isNotEmpty().allSatisfy(line -> assertThat(SandboxFixture.json(line).has("data")).isTrue());
        JsonNode list = json(sandbox.command("tasks", "list", "--project-id", SandboxFixture.PROJECT_ID, "--json"));
        assertThat(list.get("total").asLong()).isPositive();

        CliRunner.Result done = sandbox.run("[scenario:happy-path] Build", "--json");
        String finished = SandboxFixture.json(done.out()).get("taskId").asText();
        JsonNode sent = json(sandbox.command("task", "send", finished, "--message", "[scenario:slow] more", "--json"));
        assertThat(sent.get("taskId").asText()).isEqualTo(finished);
        assertThat(sent.get("action").asText()).isEqualTo("send");
        JsonNode stopped = json(sandbox.command("task", "stop", finished, "--json"));
        assertThat(stopped.get("action").asText()).isEqualTo("stop");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> sandbox.server.stats().taskStatus(finished).orElse("").equals("STOPPED"));
        JsonNode deleted = json(sandbox.command("task", "delete", finished, "--json"));
        assertThat(deleted.get("action").asText()).isEqualTo("delete");
        assertThat(deleted.get("exitCode").asInt()).isZero();

        CliRunner.Result gone = sandbox.command("task", "get", finished, "--json");
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(SandboxFixture.json(gone.out()).get("error").asText()).contains("404");
    }

    @Test
    void jsonlStreamsEventsStatusChangesDecisionsAndTheResultLast() {
        CliRunner.Result r = sandbox.run("Load sales data", "--approve", "query_warehouse", "--approve", "git_push",
                "--answer", "0=Incremental", "--jsonl");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<JsonNode> lines = r.out().lines().map(SandboxFixture::json).toList();
        String taskId = lines.get(lines.size() - 1).get("taskId").asText();
        assertThat(lines).allSatisfy(line -> assertThat(line.get("taskId").asText()).isEqualTo(taskId));
        assertThat(lines).extracting(l -> l.get("type").asText()).contains("event", "status", "decision")
                .last().isEqualTo("result");
        JsonNode result = lines.get(lines.size() - 1);
        assertThat(result.get("outcome").asText()).isEqualTo("FINISHED");
        assertThat(result.get("exitCode").asInt()).isZero();
        assertThat(lines.stream().filter(l -> l.get("type").asText().equals("event")).count())
                .isEqualTo(sandbox.server.stats().eventCount(taskId));
        assertThat(lines).filteredOn(l -> l.get("type").asText().equals("decision"))
                .extracting(l -> l.get("toolName").asText() + " " + l.get("decision").asText() + " " + l.get("decidedBy").asText())
                .containsExactly("query_warehouse approved policy", "ask_user_question answered policy",
                        "git_push approved policy");
        assertThat(lines).filteredOn(l -> l.get("type").asText().equals("status"))
                .extracting(l -> l.get("state").asText()).contains("paused", "finished");
        // The human output went to stderr.
        assertThat(r.err()).contains("Created task " + taskId, "finished after");
    }

    @Test
    void jsonlEndsWithAFailedResultWhenTheFollowFails() {
        CliRunner.Result r = SandboxFixture.checked(new CliRunner().env("MAIA_TOKEN", SandboxFixture.TOKEN + "-wrong")
                .run("watch", "7b0c8a52-9d3e-4c1f-8a4e-2f6b1d9c0e77", "--base-url", sandbox.baseUrl(), "--jsonl"));
        assertThat(r.exitCode()).isEqualTo(1);
        JsonNode last = SandboxFixture.json(r.out().strip().lines().reduce((a, b) -> b).orElseThrow());
        assertThat(last.get("type").asText()).isEqualTo("result");
        assertThat(last.get("outcome").asText()).isEqualTo("FAILED");
        assertThat(last.get("exitCode").asInt()).isEqualTo(1);
    }

    @Test
    void jsonAndJsonlTogetherAreAUsageError() {
        UsageErrorsTest.assertUsageError(new CliRunner().env("MAIA_TOKEN", "t").run("watch", "id", "--base-url",
                "http://127.0.0.1:9/dpc", "--json", "--jsonl"), "--jsonl");
    }

    private static JsonNode json(CliRunner.Result r) {
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().strip().lines()).as("one line of JSON").hasSize(1);
        return SandboxFixture.json(r.out());
    }
}
