package io.jenkins.plugins.maia.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** API and network failures: exit code 1, one clear line, no stack trace unless --verbose, never a secret. */
class ApiFailureTest {

    private static HttpServer forbidding;
    private static SandboxFixture sandbox;

    @BeforeAll
    static void start() throws IOException {
        // A server that refuses everything with 403, as the API does for credentials without the right role.
        forbidding = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        forbidding.createContext("/", exchange -> {
            byte[] body = ("{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,"
                    + "\"detail\":\"The API credentials lack the role for AI agent tasks\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(403, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        forbidding.start();
        sandbox = SandboxFixture.start();
    }

    @AfterAll
    static void stop() {
        forbidding.stop(0);
        sandbox.close();
    }

    private static String forbiddingUrl() {
        return "http://127.0.0.1:" + forbidding.getAddress().getPort() + "/dpc";
    }

    private static void assertOneLineFailure(CliRunner.Result r, String command, String... named) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith(command + ": ").contains(named).doesNotContain("\tat ");
        SandboxFixture.assertNoSecret(r.out() + r.err());
    }

    @Test
    void forbiddenIsExitOneWithTheServersReason() {
        CliRunner cli = new CliRunner().env("MAIA_TOKEN", SandboxFixture.TOKEN);
        assertOneLineFailure(cli.run("tasks", "list", "--base-url", forbiddingUrl()), "maia tasks list", "403");
        assertOneLineFailure(cli.run("run", "--base-url", forbiddingUrl(), "--project-id", SandboxFixture.PROJECT_ID,
                "--environment", "dev", "--source-branch", "main", "--target-branch", "feature/x", "--message", "Load"),
                "maia run", "403");
        assertOneLineFailure(cli.run("task", "get", "7b0c8a52-9d3e-4c1f-8a4e-2f6b1d9c0e77", "--base-url", forbiddingUrl()),
                "maia task get", "403");
    }

    @Test
    void unreachableServerIsExitOneAfterRetries() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        CliRunner cli = new CliRunner().env("MAIA_TOKEN", SandboxFixture.TOKEN);
        String url = "http://127.0.0.1:" + closedPort + "/dpc";
        assertOneLineFailure(cli.run("run", "--base-url", url, "--retries", "1", "--project-id", SandboxFixture.PROJECT_ID,
                "--environment", "dev", "--source-branch", "main", "--generate-branch", "--message", "Load"), "maia run",
                "127.0.0.1:" + closedPort, "after 2 attempts");
        assertOneLineFailure(cli.run("tasks", "list", "--base-url", url, "--retries", "0"), "maia tasks list", "Failed to connect");
    }

    @Test
    void rejectedTokenIsExitOneAndVerboseShowsATraceWithoutTheToken() {
        CliRunner cli = new CliRunner().env("MAIA_TOKEN", SandboxFixture.TOKEN + "-wrong");
        CliRunner.Result plain = cli.run("tasks", "list", "--base-url", sandbox.baseUrl());
        assertOneLineFailure(plain, "maia tasks list", "401");

        CliRunner.Result verbose = cli.run("tasks", "list", "--base-url", sandbox.baseUrl(), "--verbose");
        assertThat(verbose.exitCode()).isEqualTo(1);
        assertThat(verbose.err()).contains("401", "\tat ");
        SandboxFixture.assertNoSecret(verbose.out() + verbose.err());
    }

    @Test
    void badClientSecretIsExitOneWithoutTheSecret() {
        CliRunner cli = new CliRunner().env("MAIA_CLIENT_ID", SandboxFixture.CLIENT_ID)
                .env("MAIA_CLIENT_SECRET", SandboxFixture.CLIENT_SECRET + "-wrong");
        CliRunner.Result r = cli.run("tasks", "list", "--base-url", sandbox.baseUrl(), "--token-url", sandbox.server.tokenUrl(),
                "--verbose");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("maia tasks list: ");
        SandboxFixture.assertNoSecret(r.out() + r.err());
    }

    @Test
    void aTaskVanishingMidFollowIsExitOneWithTheTranscriptWrittenUpToThere(@TempDir Path dir) throws IOException {
        String taskId = "0b7e6a3c-51d2-4f0e-9c8a-6d2e4b1f7a90";
        AtomicInteger reads = new AtomicInteger();
        HttpServer vanishing = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        vanishing.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            int status;
            String body;
            if (exchange.getRequestMethod().equals("POST")) {
                status = 201;
                body = "{\"taskId\":\"" + taskId + "\",\"status\":\"RUNNING\",\"agentName\":\"data_engineer_agent\","
                        + "\"createdAt\":\"2025-06-01T10:00:00Z\"}";
            } else if (path.endsWith("/messages")) {
                status = 200;
                body = "{\"results\":[{\"data\":{\"type\":\"text\",\"role\":\"assistant\",\"content\":\"Half way there.\"},"
                        + "\"groupId\":\"g1\",\"timestamp\":\"2025-06-01T10:00:01Z\"}]}";
            } else if (reads.incrementAndGet() <= 2) {
                status = 200;
                body = "{\"taskId\":\"" + taskId + "\",\"status\":\"RUNNING\",\"description\":\"Load\","
                        + "\"createdAt\":\"2025-06-01T10:00:00Z\",\"modifiedAt\":\"2025-06-01T10:00:0" + reads.get() + "Z\","
                        + "\"agentConfig\":{\"name\":\"data_engineer_agent\",\"mode\":\"ACT\",\"projectId\":\""
                        + SandboxFixture.PROJECT_ID + "\",\"sourceBranchName\":\"main\",\"environmentName\":\"dev\","
                        + "\"generateBranch\":true},\"grantedPermissions\":[],\"pendingDecisions\":[]}";
            } else {
                status = 404;
                body = "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"Task not found\"}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", status == 404 ? "application/problem+json" : "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        vanishing.start();
        try {
            CliRunner.Result r = SandboxFixture.checked(new CliRunner().env("MAIA_TOKEN", SandboxFixture.TOKEN).run("run",
                    "--base-url", "http://127.0.0.1:" + vanishing.getAddress().getPort() + "/dpc",
                    "--project-id", SandboxFixture.PROJECT_ID, "--environment", "dev", "--source-branch", "main",
                    "--generate-branch", "--message", "Load", "--poll-interval", "10ms", "--requests-per-minute", "60000",
                    "--transcript", dir.toString(), "--json"));
            assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
            JsonNode json = SandboxFixture.json(r.out());
            assertThat(json.get("outcome").asText()).isEqualTo("FAILED");
            assertThat(json.get("error").asText()).contains("404");
            assertThat(Files.readString(Path.of(json.get("transcripts").get("markdown").asText()))).contains("Half way there.");
            assertThat(r.err().lines().filter(l -> l.startsWith("maia run: "))).hasSize(1);
            assertThat(r.err()).doesNotContain("\tat ");
        } finally {
            vanishing.stop(0);
        }
    }

    @Test
    void lastMessagesThatCannotBeReadAreExitOneWithTheWayToReadThem(@TempDir Path dir) throws IOException {
        String taskId = "4c2d9e1a-7b3f-4a6e-8d5c-1e9f0a2b3c4d";
        AtomicInteger secondPageRefusals = new AtomicInteger(1);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            int status = 200;
            String body;
            if (!exchange.getRequestURI().getPath().endsWith("/messages")) {
                body = "{\"taskId\":\"" + taskId + "\",\"status\":\"STOPPED\",\"description\":\"Load\","
                        + "\"createdAt\":\"2025-06-01T10:00:00Z\",\"modifiedAt\":\"2025-06-01T10:00:09Z\","
                        + "\"agentConfig\":{\"name\":\"data_engineer_agent\",\"mode\":\"ACT\",\"projectId\":\""
                        + SandboxFixture.PROJECT_ID + "\",\"sourceBranchName\":\"main\",\"environmentName\":\"dev\","
                        + "\"targetBranchName\":\"feature/x\"},\"grantedPermissions\":[],\"pendingDecisions\":[]}";
            } else if (query == null || !query.contains("paginationToken=p2")) {
                body = "{\"results\":[{\"data\":{\"type\":\"text\",\"role\":\"assistant\",\"content\":\"First page.\"},"
                        + "\"groupId\":\"g1\",\"timestamp\":\"2025-06-01T10:00:01Z\"}],\"more\":\"p2\"}";
            } else if (secondPageRefusals.getAndDecrement() > 0) {
                status = 403;
                body = "{\"title\":\"Forbidden\",\"status\":403,\"detail\":\"Not now\"}";
            } else {
                body = "{\"results\":[{\"data\":{\"type\":\"text\",\"role\":\"assistant\",\"content\":\"Last words.\"},"
                        + "\"groupId\":\"g2\",\"timestamp\":\"2025-06-01T10:00:08Z\"}]}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", status == 200 ? "application/json" : "application/problem+json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        Path transcripts = dir.resolve("my transcripts");
        String baseUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/dpc";
        String[] watch = {"watch", taskId, "--base-url", baseUrl,
                "--poll-interval", "10ms", "--requests-per-minute", "60000", "--transcript", transcripts.toString()};
        try {
            CliRunner cli = new CliRunner().env("MAIA_TOKEN", SandboxFixture.TOKEN);
            CliRunner.Result r = SandboxFixture.checked(cli.run(append(watch, "--json")));

            assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
            JsonNode json = SandboxFixture.json(r.out());
            assertThat(json.get("outcome").asText()).isEqualTo("FINISHED");
            assertThat(json.get("exitCode").asInt()).isEqualTo(1);
            assertThat(json.get("messagesComplete").asBoolean()).isFalse();
            assertThat(json.get("detail").asText()).contains("could not be read", "403");
            assertThat(r.err().lines().filter(l -> l.startsWith("maia watch: "))).singleElement().asString()
                    .contains("task " + taskId + " finished, but its last messages could not be read (")
                    .contains("403")
                    .contains("the transcript are incomplete")
                    .contains("Read them with 'maia watch " + taskId + " --base-url " + baseUrl + " --transcript \""
                            + transcripts + "\"'");
            assertThat(r.err()).contains("agent: First page.").doesNotContain("Last words.");

            // The way out it names works: the saved state continues after the first page.
            CliRunner.Result again = SandboxFixture.checked(cli.run(append(watch, "--json")));
            assertThat(again.exitCode()).as(again.err()).isZero();
            assertThat(SandboxFixture.json(again.out()).get("messagesComplete").asBoolean()).isTrue();
            assertThat(again.err()).contains("agent: Last words.").doesNotContain("First page.");
            String markdown = Files.readString(Path.of(SandboxFixture.json(again.out()).get("transcripts").get("markdown")
                    .asText()));
            assertThat(markdown).contains("First page.", "Last words.");
            assertThat(markdown.split("First page\\.", -1)).as("no message written twice").hasSize(2);
        } finally {
            server.stop(0);
        }
    }

    private static String[] append(String[] args, String... more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }

    @Test
    void httpToANonLoopbackHostIsRefusedAsInvalidInput() {
        CliRunner cli = new CliRunner().env("MAIA_TOKEN", SandboxFixture.TOKEN);
        UsageErrorsTest.assertUsageError(cli.run("tasks", "list", "--base-url", "http://example.com/dpc"), "--base-url");
    }
}
