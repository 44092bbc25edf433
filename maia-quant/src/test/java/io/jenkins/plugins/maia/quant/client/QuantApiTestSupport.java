package io.jenkins.plugins.maia.quant.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.maia.quant.contract.QuantContract;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A MockWebServer on loopback playing Quant, and a client wired to it with a recording sleeper (no test waits),
 * a fixed clock and fixed jitter. Every request the client sends is validated against the vendor's OpenAPI
 * document: those a test takes with {@link #take()} at once, the rest after the test.
 */
abstract class QuantApiTestSupport {
    /** Recognisable, so secret checks can look for it. */
    static final String TOKEN = "qt-SECRET-7c1e2a9b4d";
    static final String ORG = "acme";
    static final String TASK_ID = "550e8400-e29b-41d4-a716-446655440000";
    static final String OTHER_ID = "046b6c7f-0b8a-43b9-b35d-6489e6daee91";
    static final String TASKS = "/api/v3/organizations/acme/ai/tasks";
    static final Instant NOW = Instant.parse("2026-04-08T10:00:00Z");

    protected MockWebServer server;
    protected final List<Duration> sleeps = new CopyOnWriteArrayList<>();

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
                assertFollowsTheDocument(rest);
            }
        } finally {
            server.close();
        }
    }

    QuantClient.Builder clientBuilder() {
        return QuantClient.builder()
                .baseUrl(server.url("/").toString())
                .organisation(ORG)
                .token(TOKEN)
                .sleeper(sleeps::add)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .random(() -> 0.5);
    }

    QuantClient client() {
        return clientBuilder().build();
    }

    /** The next request, already checked against the document. */
    RecordedRequest take() throws InterruptedException {
        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(r).as("a request reached the server").isNotNull();
        assertFollowsTheDocument(r);
        return r;
    }

    static void assertFollowsTheDocument(RecordedRequest r) {
        assertThat(r.getHeaders().get("Authorization")).as("Authorization of " + r.getRequestLine())
                .isEqualTo("Bearer " + TOKEN);
        assertThat(QuantContract.errors(r))
                .as("OpenAPI validation of %s %s", r.getRequestLine(), r.getBody() == null ? "" : r.getBody().utf8())
                .isEmpty();
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    static MockResponse status(int code) {
        return new MockResponse.Builder().code(code).build();
    }
}
