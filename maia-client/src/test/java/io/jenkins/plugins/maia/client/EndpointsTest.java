package io.jenkins.plugins.maia.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.maia.client.internal.MaiaJson;
import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.client.model.CreatedTask;
import io.jenkins.plugins.maia.client.model.DecisionScope;
import io.jenkins.plugins.maia.client.model.FollowUpMessage;
import io.jenkins.plugins.maia.client.model.GrantedTool;
import io.jenkins.plugins.maia.client.model.MessagePage;
import io.jenkins.plugins.maia.client.model.Mode;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.QuestionAnswer;
import io.jenkins.plugins.maia.client.model.QuestionDecision;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskPage;
import io.jenkins.plugins.maia.client.model.TaskPermissions;
import io.jenkins.plugins.maia.client.model.TaskQuery;
import io.jenkins.plugins.maia.client.model.TaskStatus;
import io.jenkins.plugins.maia.client.model.ToolDecision;
import java.time.Instant;
import java.util.List;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** Each of the nine endpoints: what goes on the wire, and what comes back. */
class EndpointsTest extends ApiTestSupport {

    private static JsonNode tree(String json) throws Exception {
        return MaiaJson.mapper().readTree(json);
    }

    private static void assertCommonHeaders(RecordedRequest r) {
        assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(r.getHeaders().get("Accept")).contains("application/json").contains("application/problem+json");
        assertThat(r.getHeaders().get("User-Agent")).startsWith("maia-agent-tasks-client/");
    }

    @Test
    void createTaskPostsTheDocumentedBodyAndReadsTheCreatedTask() throws Exception {
        server.enqueue(json(201, """
                {"taskId":"%s","status":"RUNNING","agentName":"data_engineer_agent","createdAt":"2024-01-15T10:30:00.000Z"}
                """.formatted(TASK_ID)));
        CreateTaskRequest request = CreateTaskRequest.builder()
                .message("Build a pipeline")
                .projectId(PROJECT_ID)
                .sourceBranchName("main")
                .environmentName("dev")
                .targetBranchName("feature/x")
                .workingDirectory("/pipelines")
                .grantedTools(List.of("git_commit", "run_pipeline"))
                .build();

        CreatedTask created = client().createTask(request);

        assertThat(created).isEqualTo(new CreatedTask(TASK_ID, TaskStatus.RUNNING, "data_engineer_agent",
                Instant.parse("2024-01-15T10:30:00Z")));
        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getTarget()).isEqualTo("/dpc/v1/ai/agents/tasks");
        assertThat(r.getHeaders().get("Content-Type")).startsWith("application/json");
        assertCommonHeaders(r);
        assertThat(tree(r.getBody().utf8())).isEqualTo(tree("""
                {"message":"Build a pipeline",
                 "agentConfig":{"name":"data_engineer_agent","mode":"ACT","projectId":"%s","sourceBranchName":"main",
                   "environmentName":"dev","targetBranchName":"feature/x","workingDirectory":"/pipelines"},
                 "grantedPermissions":[{"toolName":"git_commit"},{"toolName":"run_pipeline"}]}
                """.formatted(PROJECT_ID)));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void createWithGenerateBranchSendsNoTargetBranchAndNoNulls() throws Exception {
        server.enqueue(json(201, "{\"taskId\":\"" + TASK_ID + "\",\"status\":\"RUNNING\"}"));
        client().createTask(CreateTaskRequest.builder().message("m").mode(Mode.PLAN).projectId(PROJECT_ID)
                .sourceBranchName("main").environmentName("dev").generateBranch(true).build());
        JsonNode body = tree(take().getBody().utf8());
        assertThat(body.get("agentConfig").get("generateBranch").asBoolean()).isTrue();
        assertThat(body.get("agentConfig").get("mode").asText()).isEqualTo("PLAN");
        assertThat(body.get("agentConfig").has("targetBranchName")).isFalse();
        assertThat(body.has("grantedPermissions")).isFalse();
        assertThat(body.toString()).doesNotContain("null");
    }

    @Test
    void listTasksSendsEveryFilterAndReadsThePage() throws Exception {
        server.enqueue(json(200, """
                {"tasks":[{"taskId":"%s","status":"RUNNING","agentName":"data_engineer_agent","mode":"ACT",
                  "description":"Build a pipeline","createdAt":"2024-01-15T10:30:00.000Z",
                  "modifiedAt":"2024-01-15T10:35:00Z","projectId":"%s","branchId":"main"}],
                 "page":2,"size":50,"total":101}""".formatted(TASK_ID, PROJECT_ID)));

        TaskPage page = client().listTasks(new TaskQuery(PROJECT_ID, "feature/x", TaskStatus.STOPPED,
                Instant.parse("2024-01-15T10:30:00Z"), Instant.parse("2024-01-16T00:00:00.123Z"), 2, 50));

        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("GET");
        assertThat(r.getUrl().encodedPath()).isEqualTo("/dpc/v1/ai/agents/tasks");
        assertThat(r.getUrl().queryParameter("projectId")).isEqualTo(PROJECT_ID);
        assertThat(r.getUrl().queryParameter("branchId")).isEqualTo("feature/x");
        assertThat(r.getUrl().queryParameter("status")).isEqualTo("STOPPED");
        assertThat(r.getUrl().queryParameter("createdAfter")).isEqualTo("2024-01-15T10:30:00.000Z");
        assertThat(r.getUrl().queryParameter("createdBefore")).isEqualTo("2024-01-16T00:00:00.123Z");
        assertThat(r.getUrl().queryParameter("page")).isEqualTo("2");
        assertThat(r.getUrl().queryParameter("size")).isEqualTo("50");
        assertCommonHeaders(r);
        assertThat(page.page()).isEqualTo(2);
        assertThat(page.size()).isEqualTo(50);
        assertThat(page.total()).isEqualTo(101);
        assertThat(page.tasks()).singleElement().satisfies(t -> {
            assertThat(t.taskId()).isEqualTo(TASK_ID);
            assertThat(t.mode()).isEqualTo(Mode.ACT);
            assertThat(t.branchId()).isEqualTo("main");
            assertThat(t.modifiedAt()).isEqualTo(Instant.parse("2024-01-15T10:35:00Z"));
        });
    }

    @Test
    void listWithoutQuerySendsNoParameters() throws Exception {
        server.enqueue(json(200, "{\"tasks\":[],\"page\":0,\"size\":20,\"total\":0}"));
        assertThat(client().listTasks(null).tasks()).isEmpty();
        assertThat(take().getTarget()).isEqualTo("/dpc/v1/ai/agents/tasks");
    }

    @Test
    void getTaskReadsDetailsAndPendingDecisions() throws Exception {
        server.enqueue(json(200, taskJson("STOPPED", """
                [{"type":"tool","toolName":"execute_sql","toolId":"call_abc123",
                  "permissionMessage":{"title":"Execute SQL query","body":"The agent wants to run: SELECT 1"},
                  "toolInput":{"query":"SELECT 1"}}]""")));

        Task task = client().getTask(TASK_ID);

        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("GET");
        assertThat(r.getTarget()).isEqualTo("/dpc/v1/ai/agents/tasks/" + TASK_ID);
        assertCommonHeaders(r);
        assertThat(task.status()).isEqualTo(TaskStatus.STOPPED);
        assertThat(task.isPaused()).isTrue();
        assertThat(task.isFinished()).isFalse();
        assertThat(task.createdAt()).isEqualTo(Instant.parse("2026-04-08T10:23:45Z"));
        assertThat(task.agentConfig().targetBranchName()).isEqualTo("feature/x");
        assertThat(task.grantedPermissions()).containsExactly(new GrantedTool("git_commit"));
        PendingDecision pending = task.pendingDecisions().get(0);
        assertThat(pending.toolId()).isEqualTo("call_abc123");
        assertThat(pending.permissionMessage().title()).isEqualTo("Execute SQL query");
        assertThat(pending.toolInput().get("query").asText()).isEqualTo("SELECT 1");
        assertThat(pending.isQuestion()).isFalse();
    }

    @Test
    void getMessagesSendsLimitAndTokenAndKeepsEachEventRaw() throws Exception {
        server.enqueue(json(200, """
                {"more":"page-2-token","results":[
                  {"data":{"type":"text","text":"hello"},"groupId":"g1","timestamp":"2023-11-07T05:31:56Z","extra":1},
                  {"data":"plain","groupId":"g1","timestamp":"2023-11-07T05:31:57.250+00:00"}]}"""));
        server.enqueue(json(200, "{\"results\":[]}"));
        MaiaClient client = client();

        MessagePage first = client.getMessages(TASK_ID, 1000, null);
        MessagePage second = client.getMessages(TASK_ID, 25, first.more());

        RecordedRequest r1 = take();
        assertThat(r1.getMethod()).isEqualTo("GET");
        assertThat(r1.getUrl().encodedPath()).isEqualTo("/dpc/v1/ai/agents/tasks/" + TASK_ID + "/messages");
        assertThat(r1.getUrl().queryParameter("limit")).isEqualTo("1000");
        assertThat(r1.getUrl().queryParameterNames()).doesNotContain("paginationToken");
        assertCommonHeaders(r1);
        RecordedRequest r2 = take();
        assertThat(r2.getUrl().queryParameter("paginationToken")).isEqualTo("page-2-token");
        assertThat(r2.getUrl().queryParameter("limit")).isEqualTo("25");

        assertThat(first.hasMore()).isTrue();
        assertThat(first.results()).hasSize(2);
        assertThat(first.results().get(0).data().get("text").asText()).isEqualTo("hello");
        assertThat(first.results().get(0).groupId()).isEqualTo("g1");
        assertThat(first.results().get(0).timestamp()).isEqualTo(Instant.parse("2023-11-07T05:31:56Z"));
        assertThat(first.results().get(0).raw().get("extra").asInt()).isEqualTo(1);
        assertThat(first.results().get(1).data().asText()).isEqualTo("plain");
        assertThat(first.results().get(1).timestamp()).isEqualTo(Instant.parse("2023-11-07T05:31:57.250Z"));
        assertThat(second.hasMore()).isFalse();
        assertThat(second.more()).isNull();
        assertThat(second.results()).isEmpty();
    }

    @Test
    void sendMessagePostsFollowUpWithOverrides() throws Exception {
        server.enqueue(json(202, "{\"taskId\":\"" + TASK_ID + "\"}"));

        client().sendMessage(TASK_ID, new FollowUpMessage("Also handle nulls", Mode.PLAN, "feature/y", List.of("git_push")));

        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getTarget()).isEqualTo("/dpc/v1/ai/agents/tasks/" + TASK_ID + "/messages");
        assertCommonHeaders(r);
        assertThat(tree(r.getBody().utf8())).isEqualTo(tree("""
                {"message":"Also handle nulls",
                 "agentConfig":{"name":"data_engineer_agent","mode":"PLAN","targetBranchName":"feature/y"},
                 "grantedPermissions":[{"toolName":"git_push"}]}"""));
    }

    @Test
    void plainFollowUpSendsOnlyTheMessage() throws Exception {
        server.enqueue(status(202));
        client().sendMessage(TASK_ID, FollowUpMessage.of("Go on"));
        assertThat(tree(take().getBody().utf8())).isEqualTo(tree("{\"message\":\"Go on\"}"));
    }

    @Test
    void submitDecisionsPostsToolAndQuestionDecisionsAndReadsWhatIsStillPending() throws Exception {
        server.enqueue(json(202, """
                {"pendingDecisions":[{"type":"tool","toolName":"git_push","toolId":"call_2",
                  "permissionMessage":{"title":"Push","body":"push to origin"},"toolInput":null,"future":true}]}"""));

        List<PendingDecision> pending = client().submitDecisions(TASK_ID, List.of(
                ToolDecision.approveForTask("call_1"),
                ToolDecision.reject("call_3"),
                new QuestionDecision("call_q", List.of(new QuestionAnswer(0, List.of("yes")),
                        new QuestionAnswer(1, List.of("a", "b"))))));

        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getTarget()).isEqualTo("/dpc/v1/ai/agents/tasks/" + TASK_ID + "/decisions");
        assertCommonHeaders(r);
        assertThat(tree(r.getBody().utf8())).isEqualTo(tree("""
                {"decisions":[
                  {"type":"tool","id":"call_1","approved":true,"scope":"CONVERSATION"},
                  {"type":"tool","id":"call_3","approved":false,"scope":"ONCE"},
                  {"type":"question","id":"call_q","answers":[
                    {"questionIndex":0,"selectedOptions":["yes"]},{"questionIndex":1,"selectedOptions":["a","b"]}]}]}"""));
        assertThat(pending).singleElement().satisfies(p -> {
            assertThat(p.toolId()).isEqualTo("call_2");
            assertThat(p.toolName()).isEqualTo("git_push");
        });
    }

    @Test
    void submitDecisionsWithEmptyAnswerGivesEmptyList() {
        server.enqueue(status(202));
        assertThat(client().submitDecisions(TASK_ID, List.of(new ToolDecision("call_1", true, DecisionScope.ONCE))))
                .isEmpty();
    }

    @Test
    void stopTaskPostsWithoutBody() throws Exception {
        server.enqueue(status(204));
        client().stopTask(TASK_ID);
        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getTarget()).isEqualTo("/dpc/v1/ai/agents/tasks/" + TASK_ID + "/stop");
        assertThat(r.getBodySize()).isZero();
        assertCommonHeaders(r);
    }

    @Test
    void stopAccepts202WithABody() {
        server.enqueue(json(202, "{\"whatever\":true}"));
        client().stopTask(TASK_ID);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void deleteTaskSendsDelete() throws Exception {
        server.enqueue(status(204));
        client().deleteTask(TASK_ID);
        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("DELETE");
        assertThat(r.getTarget()).isEqualTo("/dpc/v1/ai/agents/tasks/" + TASK_ID);
        assertCommonHeaders(r);
    }

    @Test
    void replacePermissionsPutsTheWholeList() throws Exception {
        server.enqueue(json(200, """
                {"taskId":"%s","grantedPermissions":[{"toolName":"execute_sql"},{"toolName":"read_file"}]}"""
                .formatted(TASK_ID)));

        TaskPermissions result = client().replacePermissions(TASK_ID, List.of("execute_sql", "read_file"));

        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("PUT");
        assertThat(r.getTarget()).isEqualTo("/dpc/v1/ai/agents/tasks/" + TASK_ID + "/permissions");
        assertThat(r.getHeaders().get("Content-Type")).startsWith("application/json");
        assertCommonHeaders(r);
        assertThat(tree(r.getBody().utf8())).isEqualTo(tree(
                "{\"grantedPermissions\":[{\"toolName\":\"execute_sql\"},{\"toolName\":\"read_file\"}]}"));
        assertThat(result.taskId()).isEqualTo(TASK_ID);
        assertThat(result.grantedPermissions()).extracting(GrantedTool::toolName).containsExactly("execute_sql", "read_file");
    }

    @Test
    void clearingPermissionsSendsAnEmptyListAndCopesWithoutABody() throws Exception {
        server.enqueue(status(200));
        TaskPermissions result = client().replacePermissions(TASK_ID, List.of());
        assertThat(tree(take().getBody().utf8())).isEqualTo(tree("{\"grantedPermissions\":[]}"));
        assertThat(result).isEqualTo(new TaskPermissions(TASK_ID, List.of()));
    }

    @Test
    void everyAttemptDrawsOnTheBudget() {
        server.enqueue(status(204));
        server.enqueue(status(204));
        MaiaClient client = client();
        client.stopTask(TASK_ID);
        client.deleteTask(TASK_ID);
        assertThat(budget.acquired).hasValue(2);
        assertThat(budget.rateLimited).isEmpty();
    }
}
