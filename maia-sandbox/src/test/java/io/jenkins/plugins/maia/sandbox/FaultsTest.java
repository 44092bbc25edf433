package io.jenkins.plugins.maia.sandbox;

import static io.jenkins.plugins.maia.sandbox.Tasks.PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each injected fault is observable by a client and counted in the statistics. */
class FaultsTest {

    private static SandboxServer withFaults(Consumer<Faults.Builder> faults) {
        Faults.Builder builder = Faults.builder();
        faults.accept(builder);
        return SandboxServer.start(SandboxOptions.builder().pacing(Duration.ofMillis(5)).faults(builder.build()).build());
    }

    @Test
    void injected429CarriesRetryAfter() throws Exception {
        try (SandboxServer sandbox = withFaults(f -> f.tooManyRequests(1.0, 7))) {
            Http.Reply reply = Http.to(sandbox).get(PATH);

            assertThat(reply.status()).isEqualTo(429);
            assertThat(reply.header("Retry-After")).contains("7");
            assertThat(reply.contentType()).startsWith("application/problem+json");
            assertThat(reply.json().get("title").asText()).isEqualTo("Too Many Requests");
            assertThat(sandbox.stats().faults(FaultKind.TOO_MANY_REQUESTS)).isEqualTo(1);
            assertThat(sandbox.stats().tooManyRequestsSent()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @CsvSource({"502, Upstream service error", "503, The service is temporarily unavailable", "504, Upstream service timeout"})
    void serverErrorsAreProblemDocuments(int status, String detail) throws Exception {
        try (SandboxServer sandbox = withFaults(f -> {
            switch (status) {
                case 502 -> f.badGateway(1.0);
                case 503 -> f.serviceUnavailable(1.0);
                default -> f.gatewayTimeout(1.0);
            }
        })) {
            Http.Reply reply = Http.to(sandbox).post(PATH, Tasks.createBody("never created"));

            assertThat(reply.status()).isEqualTo(status);
            assertThat(reply.contentType()).startsWith("application/problem+json");
            assertThat(reply.json().get("status").asInt()).isEqualTo(status);
            assertThat(reply.json().get("detail").asText()).isEqualTo(detail);
            assertThat(sandbox.stats().tasksCreated()).as("the request was not handled").isEmpty();
            FaultKind kind = status == 502 ? FaultKind.BAD_GATEWAY
                    : status == 503 ? FaultKind.SERVICE_UNAVAILABLE : FaultKind.GATEWAY_TIMEOUT;
            assertThat(sandbox.stats().faults(kind)).isEqualTo(1);
        }
    }

    @Test
    void htmlErrorPageReplacesJson() throws Exception {
        try (SandboxServer sandbox = withFaults(f -> f.htmlErrorPage(1.0, 503))) {
            Http.Reply reply = Http.to(sandbox).get(PATH);

            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.contentType()).startsWith("text/html");
            assertThat(reply.body()).startsWith("<html>").contains("503 Service Unavailable");
            assertThat(sandbox.stats().faults(FaultKind.HTML_ERROR_PAGE)).isEqualTo(1);
        }
    }

    @Test
    void droppedConnectionGivesNoResponseAndDoesNothing() {
        try (SandboxServer sandbox = withFaults(f -> f.dropConnection(1.0))) {
            assertThatThrownBy(() -> Http.to(sandbox).post(PATH, Tasks.createBody("dropped")))
                    .isInstanceOf(IOException.class);

            assertThat(sandbox.stats().faults(FaultKind.DROPPED_CONNECTION)).isGreaterThanOrEqualTo(1);
            assertThat(sandbox.stats().tasksCreated()).isEmpty();
        }
    }

    @Test
    void droppedResponseOnCreateLeavesTheTaskCreated() {
        try (SandboxServer sandbox = withFaults(f -> f.dropResponse(1.0))) {
            assertThatThrownBy(() -> Http.to(sandbox).post(PATH, Tasks.createBody("ambiguous")))
                    .isInstanceOf(IOException.class);

            // The client saw nothing, but the task exists: the case a client must reconcile (list, then match).
            assertThat(sandbox.stats().faults(FaultKind.DROPPED_RESPONSE)).isGreaterThanOrEqualTo(1);
            assertThat(sandbox.stats().tasksCreated()).isNotEmpty();
        }
    }

    @Test
    void slowResponsePassesTheClientsReadTimeout() throws Exception {
        try (SandboxServer sandbox = withFaults(f -> f.slowResponse(1.0, Duration.ofSeconds(5)))) {
            Http impatient = Http.to(sandbox).withTimeout(Duration.ofMillis(300));

            assertThatThrownBy(() -> impatient.post(PATH, Tasks.createBody("slow"))).isInstanceOf(HttpTimeoutException.class);

            assertThat(sandbox.stats().faults(FaultKind.SLOW_RESPONSE)).isEqualTo(1);
            assertThat(sandbox.stats().tasksCreated()).as("handled, only the answer is late").hasSize(1);
        }
    }

    @Test
    void aHungRequestIsNeverAnsweredAndDoesNothing() {
        try (SandboxServer sandbox = withFaults(f -> f.hang(1.0))) {
            Http impatient = Http.to(sandbox).withTimeout(Duration.ofMillis(300));

            assertThatThrownBy(() -> impatient.post(PATH, Tasks.createBody("hung"))).isInstanceOf(HttpTimeoutException.class);

            assertThat(sandbox.stats().faults(FaultKind.HUNG)).isEqualTo(1);
            assertThat(sandbox.stats().tasksCreated()).as("not handled").isEmpty();
            assertThat(sandbox.stats().responses(201)).isZero();
        }
    }

    @Test
    void closingTheServerDropsTheRequestsStillHanging() {
        SandboxServer sandbox = withFaults(f -> f.hang(1.0));
        Http patient = Http.to(sandbox).withTimeout(Duration.ofMinutes(5));
        java.util.concurrent.CompletableFuture<Http.Reply> waiting = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return patient.get(PATH);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        for (int i = 0; i < 1_000 && sandbox.stats().faults(FaultKind.HUNG) == 0; i++) {
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000); // until the request arrived, at most 10 s
        }
        assertThat(sandbox.stats().faults(FaultKind.HUNG)).as("the request arrived and hangs").isEqualTo(1);
        assertThat(waiting).isNotDone();

        sandbox.close();

        assertThatThrownBy(waiting::join).hasRootCauseInstanceOf(IOException.class);
    }

    @Test
    void faultsCanBeReplacedWhileTheServerRuns() throws Exception {
        try (SandboxServer sandbox = withFaults(f -> f.badGateway(1.0))) {
            Http http = Http.to(sandbox);
            assertThat(http.get(PATH).status()).isEqualTo(502);

            Faults hanging = Faults.builder().hang(1.0).build();
            sandbox.faults(hanging);
            assertThat(sandbox.faults()).isEqualTo(hanging);
            assertThatThrownBy(() -> http.withTimeout(Duration.ofMillis(300)).get(PATH))
                    .isInstanceOf(HttpTimeoutException.class);

            sandbox.faults(Faults.none());
            assertThat(http.get(PATH).status()).as("recovered").isEqualTo(200);
            assertThat(sandbox.stats().faults(FaultKind.BAD_GATEWAY)).isEqualTo(1);
            assertThat(sandbox.stats().faults(FaultKind.HUNG)).isEqualTo(1);
            assertThat(sandbox.options().faults().badGateway()).as("the start options stay as given").isEqualTo(1.0);
        }
    }

    @Test
    void latencyDelaysButAnswers() throws Exception {
        try (SandboxServer sandbox = withFaults(f -> f.latency(Duration.ofMillis(20), Duration.ofMillis(10)))) {
            Http http = Http.to(sandbox);
            String taskId = Tasks.create(http, "latency");

            assertThat(http.get(PATH + "/" + taskId).status()).isEqualTo(200);
            assertThat(sandbox.stats().faults(FaultKind.LATENCY)).isEqualTo(2);
        }
    }

    @Test
    void expireTokenFaultExpiresIssuedTokensOnly() throws Exception {
        try (SandboxServer sandbox = withFaults(f -> f.expireToken(1.0))) {
            String issued = AuthTest.issueToken(sandbox);

            Http.Reply reply = Http.to(sandbox).withToken(issued).get(PATH);

            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.json().get("detail").asText()).contains("expired");
            assertThat(Http.to(sandbox).withToken(issued).get(PATH).status()).as("it stays expired").isEqualTo(401);
            assertThat(Http.to(sandbox).get(PATH).status()).as("static tokens cannot expire").isEqualTo(200);
            assertThat(sandbox.stats().faults(FaultKind.TOKEN_EXPIRED)).isEqualTo(2);
        }
    }

    @Test
    void shortTokenLifetimeIsAFault() throws Exception {
        try (SandboxServer sandbox = withFaults(f -> f.tokenLifetime(Duration.ofSeconds(3)))) {
            Http.Reply reply = Http.to(sandbox).form(sandbox.tokenUrl(),
                    AuthTest.credentials(SandboxOptions.DEFAULT_CLIENT_SECRET));

            assertThat(reply.json().get("expires_in").asLong()).isEqualTo(3);
        }
    }

    @Test
    void tokenEndpointIsSparedUnlessIncluded() throws Exception {
        try (SandboxServer spared = withFaults(f -> f.badGateway(1.0));
                SandboxServer included = withFaults(f -> f.badGateway(1.0).includeTokenEndpoint(true))) {
            Http.Reply ok = Http.to(spared).form(spared.tokenUrl(), AuthTest.credentials(SandboxOptions.DEFAULT_CLIENT_SECRET));
            Http.Reply failed = Http.to(included).form(included.tokenUrl(),
                    AuthTest.credentials(SandboxOptions.DEFAULT_CLIENT_SECRET));

            assertThat(ok.status()).isEqualTo(200);
            assertThat(Http.to(spared).get(PATH).status()).isEqualTo(502);
            assertThat(failed.status()).isEqualTo(502);
        }
    }

    @Test
    void theSameSeedGivesTheSameFaults() throws Exception {
        Faults faults = Faults.builder().serverErrors(0.3).tooManyRequests(0.2, 0).build();
        List<List<Integer>> runs = new ArrayList<>();
        for (long seed : new long[] {7, 7, 8}) {
            try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().faults(faults).seed(seed).build())) {
                Http http = Http.to(sandbox);
                List<Integer> statuses = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    statuses.add(http.get(PATH).status());
                }
                runs.add(statuses);
            }
        }

        assertThat(runs.get(0)).isEqualTo(runs.get(1)).contains(200, 429).containsAnyOf(502, 503, 504);
        assertThat(runs.get(2)).isNotEqualTo(runs.get(0));
    }

    @Test
    void faultRatesFollowTheirProbabilities() throws Exception {
        Faults faults = Faults.builder().badGateway(0.25).build();
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().faults(faults).seed(3).build())) {
            Http http = Http.to(sandbox);
            for (int i = 0; i < 400; i++) {
                http.get(PATH);
            }
            // 400 draws at p = 0.25: mean 100, standard deviation about 8.7.
            assertThat(sandbox.stats().faults(FaultKind.BAD_GATEWAY)).isBetween(65L, 135L);
            assertThat(sandbox.stats().responses(502) + sandbox.stats().responses(200)).isEqualTo(400);
        }
    }

    @Test
    void faultSettingsAreChecked() {
        assertThatThrownBy(() -> Faults.builder().badGateway(1.5).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("faults.badGateway");
        assertThatThrownBy(() -> Faults.builder().badGateway(0.6).dropConnection(0.6).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not exceed 1");
        assertThatThrownBy(() -> Faults.builder().slowResponse(0.5, Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slowResponseDelay");
        assertThatThrownBy(() -> Faults.builder().tooManyRequests(0.1, -1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retryAfterSeconds");
        assertThatThrownBy(() -> Faults.builder().hang(-0.1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("faults.hang");
        assertThatThrownBy(() -> Faults.builder().hang(0.5).badGateway(0.6).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hang exclude one another");
        assertThat(Faults.builder().hang(0.1).build().any()).isTrue();
        assertThat(Faults.none().any()).isFalse();
    }
}
