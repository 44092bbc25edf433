package io.jenkins.plugins.maia.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.report.ValidationReport;
import io.jenkins.plugins.maia.client.auth.StaticToken;
import io.jenkins.plugins.maia.client.contract.ContractValidator;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A MockWebServer on loopback playing the Maia API under {@code /dpc}, a client wired to it with a recording
 * sleeper (no test ever waits), a fixed clock, fixed jitter and a recording budget. Every request the client
 * sends is validated against the contract's OpenAPI document: those a test takes with {@link #take()} at once,
 * the rest after the test.
 */
abstract class ApiTestSupport {
    /** Recognisable, so secret-hygiene checks can look for it. */
    static final String TOKEN = "tok-SECRET-4f9a1c2b7d6e";
    static final String TASK_ID = "550e8400-e29b-41d4-a716-446655440000";
    static final String PROJECT_ID = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";
    static final Instant NOW = Instant.parse("2026-04-08T10:00:00Z");

    protected MockWebServer server;
    protected final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    protected final RecordingBudget budget = new RecordingBudget();
    protected final MutableClock clock = new MutableClock(NOW);

    @BeforeEach
    void startServer() throws IOException {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void validateRestAndStop() throws InterruptedException {
        try {
            RecordedRequest rest;
            while ((rest = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
                assertMatchesContract(rest);
            }
        } finally {
            server.close();
        }
    }

    MaiaClient.Builder clientBuilder() {
        return MaiaClient.builder()
                .baseUrl(server.url("/dpc/").toString())
                .tokenSource(StaticToken.of(TOKEN))
                .sleeper(sleeps::add)
                .clock(clock)
                .random(() -> 0.5)
                .budget(budget);
    }

    MaiaClient client() {
        return clientBuilder().build();
    }

    /** The next request, already checked against the contract. */
    RecordedRequest take() throws InterruptedException {
        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(r).as("a request reached the server").isNotNull();
        assertMatchesContract(r);
        return r;
    }

    static void assertMatchesContract(RecordedRequest r) {
        assertThat(r.getHeaders().get("Authorization")).as("Authorization of " + r.getRequestLine()).startsWith("Bearer ");
        ValidationReport report = ContractValidator.validate(ContractValidator.toRequest(r));
        assertThat(report.getMessages())
                .as("OpenAPI validation of %s %s", r.getRequestLine(), r.getBody() == null ? "" : r.getBody().utf8())
                .filteredOn(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .isEmpty();
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    static MockResponse problem(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/problem+json").body(body).build();
    }

    static MockResponse status(int code) {
        return new MockResponse.Builder().code(code).build();
    }

    static String taskJson(String status, String pendingDecisions) {
        return """
                {"taskId":"%s","status":"%s","description":"Build a pipeline","createdAt":"2026-04-08T10:23:45+00:00",
                 "modifiedAt":"2026-04-08T10:26:10.000Z",
                 "agentConfig":{"name":"data_engineer_agent","mode":"ACT","projectId":"%s","sourceBranchName":"main",
                   "environmentName":"dev","targetBranchName":"feature/x"},
                 "grantedPermissions":[{"toolName":"git_commit"}],
                 "pendingDecisions":%s}""".formatted(TASK_ID, status, PROJECT_ID, pendingDecisions);
    }
}
