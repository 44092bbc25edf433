package io.jenkins.plugins.maia.quant.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.maia.client.RequestBudget;
import io.jenkins.plugins.maia.client.RetryPolicy;
import io.jenkins.plugins.maia.quant.model.NewQuantTask;
import io.jenkins.plugins.maia.quant.model.QuantTaskUpdate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;

/** maia-client's retry contract, applied to Quant: what is retried, how long it waits, and what is reported. */
class QuantRetryTest extends QuantApiTestSupport {

    private static final String TASK_JSON = "{\"taskId\":\"" + TASK_ID + "\",\"title\":\"t\",\"status\":\"pending\"}";

    private static MockResponse dropped() {
        return new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build();
    }

    @Test
    void aSafeCallWaitsExactlyTheRetryAfterOfA429() throws Exception {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "7").build());
        server.enqueue(json(200, TASK_JSON));
        assertThat(client().getTask(TASK_ID).taskId()).isEqualTo(TASK_ID);
        take();
        take();
        assertThat(sleeps).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void aRetryAfterDateIsReadAndCappedByThePolicy() throws Exception {
        server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "Wed, 08 Apr 2026 11:00:00 GMT").build());
        server.enqueue(json(200, TASK_JSON));
        client().getTask(TASK_ID);
        assertThat(sleeps).containsExactly(RetryPolicy.defaults().maxRetryAfter());
    }

    @Test
    void serverErrorsAreRetriedWithJitteredBackoffForSafeCalls() throws Exception {
        server.enqueue(status(500));
        server.enqueue(status(502));
        server.enqueue(status(504));
        server.enqueue(json(200, "{\"taskId\":\"" + TASK_ID + "\",\"status\":\"completed\"}"));
        client().updateTask(TASK_ID, QuantTaskUpdate.builder().progressMessage("x").build());
        assertThat(server.getRequestCount()).isEqualTo(4);
        // Half (the fixed jitter) of 500 ms, 1 s, 2 s.
        assertThat(sleeps).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofMillis(1000));
    }

    @Test
    void aCreateIsNotRepeatedAfterA503AndSaysItMayHaveBeenProcessed() throws Exception {
        server.enqueue(status(503));
        QuantTransportException e = catchThrowableOfType(QuantTransportException.class,
                () -> client().createTask(NewQuantTask.builder("t").build()));
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.requestMayHaveBeenProcessed()).isTrue();
        assertThat(e.getMessage()).contains("503 Service Unavailable", "POST " + TASKS);
    }

    @Test
    void aCreateIsRepeatedAfterA429BecauseQuantDidNotTakeIt() throws Exception {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "2").build());
        server.enqueue(json(201, "{\"taskId\":\"" + TASK_ID + "\",\"title\":\"t\",\"status\":\"pending\"}"));
        assertThat(client().createTask(NewQuantTask.builder("t").build()).taskId()).isEqualTo(TASK_ID);
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void aCreateWhoseConnectionDroppedAfterSendingIsNotRepeated() throws Exception {
        server.enqueue(dropped());
        QuantTransportException e = catchThrowableOfType(QuantTransportException.class,
                () -> client().createTask(NewQuantTask.builder("t").build()));
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(e.status()).isZero();
        assertThat(e.requestMayHaveBeenProcessed()).isTrue();
        assertThat(e.getMessage()).contains("may have been processed");
    }

    @Test
    void anUnreachableServerIsReportedAfterTheAttemptsWithoutAnythingSent() throws Exception {
        int port = server.getPort();
        server.close();
        QuantClient c = QuantClient.builder().baseUrl("http://127.0.0.1:" + port).organisation(ORG).token(TOKEN)
                .sleeper(sleeps::add).random(() -> 0.5).retryPolicy(new RetryPolicy(3, Duration.ofSeconds(1),
                        Duration.ofSeconds(4), Duration.ofMinutes(1))).build();
        QuantTransportException e = catchThrowableOfType(QuantTransportException.class,
                () -> c.createTask(NewQuantTask.builder("t").build()));
        assertThat(e.requestMayHaveBeenProcessed()).as("a refused connection never reached Quant").isFalse();
        assertThat(e.getMessage()).contains("after 3 attempts", "127.0.0.1:" + port);
        assertThat(sleeps).hasSize(2);
        server = new mockwebserver3.MockWebServer(); // the @AfterEach closes one
    }

    @Test
    void aBadRequestIsNotRetriedAndNamesQuantsMessage() throws Exception {
        server.enqueue(json(400, "{\"error\":\"VALIDATION_ERROR\",\"message\":\"title is required\"}"));
        QuantApiException e = catchThrowableOfType(QuantApiException.class, () -> client().getTask(TASK_ID));
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.isTransient()).isFalse();
        assertThat(e.errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(e.getMessage()).contains("Quant API 400 Bad Request on GET " + TASKS + "/" + TASK_ID,
                "title is required (VALIDATION_ERROR)");
    }

    @Test
    void aRefusedTokenSaysWhatToCheckAndNeverQuotesIt() throws Exception {
        server.enqueue(json(401, "{\"message\":\"Invalid token " + TOKEN + "\"}"));
        QuantApiException e = catchThrowableOfType(QuantApiException.class, () -> client().getTask(TASK_ID));
        assertThat(e.getMessage()).contains("401 Unauthorized", "check the token").doesNotContain(TOKEN);
        assertThat(e.detail()).doesNotContain(TOKEN);
    }

    @Test
    void aProxysHtmlPageBecomesAShortExcerpt() throws Exception {
        server.enqueue(new MockResponse.Builder().code(403).setHeader("Content-Type", "text/html")
                .body("<html><head><style>p{}</style></head><body><h1>Forbidden</h1><p>by policy</p></body></html>").build());
        QuantApiException e = catchThrowableOfType(QuantApiException.class, () -> client().getTask(TASK_ID));
        assertThat(e.getMessage()).contains("403 Forbidden", "text/html response: Forbidden by policy",
                "organisation acme").doesNotContain("<h1>", "p{}");
    }

    @Test
    void aDeleteThatFindsNothingAfterAnAmbiguousAttemptIsDone() throws Exception {
        server.enqueue(dropped());
        server.enqueue(status(404));
        assertThat(client().deleteTask(TASK_ID, false).deletedTaskIds()).containsExactly(TASK_ID);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aSuccessWithAnUnreadableBodySaysWhatWasExpected() throws Exception {
        server.enqueue(json(200, "<html>oops</html>"));
        io.jenkins.plugins.maia.client.MaiaException e = catchThrowableOfType(
                io.jenkins.plugins.maia.client.MaiaException.class, () -> client().getTask(TASK_ID));
        assertThat(e.getMessage()).contains("not a task", "oops");
    }

    @Test
    void everyAttemptDrawsOnTheBudgetAndA429IsReportedToIt() throws Exception {
        List<String> budget = new ArrayList<>();
        RequestBudget recording = new RequestBudget() {
            @Override
            public void acquire() {
                budget.add("acquire");
            }

            @Override
            public void onRateLimited(Duration retryAfter) {
                budget.add("429 " + retryAfter.toSeconds());
            }
        };
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "3").build());
        server.enqueue(json(200, TASK_JSON));
        clientBuilder().budget(recording).build().getTask(TASK_ID);
        assertThat(budget).containsExactly("acquire", "429 3", "acquire");
    }

    @Test
    void withoutRetriesTheFirstTransientFailureIsReported() throws Exception {
        server.enqueue(status(503));
        QuantClient once = client().withRetryPolicy(RetryPolicy.none());
        assertThat(catchThrowableOfType(QuantTransportException.class, () -> once.getTask(TASK_ID)).status())
                .isEqualTo(503);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }
}
