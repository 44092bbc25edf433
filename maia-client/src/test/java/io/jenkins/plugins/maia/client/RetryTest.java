package io.jenkins.plugins.maia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.maia.client.auth.ClientCredentialsTokenSource;
import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.client.model.FollowUpMessage;
import io.jenkins.plugins.maia.client.model.TaskQuery;
import io.jenkins.plugins.maia.client.model.ToolDecision;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;

/** Which failures are retried for which calls, how long the client waits, and when it gives up. No real sleeps. */
class RetryTest extends ApiTestSupport {

    private static MockResponse dropAfterRequest() {
        return new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build();
    }

    private static MockResponse withRetryAfter(int code, String retryAfter) {
        return new MockResponse.Builder().code(code).setHeader("Retry-After", retryAfter).build();
    }

    @Test
    void safeCallsAreRetriedAfter502503And504WithJitteredExponentialBackoff() {
        server.enqueue(status(502));
        server.enqueue(status(503));
        server.enqueue(status(504));
        server.enqueue(json(200, taskJson("RUNNING", "[]")));

        assertThat(client().getTask(TASK_ID).taskId()).isEqualTo(TASK_ID);

        // defaults: 500 ms doubling; the fixed jitter 0.5 waits half of each step
        assertThat(sleeps).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofMillis(1000));
        assertThat(budget.acquired).hasValue(4);
        assertThat(server.getRequestCount()).isEqualTo(4);
    }

    @Test
    void retryAfterInSecondsIsHonouredAndReportedToTheBudget() {
        server.enqueue(withRetryAfter(429, "7"));
        server.enqueue(json(200, "{\"tasks\":[],\"total\":0}"));

        client().listTasks(TaskQuery.all());

        assertThat(sleeps).containsExactly(Duration.ofSeconds(7));
        assertThat(budget.rateLimited).containsExactly(Duration.ofSeconds(7));
        assertThat(budget.acquired).hasValue(2);
    }

    @Test
    void retryAfterAsHttpDateIsHonoured() {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(30).atOffset(ZoneOffset.UTC));
        server.enqueue(withRetryAfter(429, date));
        server.enqueue(withRetryAfter(503, date));
        server.enqueue(json(200, taskJson("RUNNING", "[]")));

        client().getTask(TASK_ID);

        assertThat(sleeps).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(30));
        assertThat(budget.rateLimited).containsExactly(Duration.ofSeconds(30));
    }

    @Test
    void aLongRetryAfterIsCappedByThePolicy() {
        server.enqueue(withRetryAfter(429, "600"));
        server.enqueue(json(200, taskJson("RUNNING", "[]")));

        client().getTask(TASK_ID);

        assertThat(sleeps).containsExactly(RetryPolicy.defaults().maxRetryAfter());
        assertThat(budget.rateLimited).as("the budget learns what the server asked").containsExactly(Duration.ofSeconds(600));
    }

    @Test
    void a429WithoutRetryAfterStillPausesTheBudget() {
        server.enqueue(status(429));
        server.enqueue(json(200, taskJson("RUNNING", "[]")));
        client().getTask(TASK_ID);
        assertThat(budget.rateLimited).containsExactly(Duration.ofSeconds(1));
        assertThat(sleeps).containsExactly(Duration.ofMillis(250));
    }

    @Test
    void givesUpAfterMaxAttemptsWithATransportException() {
        for (int i = 0; i < 5; i++) {
            server.enqueue(problem(502, "{\"title\":\"Bad Gateway\",\"status\":502,\"detail\":\"Upstream service error\"}"));
        }

        MaiaTransportException e = catchThrowableOfType(MaiaTransportException.class, () -> client().getTask(TASK_ID));

        assertThat(server.getRequestCount()).isEqualTo(5);
        assertThat(sleeps).hasSize(4);
        assertThat(e.status()).isEqualTo(502);
        assertThat(e.getMessage()).isEqualTo("Maia API 502 Bad Gateway on GET /v1/ai/agents/tasks/" + TASK_ID
                + ": Upstream service error (after 5 attempts)");
        assertThat(e.getCause()).isInstanceOf(MaiaApiException.class);
        assertThat(((MaiaApiException) e.getCause()).detail()).isEqualTo("Upstream service error");
    }

    @Test
    void persistent429GivesUpWithTheRetryAfterForTheCaller() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(withRetryAfter(429, "12"));
        }
        MaiaClient client = clientBuilder()
                .retryPolicy(new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMinutes(1)))
                .build();

        MaiaTransportException e = catchThrowableOfType(MaiaTransportException.class, () -> client.getTask(TASK_ID));

        assertThat(e.status()).isEqualTo(429);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(12));
        assertThat(e.requestMayHaveBeenProcessed()).isFalse();
        assertThat(e.getMessage()).isEqualTo("Maia API kept answering 429 Too Many Requests on GET /v1/ai/agents/tasks/"
                + TASK_ID + " (after 3 attempts); it asks to wait 12 s. Wait and try again, or lower the request rate");
        assertThat(budget.rateLimited).hasSize(3);
    }

    @Test
    void backoffGrowsUpToItsCap() {
        for (int i = 0; i < 5; i++) {
            server.enqueue(status(503));
        }
        server.enqueue(json(200, taskJson("RUNNING", "[]")));
        MaiaClient client = clientBuilder().random(() -> 1.0)
                .retryPolicy(new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofMinutes(1)))
                .build();

        client.getTask(TASK_ID);

        assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3),
                Duration.ofSeconds(3), Duration.ofSeconds(3));
    }

    @Test
    void noRetryPolicyFailsAtOnce() {
        server.enqueue(withRetryAfter(503, "5"));
        MaiaClient client = clientBuilder().retryPolicy(RetryPolicy.none()).build();
        MaiaTransportException e = catchThrowableOfType(MaiaTransportException.class, () -> client.getTask(TASK_ID));
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(5));
        assertThat(sleeps).isEmpty();
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aDroppedConnectionIsRetriedForSafeCalls() throws Exception {
        server.enqueue(dropAfterRequest());
        server.enqueue(status(204));

        client().stopTask(TASK_ID);

        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(take().getTarget()).endsWith("/stop");
        assertThat(take().getTarget()).endsWith("/stop");
    }

    @Test
    void aDeleteWhoseFirstAttemptWasLostSucceedsWhenTheRetryFindsNothing() {
        server.enqueue(dropAfterRequest());
        server.enqueue(problem(404, "{\"status\":404,\"detail\":\"Task not found\"}"));

        client().deleteTask(TASK_ID);

        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void sendMessageIsNotRetriedAfter502AndSaysItMayHaveArrived() {
        server.enqueue(status(502));

        MaiaTransportException e = catchThrowableOfType(MaiaTransportException.class,
                () -> client().sendMessage(TASK_ID, FollowUpMessage.of("continue")));

        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(e.requestMayHaveBeenProcessed()).isTrue();
        assertThat(e.getMessage()).contains("may or may not have been processed");
    }

    @Test
    void decisionsAreNotRetriedAfterTheConnectionDropsOnceSent() {
        server.enqueue(dropAfterRequest());
        server.enqueue(status(202));

        MaiaTransportException e = catchThrowableOfType(MaiaTransportException.class,
                () -> client().submitDecisions(TASK_ID, List.of(ToolDecision.approveOnce("call_1"))));

        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(e.status()).isZero();
        assertThat(e.requestMayHaveBeenProcessed()).isTrue();
        assertThat(e.getMessage()).startsWith("Could not complete POST /v1/ai/agents/tasks/" + TASK_ID + "/decisions at "
                + server.url("/dpc")).contains("may or may not have been processed");
    }

    @Test
    void unsafeCallsAreRetriedAfter429() {
        server.enqueue(withRetryAfter(429, "1"));
        server.enqueue(status(202));

        client().sendMessage(TASK_ID, FollowUpMessage.of("continue"));

        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void unsafeCallsAreRetriedWhenTheConnectionWasRefused() throws Exception {
        MockWebServer later = new MockWebServer();
        later.start();
        int port = later.getPort();
        String url = later.url("/dpc").toString();
        later.close();
        MockWebServer revived = new MockWebServer();
        try {
            revived.enqueue(status(202));
            MaiaClient client = clientBuilder().baseUrl(url).sleeper(d -> {
                sleeps.add(d);
                if (!revived.getStarted()) {
                    try {
                        revived.start(port);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }).build();

            client.submitDecisions(TASK_ID, List.of(ToolDecision.approveOnce("call_1")));

            assertThat(sleeps).hasSize(1);
            assertThat(revived.getRequestCount()).isEqualTo(1);
            assertMatchesContract(revived.takeRequest(1, TimeUnit.SECONDS));
        } finally {
            revived.close();
        }
    }

    @Test
    void unreachableServerGivesUpWithATransportExceptionThatSaysNothingWasSent() throws Exception {
        MockWebServer gone = new MockWebServer();
        gone.start();
        String url = gone.url("/dpc").toString();
        gone.close();
        MaiaClient client = clientBuilder().baseUrl(url)
                .retryPolicy(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ZERO)).build();

        MaiaTransportException e = catchThrowableOfType(MaiaTransportException.class,
                () -> client.sendMessage(TASK_ID, FollowUpMessage.of("continue")));

        assertThat(e.requestMayHaveBeenProcessed()).isFalse();
        assertThat(e.getMessage()).startsWith("Could not complete POST /v1/ai/agents/tasks/" + TASK_ID + "/messages at "
                + url + ": ConnectException").endsWith("(after 3 attempts)");
        assertThat(sleeps).hasSize(2);
    }

    @Test
    void tokenEndpointOutagesAreRetriedEvenForCreate() throws Exception {
        try (MockWebServer idp = new MockWebServer()) {
            idp.start();
            idp.enqueue(withRetryAfter(503, "3"));
            idp.enqueue(json(200, "{\"access_token\":\"good-token-cccc\"}"));
            server.enqueue(json(201, "{\"taskId\":\"" + TASK_ID + "\",\"status\":\"RUNNING\"}"));
            MaiaClient client = clientBuilder().tokenSource(ClientCredentialsTokenSource.create(null,
                    idp.url("/token").toString(), "my-client", "client-SECRET-value-123")).build();

            client.createTask(CreateTaskRequest.builder().message("m").projectId(PROJECT_ID).sourceBranchName("main")
                    .environmentName("dev").targetBranchName("t").build());

            assertThat(sleeps).containsExactly(Duration.ofSeconds(3));
            assertThat(server.getRequestCount()).isEqualTo(1);
            assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer good-token-cccc");
        }
    }

    @Test
    void anInterruptDuringBackoffStopsAndKeepsTheInterruptFlag() {
        server.enqueue(status(503));
        MaiaClient client = clientBuilder().sleeper(d -> {
            throw new InterruptedException("stop");
        }).build();
        try {
            MaiaTransportException e = catchThrowableOfType(MaiaTransportException.class, () -> client.getTask(TASK_ID));
            assertThat(e.getMessage()).startsWith("Interrupted while waiting to retry GET");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
    }
}
