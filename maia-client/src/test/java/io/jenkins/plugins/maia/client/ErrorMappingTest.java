package io.jenkins.plugins.maia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.maia.client.auth.ClientCredentialsTokenSource;
import io.jenkins.plugins.maia.client.internal.TextExcerpt;
import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.client.model.TaskQuery;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/** Every class of error response, and what the user reads. */
class ErrorMappingTest extends ApiTestSupport {

    private static CreateTaskRequest request() {
        return CreateTaskRequest.builder().message("Build a pipeline").projectId(PROJECT_ID).sourceBranchName("main")
                .environmentName("dev").targetBranchName("feature/x").build();
    }

    @Test
    void problemJsonWithViolationsBecomesApiExceptionWithAllDetails() {
        server.enqueue(problem(400, """
                {"type":"https://api.matillion.com/problems/bad-request","title":"Bad Request","status":400,
                 "detail":"Failed to read request","instance":"/v1/ai/agents/tasks",
                 "violations":["message: must not be blank","agentConfig.mode: invalid"]}"""));

        MaiaApiException e = catchThrowableOfType(MaiaApiException.class, () -> client().createTask(request()));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.title()).isEqualTo("Bad Request");
        assertThat(e.detail()).isEqualTo("Failed to read request");
        assertThat(e.violations()).containsExactly("message: must not be blank", "agentConfig.mode: invalid");
        assertThat(e.getMessage()).isEqualTo("Maia API 400 Bad Request on POST /v1/ai/agents/tasks: Failed to read"
                + " request (violations: message: must not be blank; agentConfig.mode: invalid)");
        assertThat(server.getRequestCount()).as("a 400 is final").isEqualTo(1);
    }

    @Test
    void violationsGivenAsObjectsAreReadToo() {
        server.enqueue(problem(400, """
                {"title":"Bad Request","status":400,"violations":[{"field":"size","message":"must be <= 100"}]}"""));
        MaiaApiException e = catchThrowableOfType(MaiaApiException.class, () -> client().listTasks(TaskQuery.all()));
        assertThat(e.violations()).containsExactly("size: must be <= 100");
        assertThat(e.getMessage()).isEqualTo("Maia API 400 Bad Request on GET /v1/ai/agents/tasks: Bad Request"
                + " (violations: size: must be <= 100)");
    }

    @Test
    void a401IsRetriedOnceWithAFreshTokenThenReported() throws Exception {
        try (MockWebServer idp = new MockWebServer()) {
            idp.start();
            idp.enqueue(json(200, "{\"access_token\":\"first-token-aaaa\",\"expires_in\":1800}"));
            idp.enqueue(json(200, "{\"access_token\":\"second-token-bbbb\",\"expires_in\":1800}"));
            server.enqueue(problem(401, "{\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"Invalid token\"}"));
            server.enqueue(problem(401, "{\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"Invalid token\"}"));
            MaiaClient client = clientBuilder().tokenSource(ClientCredentialsTokenSource.create(null,
                    idp.url("/oauth/dpc/token").toString(), "my-client", "client-SECRET-value-123")).build();

            MaiaApiException e = catchThrowableOfType(MaiaApiException.class, () -> client.getTask(TASK_ID));

            assertThat(e.status()).isEqualTo(401);
            assertThat(e.getMessage()).startsWith("Maia API 401 Unauthorized on GET /v1/ai/agents/tasks/" + TASK_ID
                    + ": Invalid token").contains("check the token or the client id and secret");
            assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer first-token-aaaa");
            assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer second-token-bbbb");
            assertThat(server.getRequestCount()).as("exactly one retry").isEqualTo(2);
            assertThat(idp.getRequestCount()).isEqualTo(2);
            assertThat(e.getMessage()).doesNotContain("first-token-aaaa", "second-token-bbbb", "client-SECRET-value-123");
        }
    }

    @Test
    void a401FollowedBySuccessIsInvisibleToTheCaller() throws Exception {
        try (MockWebServer idp = new MockWebServer()) {
            idp.start();
            idp.enqueue(json(200, "{\"access_token\":\"expired-token-aaaa\"}"));
            idp.enqueue(json(200, "{\"access_token\":\"fresh-token-bbbb\"}"));
            server.enqueue(problem(401, "{\"status\":401}"));
            server.enqueue(json(200, taskJson("RUNNING", "[]")));
            MaiaClient client = clientBuilder().retryPolicy(RetryPolicy.none()).tokenSource(ClientCredentialsTokenSource
                    .create(null, idp.url("/token").toString(), "my-client", "client-SECRET-value-123")).build();

            assertThat(client.getTask(TASK_ID).taskId()).isEqualTo(TASK_ID);
            assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer expired-token-aaaa");
            assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer fresh-token-bbbb");
            assertThat(budget.acquired).as("the auth retry is an attempt too").hasValue(2);
        }
    }

    @Test
    void forbiddenExplainsTheRole() {
        server.enqueue(problem(403, "{\"title\":\"Forbidden\",\"status\":403,\"detail\":\"Access denied\"}"));
        MaiaApiException e = catchThrowableOfType(MaiaApiException.class, () -> client().getTask(TASK_ID));
        assertThat(e.status()).isEqualTo(403);
        assertThat(e.getMessage()).startsWith("Maia API 403 Forbidden on GET /v1/ai/agents/tasks/" + TASK_ID
                + ": Access denied").contains("account role");
    }

    @Test
    void notFoundIsRecognisable() {
        server.enqueue(problem(404, "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"Task not found\"}"));
        MaiaApiException e = catchThrowableOfType(MaiaApiException.class, () -> client().getTask(TASK_ID));
        assertThat(e.isNotFound()).isTrue();
        assertThat(e.getMessage()).isEqualTo("Maia API 404 Not Found on GET /v1/ai/agents/tasks/" + TASK_ID
                + ": Task not found");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void deletingARunningTaskGives409WithAHint() {
        server.enqueue(problem(409, "{\"title\":\"Conflict\",\"status\":409,\"detail\":\"Task is RUNNING\"}"));
        MaiaApiException e = catchThrowableOfType(MaiaApiException.class, () -> client().deleteTask(TASK_ID));
        assertThat(e.status()).isEqualTo(409);
        assertThat(e.getMessage()).startsWith("Maia API 409 Conflict on DELETE /v1/ai/agents/tasks/" + TASK_ID
                + ": Task is RUNNING").contains("stop it and wait for STOPPED");
    }

    @Test
    void anHtmlErrorPageGivesAShortReadableMessage() {
        String page = """
                <!DOCTYPE html><html><head><title>500 Internal Server Error</title>
                <style>body { color: red; }</style><script>var x = "<b>";</script></head>
                <body><h1>Internal   Server Error</h1>
                <p>The proxy &amp; the server had a problem.</p>%s</body></html>""".formatted("<p>filler text</p>\n".repeat(200));
        for (int i = 0; i < RetryPolicy.defaults().maxAttempts(); i++) {
            server.enqueue(new MockResponse.Builder().code(500).setHeader("Content-Type", "text/html; charset=utf-8")
                    .body(page).build());
        }

        MaiaTransportException outOfAttempts = catchThrowableOfType(MaiaTransportException.class,
                () -> client().getTask(TASK_ID));
        MaiaApiException e = (MaiaApiException) outOfAttempts.getCause();

        assertThat(e.status()).isEqualTo(500);
        assertThat(e.title()).isNull();
        assertThat(e.getMessage())
                .startsWith("Maia API 500 Internal Server Error on GET /v1/ai/agents/tasks/" + TASK_ID
                        + ": unexpected text/html; charset=utf-8 response: 500 Internal Server Error Internal Server Error"
                        + " The proxy & the server had a problem.")
                .doesNotContain("<", ">", "color: red", "var x", "\n", "Exception")
                .hasSizeLessThan(200 + TextExcerpt.MAX_EXCERPT);
        assertThat(e.getCause()).isNull();
        assertThat(outOfAttempts.getMessage()).isEqualTo(e.getMessage() + " (after 5 attempts)");
        assertThat(server.getRequestCount()).as("500 is transient: retried like 502-504").isEqualTo(5);
    }

    @Test
    void anEmptyErrorBodyIsSaidToBeEmpty() {
        server.enqueue(status(400));
        MaiaApiException e = catchThrowableOfType(MaiaApiException.class, () -> client().getTask(TASK_ID));
        assertThat(e.getMessage()).isEqualTo("Maia API 400 Bad Request on GET /v1/ai/agents/tasks/" + TASK_ID
                + ": empty response body");
    }

    @Test
    void garbageInAProblemDocumentIsQuotedNotParsed() {
        server.enqueue(problem(400, "{not json at all"));
        MaiaApiException e = catchThrowableOfType(MaiaApiException.class, () -> client().getTask(TASK_ID));
        assertThat(e.getMessage()).isEqualTo("Maia API 400 Bad Request on GET /v1/ai/agents/tasks/" + TASK_ID
                + ": unexpected application/problem+json response: {not json at all");
        assertThat(e.violations()).isEmpty();
    }

    @Test
    void malformedJsonOnSuccessGivesAClearMessage() {
        server.enqueue(json(200, "{\"taskId\": \"" + TASK_ID + "\", \"status\": "));
        MaiaException e = catchThrowableOfType(MaiaException.class, () -> client().getTask(TASK_ID));
        assertThat(e).isNotInstanceOf(MaiaApiException.class);
        assertThat(e.getMessage()).startsWith("The Maia API answered 200 OK to GET /v1/ai/agents/tasks/" + TASK_ID
                + " with a body that is not a task (").contains("application/json").doesNotContain("\n");
        assertThat(e.getCause()).isNull();
    }

    @Test
    void wrongShapesOnSuccessAreReportedLikeMalformedJson() {
        server.enqueue(json(200, "{\"tasks\":\"oops\",\"total\":1}"));
        server.enqueue(json(200, "[1,2,3]"));
        MaiaClient client = client();
        assertThatThrownBy(() -> client.listTasks(TaskQuery.all())).isInstanceOf(MaiaException.class)
                .hasMessageStartingWith("The Maia API answered 200 OK to GET /v1/ai/agents/tasks with a body that is not a page of tasks");
        assertThatThrownBy(() -> client.getMessages(TASK_ID, 10, null)).isInstanceOf(MaiaException.class)
                .hasMessageContaining("is not a page of task messages (not a JSON object");
    }

    @Test
    void anEmptySuccessBodyWhereOneIsNeededIsReported() {
        server.enqueue(status(200));
        assertThatThrownBy(() -> client().getTask(TASK_ID)).isInstanceOf(MaiaException.class)
                .hasMessage("The Maia API answered 200 OK to GET /v1/ai/agents/tasks/" + TASK_ID
                        + " with an empty body; expected a task");
    }

    @Test
    void anErrorPageThatEchoesTheTokenIsMasked() {
        server.enqueue(new MockResponse.Builder().code(400).setHeader("Content-Type", "text/plain")
                .body("bad header Authorization: Bearer " + TOKEN + " and raw " + TOKEN).build());
        MaiaApiException e = catchThrowableOfType(MaiaApiException.class, () -> client().getTask(TASK_ID));
        assertThat(e.getMessage()).doesNotContain(TOKEN).contains("Bearer ****");
    }

    @Test
    void redirectsOfUnsafeCallsAreNotFollowedBlindly() throws Exception {
        server.enqueue(new MockResponse.Builder().code(307).setHeader("Location", server.url("/elsewhere")).build());
        MaiaApiException e = catchThrowableOfType(MaiaApiException.class, () -> client().createTask(request()));
        assertThat(e.status()).isEqualTo(307);
        take();
        assertThat(server.takeRequest(50, TimeUnit.MILLISECONDS)).as("no second POST").isNull();
    }
}
