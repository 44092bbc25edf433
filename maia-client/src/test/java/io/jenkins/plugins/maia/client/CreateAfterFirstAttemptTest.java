package io.jenkins.plugins.maia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.client.model.CreatedTask;
import java.time.Duration;
import java.time.Instant;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;

/**
 * {@code createTask(request, requestedAt)}: every attempt after the first looks for the task an earlier attempt may
 * have made before it creates one, so a retry after {@link TaskMayExistException} or after a restart never starts a
 * second agent. (These were the follower's {@code TaskLaunch.resume} tests.)
 */
class CreateAfterFirstAttemptTest extends ApiTestSupport {
    static final String MESSAGE = "Fix the nightly load of the orders table";
    static final Instant REQUESTED_AT = NOW.minusSeconds(90);

    private static CreateTaskRequest request() {
        return CreateTaskRequest.builder().message(MESSAGE).projectId(PROJECT_ID).sourceBranchName("main")
                .environmentName("dev").generateBranch(true).build();
    }

    private static MockResponse page(String... tasks) {
        return json(200, "{\"tasks\":[" + String.join(",", tasks) + "],\"page\":0,\"size\":100,\"total\":"
                + tasks.length + "}");
    }

    private static String summary(String id, String createdAt) {
        return """
                {"taskId":"%s","status":"RUNNING","agentName":"data_engineer_agent","mode":"ACT","description":"%s",
                 "createdAt":"%s","modifiedAt":"%s","projectId":"%s","branchId":"main"}"""
                .formatted(id, MESSAGE, createdAt, createdAt, PROJECT_ID);
    }

    private static MockResponse created() {
        return json(201, "{\"taskId\":\"" + TASK_ID + "\",\"status\":\"RUNNING\"}");
    }

    @Test
    void aFirstAttemptCreatesWithoutListing() throws Exception {
        server.enqueue(created());

        assertThat(client().createTask(request()).taskId()).isEqualTo(TASK_ID);

        assertThat(take().getMethod()).isEqualTo("POST");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aLaterAttemptFindsTheTaskOfAnEarlierOneAndCreatesNothing() throws Exception {
        server.enqueue(page(summary(TASK_ID, "2026-04-08T09:58:31.000Z")));

        CreatedTask found = client().createTask(request(), REQUESTED_AT);

        assertThat(found.taskId()).isEqualTo(TASK_ID);
        RecordedRequest list = take();
        assertThat(list.getMethod()).isEqualTo("GET");
        assertThat(list.getUrl().queryParameter("projectId")).isEqualTo(PROJECT_ID);
        assertThat(list.getUrl().queryParameter("createdAfter"))
                .as("the recorded time minus the one clock-skew margin").isEqualTo("2026-04-08T09:56:30.000Z");
        assertThat(server.getRequestCount()).as("no create").isEqualTo(1);
    }

    @Test
    void aLaterAttemptThatFindsNothingCreates() throws Exception {
        server.enqueue(page());
        server.enqueue(created());

        assertThat(client().createTask(request(), REQUESTED_AT).taskId()).isEqualTo(TASK_ID);

        assertThat(take().getMethod()).isEqualTo("GET");
        assertThat(take().getMethod()).isEqualTo("POST");
    }

    @Test
    void aLaterAttemptThatCannotListTheTasksCreatesNothing() {
        for (int i = 0; i < 2; i++) {
            server.enqueue(status(503));
        }
        MaiaClient client = clientBuilder()
                .retryPolicy(new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(1)))
                .build();

        MaiaTransportException e = catchThrowableOfType(MaiaTransportException.class,
                () -> client.createTask(request(), REQUESTED_AT));

        assertThat(e.status()).isEqualTo(503);
        assertThat(server.getRequestCount()).as("two list attempts, no create").isEqualTo(2);
    }

    @Test
    void aRetryAtOnceAfterTaskMayExistFindsTheTaskInsteadOfStartingASecondAgent() {
        // The first attempt's response is lost after the server created the task, and its own search fails.
        server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
        server.enqueue(status(503));
        server.enqueue(status(503));
        MaiaClient client = clientBuilder()
                .retryPolicy(new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(1)))
                .build();
        Instant requestedAt = NOW;
        catchThrowableOfType(TaskMayExistException.class, () -> client.createTask(request()));

        server.enqueue(page(summary(TASK_ID, "2026-04-08T10:00:00.400Z")));
        CreatedTask again = client.createTask(request(), requestedAt);

        assertThat(again.taskId()).isEqualTo(TASK_ID);
        assertThat(server.getRequestCount()).as("one create, two failed lists, one list").isEqualTo(4);
    }

    @Test
    void theRecordedTimeIsRequiredAndCannotBeInTheFuture() {
        InvalidRequestException missing = catchThrowableOfType(InvalidRequestException.class,
                () -> client().createTask(request(), null));
        InvalidRequestException future = catchThrowableOfType(InvalidRequestException.class,
                () -> client().createTask(request(), NOW.plus(Duration.ofMinutes(3))));

        assertThat(missing.violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("requestedAt");
            assertThat(v.message()).contains("record the time just before the first create attempt");
        });
        assertThat(future.violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("requestedAt");
            assertThat(v.message()).contains("is in the future");
        });
        assertThat(server.getRequestCount()).as("nothing sent").isZero();

        server.enqueue(page(summary(TASK_ID, "2026-04-08T10:00:30.000Z")));
        assertThat(client().createTask(request(), NOW.plus(Duration.ofMinutes(1))).taskId())
                .as("a recorded time a minute ahead is within the clock-skew margin").isEqualTo(TASK_ID);
    }
}
