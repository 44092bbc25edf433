package io.jenkins.plugins.maia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.client.model.CreatedTask;
import io.jenkins.plugins.maia.client.model.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** Create is never blindly retried: after an ambiguous failure the client looks for the task instead. */
class CreateReconciliationTest extends ApiTestSupport {
    static final String MESSAGE =
            "Build a pipeline to load sales data from S3 into Snowflake, transforming the date columns to UTC.";
    static final String OTHER_ID = "c3d4e5f6-a7b8-9012-cdef-123456789012";

    private static CreateTaskRequest request() {
        return CreateTaskRequest.builder().message(MESSAGE).projectId(PROJECT_ID).sourceBranchName("main")
                .environmentName("dev").targetBranchName("feature/sales").build();
    }

    private static String summary(String id, String description, String createdAt) {
        return """
                {"taskId":"%s","status":"RUNNING","agentName":"data_engineer_agent","mode":"ACT","description":"%s",
                 "createdAt":"%s","modifiedAt":"%s","projectId":"%s","branchId":"feature/sales"}"""
                .formatted(id, description, createdAt, createdAt, PROJECT_ID);
    }

    private static MockResponse page(int total, String... tasks) {
        return json(200, "{\"tasks\":[" + String.join(",", tasks) + "],\"page\":0,\"size\":100,\"total\":" + total + "}");
    }

    private static MockResponse dropAfterRequest() {
        return new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build();
    }

    @Test
    void aDroppedConnectionIsReconciledByListingAndNeverByASecondPost() throws Exception {
        server.enqueue(dropAfterRequest());
        server.enqueue(page(1, summary(TASK_ID, MESSAGE, "2026-04-08T10:00:01.000Z")));

        CreatedTask created = client().createTask(request());

        assertThat(created).isEqualTo(new CreatedTask(TASK_ID, TaskStatus.RUNNING, "data_engineer_agent",
                Instant.parse("2026-04-08T10:00:01Z")));
        RecordedRequest post = take();
        assertThat(post.getMethod()).isEqualTo("POST");
        RecordedRequest list = take();
        assertThat(list.getMethod()).isEqualTo("GET");
        assertThat(list.getUrl().encodedPath()).isEqualTo("/dpc/v1/ai/agents/tasks");
        assertThat(list.getUrl().queryParameter("projectId")).isEqualTo(PROJECT_ID);
        assertThat(list.getUrl().queryParameter("createdAfter"))
                .as("the time of the call minus the clock-skew margin").isEqualTo("2026-04-08T09:58:00.000Z");
        assertThat(list.getUrl().queryParameter("page")).isEqualTo("0");
        assertThat(list.getUrl().queryParameter("size")).isEqualTo("100");
        assertThat(server.getRequestCount()).as("one POST, one list").isEqualTo(2);
    }

    @Test
    void a504IsReconciledAndATruncatedDescriptionMatches() {
        server.enqueue(problem(504, "{\"title\":\"Gateway Timeout\",\"status\":504}"));
        server.enqueue(page(2,
                summary(OTHER_ID, "Something else entirely, not this task", "2026-04-08T10:00:02Z"),
                summary(TASK_ID, "Build a pipeline to load sales data from S3 into Snowflake", "2026-04-08T10:00:01Z")));

        assertThat(client().createTask(request()).taskId()).isEqualTo(TASK_ID);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aReadTimeoutIsReconciled() {
        server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
        server.enqueue(page(1, summary(TASK_ID, MESSAGE, "2026-04-08T10:00:01Z")));
        OkHttpClient impatient = new OkHttpClient.Builder().readTimeout(150, TimeUnit.MILLISECONDS).build();

        assertThat(clientBuilder().httpClient(impatient).build().createTask(request()).taskId()).isEqualTo(TASK_ID);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aSuccessWhoseBodyCannotBeReadIsReconciled() {
        server.enqueue(json(201, "<html>proxy says hi</html>"));
        server.enqueue(page(1, summary(TASK_ID, MESSAGE, "2026-04-08T10:00:01Z")));

        assertThat(client().createTask(request()).taskId()).isEqualTo(TASK_ID);
    }

    @Test
    void noMatchingTaskMeansTaskMayExist() {
        server.enqueue(problem(502, "{\"title\":\"Bad Gateway\",\"status\":502,\"detail\":\"Upstream service error\"}"));
        server.enqueue(page(0));

        TaskMayExistException e = catchThrowableOfType(TaskMayExistException.class, () -> client().createTask(request()));

        assertThat(e.getMessage())
                .startsWith("The Maia task may have been created although the create call failed: Maia API 502 Bad Gateway"
                        + " on POST /v1/ai/agents/tasks: Upstream service error")
                .contains("No task with this message was found among the project's tasks created since"
                        + " 2026-04-08T09:58:00.000Z")
                .contains("Check with `maia tasks list --project-id " + PROJECT_ID + "` before creating it again");
        assertThat(e.getCause()).isInstanceOf(MaiaTransportException.class);
        assertThat(server.getRequestCount()).as("no second POST").isEqualTo(2);
    }

    @Test
    void aFailingReconciliationStillSaysTheTaskMayExist() {
        server.enqueue(dropAfterRequest());
        for (int i = 0; i < RetryPolicy.defaults().maxAttempts(); i++) {
            server.enqueue(status(500)); // transient: the list call is retried until its attempts are used up
        }

        TaskMayExistException e = catchThrowableOfType(TaskMayExistException.class, () -> client().createTask(request()));

        assertThat(e.getMessage()).contains("Listing the project's tasks to check failed too (Maia API 500")
                .contains("maia tasks list --project-id " + PROJECT_ID);
        assertThat(e.getSuppressed()).hasSize(1);
    }

    @Test
    void theNewestOfSeveralMatchesWins() {
        server.enqueue(status(504));
        server.enqueue(page(3,
                summary(OTHER_ID, MESSAGE, "2026-04-08T10:00:05Z"),
                summary(TASK_ID, MESSAGE, "2026-04-08T10:00:09Z"),
                summary("d4e5f6a7-b8c9-0123-def0-234567890123", MESSAGE, "2026-04-08T10:00:07Z")));

        assertThat(client().createTask(request()).taskId()).isEqualTo(TASK_ID);
    }

    @Test
    void tasksOutsideTheWindowOrWithOtherMessagesAreIgnored() {
        server.enqueue(status(504));
        server.enqueue(page(3,
                summary(OTHER_ID, MESSAGE, "2026-04-08T09:50:00Z"),
                summary(TASK_ID, "Build a pipeline", "2026-04-08T10:00:01Z"),
                summary("d4e5f6a7-b8c9-0123-def0-234567890123", MESSAGE + " And more.", "2026-04-08T10:00:01Z")));

        assertThatThrownBy(() -> client().createTask(request())).isInstanceOf(TaskMayExistException.class);
    }

    @Test
    void reconciliationReadsEveryPage() throws Exception {
        List<String> fillers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            fillers.add(summary(OTHER_ID, "unrelated task number " + i, "2026-04-08T10:00:00Z"));
        }
        server.enqueue(status(504));
        server.enqueue(page(101, fillers.toArray(String[]::new)));
        server.enqueue(page(101, summary(TASK_ID, MESSAGE, "2026-04-08T10:00:01Z")));

        assertThat(client().createTask(request()).taskId()).isEqualTo(TASK_ID);
        take();
        assertThat(take().getUrl().queryParameter("page")).isEqualTo("0");
        assertThat(take().getUrl().queryParameter("page")).isEqualTo("1");
    }

    @Test
    void a429OnCreateIsRetriedBecauseNothingWasCreated() {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "2").build());
        server.enqueue(json(201, "{\"taskId\":\"" + TASK_ID + "\",\"status\":\"RUNNING\"}"));

        assertThat(client().createTask(request()).taskId()).isEqualTo(TASK_ID);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(2));
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aRefusalIsNotReconciled() {
        server.enqueue(problem(400, "{\"title\":\"Bad Request\",\"status\":400,\"detail\":\"environment unknown\"}"));
        assertThatThrownBy(() -> client().createTask(request())).isExactlyInstanceOf(MaiaApiException.class);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void anUnreachableServerIsAPlainTransportFailureNotAMaybe() throws Exception {
        MockWebServer gone = new MockWebServer();
        gone.start();
        String url = gone.url("/dpc").toString();
        gone.close();
        MaiaClient client = clientBuilder().baseUrl(url).retryPolicy(RetryPolicy.none()).build();

        MaiaTransportException e = catchThrowableOfType(MaiaTransportException.class, () -> client.createTask(request()));

        assertThat(e).isNotInstanceOf(TaskMayExistException.class);
        assertThat(e.requestMayHaveBeenProcessed()).isFalse();
    }

    @Test
    void findCreatedTaskCanBeCalledDirectlyAfterARestart() {
        server.enqueue(page(1, summary(TASK_ID, MESSAGE, "2026-04-08T08:00:01Z")));

        assertThat(client().findCreatedTask(request(), Instant.parse("2026-04-08T08:00:00Z")))
                .map(CreatedTask::taskId).contains(TASK_ID);
    }

    @Test
    void findCreatedTaskNeedsATime() {
        assertThatThrownBy(() -> client().findCreatedTask(request(), null)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("since: is missing");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void descriptionMatchingRule() {
        assertThat(CreatedTaskSearch.descriptionMatches("Build it", "Build it")).isTrue();
        assertThat(CreatedTaskSearch.descriptionMatches("Build\n  it ", " Build it")).as("whitespace collapsed").isTrue();
        assertThat(CreatedTaskSearch.descriptionMatches(MESSAGE, "Build a pipeline to load sales data")).isTrue();
        assertThat(CreatedTaskSearch.descriptionMatches(MESSAGE, "Build a pipeline to load sales da...")).isTrue();
        assertThat(CreatedTaskSearch.descriptionMatches(MESSAGE, "Build a pipeline to load sales da…")).isTrue();
        assertThat(CreatedTaskSearch.descriptionMatches(MESSAGE, "Build a pipeline")).as("too short a prefix").isFalse();
        assertThat(CreatedTaskSearch.descriptionMatches(MESSAGE, "Build a pipeline to load HR data")).isFalse();
        assertThat(CreatedTaskSearch.descriptionMatches("Short", "")).isFalse();
        assertThat(CreatedTaskSearch.descriptionMatches("Short", null)).isFalse();
    }
}
