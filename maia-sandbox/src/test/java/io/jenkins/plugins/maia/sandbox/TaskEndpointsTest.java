package io.jenkins.plugins.maia.sandbox;

import static io.jenkins.plugins.maia.sandbox.Tasks.PATH;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.maia.sandbox.scenario.Scenario;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each of the nine endpoints answers with its documented status and shape. */
class TaskEndpointsTest {

    /** Keeps a task RUNNING until it is stopped. */
    static final Scenario BUSY = Scenario.parse("""
            name: busy
            steps:
              - say: Working.
              - wait: 100000
              - finish: Done.
            """, "busy", "test");

    static SandboxServer sandbox;
    static Http http;

    @BeforeAll
    static void start() {
        sandbox = SandboxServer.start(SandboxOptions.builder().pacing(Duration.ofMillis(5))
                .scenarios(List.of(BUSY)).build());
        http = Http.to(sandbox);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void createAnswers201WithTheCreatedTask() throws Exception {
        Http.Reply reply = http.post(PATH, Tasks.createBody("Build a pipeline"));

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.contentType()).startsWith("application/json");
        JsonNode json = reply.json();
        String taskId = json.get("taskId").asText();
        assertThat(UUID.fromString(taskId)).isNotNull();
        assertThat(json.get("status").asText()).isEqualTo("RUNNING");
        assertThat(json.get("agentName").asText()).isEqualTo("data_engineer_agent");
        assertThat(json.get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(reply.header("Location")).contains("/dpc/v1/ai/agents/tasks/" + taskId);
        assertThat(sandbox.stats().tasksCreated()).contains(taskId);
    }

    @Test
    void getAnswers200WithTheTaskDetail() throws Exception {
        ObjectNode body = Tasks.createBody("Build a pipeline");
        body.putArray("grantedPermissions").addObject().put("toolName", "query_warehouse");
        String taskId = http.post(PATH, body).json().get("taskId").asText();

        Http.Reply reply = http.get(PATH + "/" + taskId);

        assertThat(reply.status()).isEqualTo(200);
        JsonNode task = reply.json();
        assertThat(task.get("taskId").asText()).isEqualTo(taskId);
        assertThat(task.get("description").asText()).isEqualTo("Build a pipeline");
        assertThat(task.get("agentConfig").get("projectId").asText()).isEqualTo(Tasks.PROJECT);
        assertThat(task.get("agentConfig").get("targetBranchName").asText()).isEqualTo("feature/sales");
        assertThat(task.get("grantedPermissions").get(0).get("toolName").asText()).isEqualTo("query_warehouse");
        assertThat(task.get("pendingDecisions").isArray()).isTrue();
        assertThat(task.has("createdAt") && task.has("modifiedAt")).isTrue();
    }

    @Test
    void listAnswers200WithAPage() throws Exception {
        String taskId = Tasks.create(http, "Listed task");

        Http.Reply reply = http.get(PATH + "?size=100");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode json = reply.json();
        assertThat(json.get("page").asInt()).isZero();
        assertThat(json.get("size").asInt()).isEqualTo(100);
        assertThat(json.get("total").asLong()).isGreaterThanOrEqualTo(1);
        JsonNode summary = null;
        for (JsonNode task : json.get("tasks")) {
            if (task.get("taskId").asText().equals(taskId)) {
                summary = task;
            }
        }
        assertThat(summary).isNotNull();
        assertThat(summary.get("agentName").asText()).isEqualTo("data_engineer_agent");
        assertThat(summary.get("mode").asText()).isEqualTo("ACT");
        assertThat(summary.get("projectId").asText()).isEqualTo(Tasks.PROJECT);
        assertThat(summary.get("branchId").asText()).isEqualTo("feature/sales");
        assertThat(summary.get("description").asText()).isEqualTo("Listed task");
    }

    @Test
    void messagesAnswer200StartingWithTheUsersMessage() throws Exception {
        String taskId = Tasks.create(http, "Hello agent");
        Tasks.awaitStopped(http, taskId, 0);

        Http.Reply reply = http.get(PATH + "/" + taskId + "/messages");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode first = reply.json().get("results").get(0);
        assertThat(first.get("data").get("type").asText()).isEqualTo("text");
        assertThat(first.get("data").get("role").asText()).isEqualTo("user");
        assertThat(first.get("data").get("content").asText()).isEqualTo("Hello agent");
        assertThat(first.get("groupId").asText()).isNotBlank();
        assertThat(first.get("timestamp").asText()).endsWith("Z");
        assertThat(reply.json().has("more")).isFalse();
    }

    @Test
    void sendMessageAnswers202AndResumesAFinishedTask() throws Exception {
        String taskId = Tasks.create(http, "First");
        Tasks.awaitStopped(http, taskId, 0);

        Http.Reply reply = http.post(PATH + "/" + taskId + "/messages", Map.of("message", "Also handle nulls"));

        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.json().get("taskId").asText()).isEqualTo(taskId);
        Tasks.awaitStopped(http, taskId, 0);
        List<JsonNode> events = Tasks.allEvents(http, taskId, 100);
        assertThat(events).anySatisfy(e -> {
            assertThat(e.get("data").path("role").asText()).isEqualTo("user");
            assertThat(e.get("data").path("content").asText()).isEqualTo("Also handle nulls");
        });
        assertThat(Tasks.agentTexts(events)).contains("Done with the follow-up.");
    }

    @Test
    void stopAnswers204AndTheTaskEndsStopped() throws Exception {
        String taskId = Tasks.create(http, "[scenario:busy] keep working");
        Tasks.awaitStatus(http, taskId, "RUNNING");

        Http.Reply reply = http.postEmpty(PATH + "/" + taskId + "/stop");

        assertThat(reply.status()).isEqualTo(204);
        assertThat(reply.body()).isEmpty();
        JsonNode task = Tasks.awaitStopped(http, taskId, 0);
        assertThat(task.get("pendingDecisions")).isEmpty();
        assertThat(sandbox.stats().stopRequests(taskId)).isEqualTo(1);
    }

    @Test
    void deleteAnswers409WhileRunningAnd204OnceStopped() throws Exception {
        String taskId = Tasks.create(http, "[scenario:busy] keep working");

        Http.Reply running = http.delete(PATH + "/" + taskId);
        assertThat(running.status()).isEqualTo(409);
        assertThat(running.contentType()).startsWith("application/problem+json");
        assertThat(running.json().get("detail").asText()).contains("RUNNING");

        http.postEmpty(PATH + "/" + taskId + "/stop");
        Tasks.awaitStopped(http, taskId, 0);
        Http.Reply deleted = http.delete(PATH + "/" + taskId);
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(http.get(PATH + "/" + taskId).status()).isEqualTo(404);
        assertThat(sandbox.stats().taskStatus(taskId)).contains("DELETED");
    }

    @Test
    void permissionsAnswer200AndReplaceTheList() throws Exception {
        ObjectNode body = Tasks.createBody("Permissions");
        body.putArray("grantedPermissions").addObject().put("toolName", "git_commit");
        String taskId = http.post(PATH, body).json().get("taskId").asText();

        Http.Reply reply = http.put(PATH + "/" + taskId + "/permissions",
                Map.of("grantedPermissions", List.of(Map.of("toolName", "query_warehouse"), Map.of("toolName", "git_push"))));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("taskId").asText()).isEqualTo(taskId);
        assertThat(reply.json().get("grantedPermissions").findValuesAsText("toolName"))
                .containsExactly("query_warehouse", "git_push");
        assertThat(Tasks.get(http, taskId).get("grantedPermissions").findValuesAsText("toolName"))
                .containsExactly("query_warehouse", "git_push");
        Http.Reply cleared = http.put(PATH + "/" + taskId + "/permissions", Map.of("grantedPermissions", List.of()));
        assertThat(cleared.json().get("grantedPermissions")).isEmpty();
    }

    @Test
    void unknownTaskIs404ProblemOnEveryTaskEndpoint() throws Exception {
        String missing = PATH + "/" + UUID.randomUUID();
        List<Http.Reply> replies = List.of(
                http.get(missing),
                http.delete(missing),
                http.get(missing + "/messages"),
                http.post(missing + "/messages", Map.of("message", "hi")),
                http.post(missing + "/decisions", Map.of("decisions", List.of(Map.of("type", "tool", "id", "x",
                        "approved", true)))),
                http.postEmpty(missing + "/stop"),
                http.put(missing + "/permissions", Map.of("grantedPermissions", List.of())));

        assertThat(replies).allSatisfy(reply -> {
            assertThat(reply.status()).isEqualTo(404);
            assertThat(reply.contentType()).startsWith("application/problem+json");
            JsonNode problem = reply.json();
            assertThat(problem.get("type").asText()).isEqualTo("https://api.matillion.com/problems/not-found");
            assertThat(problem.get("title").asText()).isEqualTo("Not Found");
            assertThat(problem.get("status").asInt()).isEqualTo(404);
            assertThat(problem.get("detail").asText()).startsWith("Task not found");
            assertThat(problem.get("instance").asText()).startsWith("/dpc" + PATH);
            assertThat(problem.get("violations").isArray()).isTrue();
        });
    }

    @Test
    void wrongMethodIs405AndUnknownPathIs404() throws Exception {
        Http.Reply patch = http.raw("PATCH", PATH, "application/json", "{}");
        assertThat(patch.status()).isEqualTo(405);
        assertThat(patch.header("Allow")).contains("GET, POST");

        Http.Reply unknown = http.get("/v1/ai/agents/other");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("detail").asText()).contains("/dpc/v1/ai/agents/tasks");
    }

    @Test
    void statisticsCountRequestsPerEndpointAndPerTask() throws Exception {
        String taskId = Tasks.create(http, "Counted");
        long before = sandbox.stats().requests(Endpoint.GET_TASK);
        http.get(PATH + "/" + taskId);
        http.get(PATH + "/" + taskId + "/messages");

        SandboxStats.Snapshot snapshot = sandbox.stats().snapshot();
        assertThat(snapshot.requestsByEndpoint().get(Endpoint.GET_TASK)).isEqualTo(before + 1);
        assertThat(snapshot.requestsByTask().get(taskId)).isEqualTo(2);
        assertThat(snapshot.eventsByTask().get(taskId)).isGreaterThanOrEqualTo(1);
        assertThat(snapshot.tasksCreated()).contains(taskId);
        assertThat(snapshot.responsesByStatus().get(201)).isGreaterThanOrEqualTo(1);
    }
}
