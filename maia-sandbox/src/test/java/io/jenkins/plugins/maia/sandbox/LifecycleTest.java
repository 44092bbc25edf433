package io.jenkins.plugins.maia.sandbox;

import static io.jenkins.plugins.maia.sandbox.Tasks.PATH;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.maia.sandbox.scenario.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tasks driven through their scenarios with raw HTTP, from creation to the end. */
class LifecycleTest {

    /** Two tools at once, then the same tool again (to show CONVERSATION approval sticks). */
    static final Scenario TOOLS = Scenario.parse("""
            name: tools
            steps:
              - tools:
                  - {name: edit_file, title: Edit a file, input: {path: a.yaml}, result: edited}
                  - {name: run_pipeline, title: Run the pipeline, result: "pipeline ran"}
              - tool: {name: edit_file, input: {path: b.yaml}, result: "edited again"}
              - finish: Tools done.
            """, "tools", "test");

    static final Scenario MULTI_QUESTION = Scenario.parse("""
            name: multi-question
            steps:
              - ask:
                  questions:
                    - question: Which tables?
                      header: Tables
                      multiSelect: true
                      options: [sales, customers, orders]
                    - question: Which schedule?
                      options: [hourly, daily]
              - finish
            """, "multi-question", "test");

    /** Whatever agents may say, verbatim: markup, unknown event shapes. */
    static final Scenario ODD = Scenario.parse("""
            name: odd
            steps:
              - say: "<script>alert('x')</script><img src=x onerror=alert(1)>"
              - event: {type: telemetry, tokens: 1234, nested: {deep: [1, 2]}}
              - finish
            """, "odd", "test");

    static SandboxServer sandbox;
    static Http http;

    @BeforeAll
    static void start() {
        sandbox = SandboxServer.start(SandboxOptions.builder().pacing(Duration.ofMillis(5)).longRunningEvents(260)
                .scenarios(List.of(TOOLS, MULTI_QUESTION, ODD, TaskEndpointsTest.BUSY)).build());
        http = Http.to(sandbox);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static Http.Reply decide(String taskId, Object... decisions) throws Exception {
        return http.post(PATH + "/" + taskId + "/decisions", Map.of("decisions", List.of(decisions)));
    }

    @Test
    void approvalAndQuestionRunsToTheEnd() throws Exception {
        ObjectNode body = Tasks.createBody("[scenario:approval-and-question] Build the sales pipeline");
        ((ObjectNode) body.get("agentConfig")).remove("targetBranchName");
        ((ObjectNode) body.get("agentConfig")).put("generateBranch", true);
        String taskId = http.post(PATH, body).json().get("taskId").asText();

        // 1. the query_warehouse approval
        JsonNode paused = Tasks.awaitStopped(http, taskId, 1);
        JsonNode tool = paused.get("pendingDecisions").get(0);
        assertThat(tool.get("type").asText()).isEqualTo("tool");
        assertThat(tool.get("toolName").asText()).isEqualTo("query_warehouse");
        assertThat(tool.get("permissionMessage").get("title").asText()).isEqualTo("Query the warehouse");
        assertThat(tool.get("toolInput").get("query").asText()).startsWith("SELECT");
        Http.Reply approved = decide(taskId, Map.of("type", "tool", "id", tool.get("toolId").asText(),
                "approved", true, "scope", "ONCE"));
        assertThat(approved.status()).isEqualTo(202);
        assertThat(approved.json().get("pendingDecisions")).isEmpty();
        assertThat(Tasks.get(http, taskId).get("status").asText())
                .as("resumed at once, never STOPPED with nothing pending").isIn("RUNNING", "STOPPED");

        // 2. the question
        JsonNode asked = Tasks.awaitStopped(http, taskId, 1).get("pendingDecisions").get(0);
        assertThat(asked.get("type").asText()).isEqualTo("question");
        assertThat(asked.get("toolName").asText()).isEqualTo("ask_user_question");
        JsonNode question = asked.get("toolInput").get("questions").get(0);
        assertThat(question.get("question").asText()).isEqualTo("Which load strategy should the pipeline use?");
        assertThat(question.get("multiSelect").asBoolean()).isFalse();
        assertThat(question.get("options").findValuesAsText("label"))
                .containsExactly("Incremental", "Full reload", "Append only");
        assertThat(decide(taskId, Map.of("type", "question", "id", asked.get("toolId").asText(), "answers",
                List.of(Map.of("questionIndex", 0, "selectedOptions", List.of("Incremental"))))).status())
                .isEqualTo(202);

        // 3. the push
        JsonNode push = Tasks.awaitStopped(http, taskId, 1).get("pendingDecisions").get(0);
        assertThat(push.get("toolName").asText()).isEqualTo("git_push");
        String branch = Tasks.get(http, taskId).get("agentConfig").get("targetBranchName").asText();
        assertThat(branch).matches("maia/build-the-sales-pipeline-" + taskId.substring(0, 8));
        assertThat(push.get("toolInput").get("branch").asText()).isEqualTo(branch);
        decide(taskId, Map.of("type", "tool", "id", push.get("toolId").asText(), "approved", true));

        // 4. the end
        Tasks.awaitStopped(http, taskId, 0);
        List<JsonNode> events = Tasks.allEvents(http, taskId, 7);
        List<String> types = new ArrayList<>();
        events.forEach(e -> types.add(e.get("data").get("type").asText()));
        assertThat(types).containsSubsequence("text", "status", "decision", "tool_use", "tool_result", "text",
                "status", "decision", "text", "status", "decision", "tool_use", "tool_result", "text", "status");
        assertThat(Tasks.agentTexts(events)).contains("Thanks. Going with: Load strategy = Incremental.")
                .last().asString().isEqualTo("Done. The pipeline is on branch " + branch + ", ready for review.");
        JsonNode last = events.get(events.size() - 1).get("data");
        assertThat(last.get("status").asText()).isEqualTo("STOPPED");
        assertThat(last.get("reason").asText()).isEqualTo("finished");
        assertThat(sandbox.stats().eventCount(taskId)).isEqualTo(events.size());
        assertThat(sandbox.stats().taskStatus(taskId)).contains("STOPPED");
        assertStrictlyIncreasingTimestamps(events);
    }

    @Test
    void generatedBranchIsSetOnTheTask() throws Exception {
        ObjectNode body = Tasks.createBody("[scenario:branch-generation] Load S3 sales data into Snowflake, UTC dates!");
        ((ObjectNode) body.get("agentConfig")).remove("targetBranchName");
        ((ObjectNode) body.get("agentConfig")).put("generateBranch", true);
        String taskId = http.post(PATH, body).json().get("taskId").asText();

        JsonNode task = Tasks.awaitStopped(http, taskId, 0);

        String branch = task.get("agentConfig").get("targetBranchName").asText();
        assertThat(branch).isEqualTo("maia/load-s3-sales-data-into-" + taskId.substring(0, 8));
        assertThat(Tasks.agentTexts(Tasks.allEvents(http, taskId, 100))).contains("Working on branch " + branch + ".");
        JsonNode summary = http.get(PATH + "?branchId=" + Http.encode(branch)).json();
        assertThat(summary.get("tasks").findValuesAsText("taskId")).containsExactly(taskId);
    }

    @Test
    void agentOutputIsPassedOnVerbatim() throws Exception {
        String taskId = Tasks.create(http, "[scenario:odd] anything goes");
        Tasks.awaitStopped(http, taskId, 0);

        List<JsonNode> events = Tasks.allEvents(http, taskId, 100);

        assertThat(Tasks.agentTexts(events)).containsExactly("<script>alert('x')</script><img src=x onerror=alert(1)>");
        assertThat(events).anySatisfy(e -> assertThat(e.get("data")).isEqualTo(Http.JSON.readTree(
                "{\"type\":\"telemetry\",\"tokens\":1234,\"nested\":{\"deep\":[1,2]}}")));
    }

    @Test
    void erroredScenarioEndsErrored() throws Exception {
        String taskId = Tasks.create(http, "[scenario:errored] try");

        Tasks.awaitStatus(http, taskId, "ERRORED");

        List<JsonNode> events = Tasks.allEvents(http, taskId, 100);
        assertThat(events).anySatisfy(e -> {
            assertThat(e.get("data").get("type").asText()).isEqualTo("error");
            assertThat(e.get("data").get("message").asText()).startsWith("Could not connect to the warehouse");
        });
    }

    @Test
    void rejectedToolIsSkippedWithAMessage() throws Exception {
        String taskId = Tasks.create(http, "[scenario:approval-and-question] reject it");
        String toolId = Tasks.awaitStopped(http, taskId, 1).get("pendingDecisions").get(0).get("toolId").asText();

        decide(taskId, Map.of("type", "tool", "id", toolId, "approved", false));

        Tasks.awaitStopped(http, taskId, 1); // the question comes next
        List<JsonNode> events = Tasks.allEvents(http, taskId, 100);
        assertThat(Tasks.agentTexts(events))
                .contains("Skipped query_warehouse because you declined it; continuing without it.");
        assertThat(events).noneSatisfy(e -> assertThat(e.get("data").get("type").asText()).isEqualTo("tool_use"));
        assertThat(events).anySatisfy(e -> {
            assertThat(e.get("data").get("type").asText()).isEqualTo("decision");
            assertThat(e.get("data").get("approved").asBoolean()).isFalse();
        });
    }

    @Test
    void grantedToolsAreNotAskedFor() throws Exception {
        ObjectNode body = Tasks.createBody("[scenario:approval-and-question] all granted");
        body.putArray("grantedPermissions").add(Http.JSON.createObjectNode().put("toolName", "query_warehouse"))
                .add(Http.JSON.createObjectNode().put("toolName", "git_push"));
        String taskId = http.post(PATH, body).json().get("taskId").asText();

        JsonNode asked = Tasks.awaitStopped(http, taskId, 1).get("pendingDecisions").get(0);
        assertThat(asked.get("type").asText()).as("only the question needs a person").isEqualTo("question");
        decide(taskId, Map.of("type", "question", "id", asked.get("toolId").asText(), "answers",
                List.of(Map.of("questionIndex", 0, "selectedOptions", List.of("Full reload")))));

        Tasks.awaitStopped(http, taskId, 0);
        List<String> tools = Tasks.allEvents(http, taskId, 100).stream()
                .filter(e -> e.get("data").get("type").asText().equals("tool_use"))
                .map(e -> e.get("data").get("toolName").asText()).toList();
        assertThat(tools).containsExactly("query_warehouse", "git_push");
    }

    @Test
    void partialDecisionsLeaveTheRestPendingAndConversationScopeSticks() throws Exception {
        String taskId = Tasks.create(http, "[scenario:tools] two tools");
        JsonNode pending = Tasks.awaitStopped(http, taskId, 2).get("pendingDecisions");
        String edit = pending.get(0).get("toolId").asText();
        String run = pending.get(1).get("toolId").asText();

        Http.Reply first = decide(taskId, Map.of("type", "tool", "id", edit, "approved", true, "scope", "CONVERSATION"));
        assertThat(first.status()).isEqualTo(202);
        assertThat(first.json().get("pendingDecisions").findValuesAsText("toolId")).containsExactly(run);
        assertThat(Tasks.get(http, taskId).get("status").asText()).isEqualTo("STOPPED");

        Http.Reply second = decide(taskId, Map.of("type", "tool", "id", run, "approved", true));
        assertThat(second.json().get("pendingDecisions")).isEmpty();

        Tasks.awaitStopped(http, taskId, 0);
        List<JsonNode> events = Tasks.allEvents(http, taskId, 100);
        assertThat(events.stream().filter(e -> e.get("data").get("type").asText().equals("tool_result"))
                .map(e -> e.get("data").get("content").asText()).toList())
                .containsExactly("edited", "pipeline ran", "edited again");
        assertThat(Tasks.get(http, taskId).get("grantedPermissions")).isEmpty();
    }

    @Test
    void questionsWithSeveralPartsNeedEveryAnswer() throws Exception {
        String taskId = Tasks.create(http, "[scenario:multi-question] ask twice");
        String id = Tasks.awaitStopped(http, taskId, 1).get("pendingDecisions").get(0).get("toolId").asText();

        Http.Reply missing = decide(taskId, Map.of("type", "question", "id", id, "answers",
                List.of(Map.of("questionIndex", 0, "selectedOptions", List.of("sales", "orders")))));
        Http.Reply tooMany = decide(taskId, Map.of("type", "question", "id", id, "answers", List.of(
                Map.of("questionIndex", 0, "selectedOptions", List.of("sales")),
                Map.of("questionIndex", 1, "selectedOptions", List.of("hourly", "daily")))));
        Http.Reply outOfRange = decide(taskId, Map.of("type", "question", "id", id, "answers",
                List.of(Map.of("questionIndex", 2, "selectedOptions", List.of("x")))));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("violations").get(0).asText()).contains("question 1 ('Which schedule?') has no answer");
        assertThat(tooMany.json().get("violations").get(0).asText()).contains("allows only one option");
        assertThat(outOfRange.json().get("violations").get(0).asText()).contains("out of range");

        Http.Reply ok = decide(taskId, Map.of("type", "question", "id", id, "answers", List.of(
                Map.of("questionIndex", 1, "selectedOptions", List.of("daily")),
                Map.of("questionIndex", 0, "selectedOptions", List.of("sales", "orders")))));
        assertThat(ok.status()).isEqualTo(202);
        Tasks.awaitStopped(http, taskId, 0);
        assertThat(Tasks.agentTexts(Tasks.allEvents(http, taskId, 100)))
                .contains("Thanks. Going with: Tables = sales, orders; Which schedule? = daily.");
    }

    @Test
    void stoppingAPausedTaskDropsItsDecisions() throws Exception {
        String taskId = Tasks.create(http, "[scenario:approval-and-question] stop me");
        Tasks.awaitStopped(http, taskId, 1);

        assertThat(http.postEmpty(PATH + "/" + taskId + "/stop").status()).isEqualTo(204);

        JsonNode task = Tasks.get(http, taskId);
        assertThat(task.get("status").asText()).isEqualTo("STOPPED");
        assertThat(task.get("pendingDecisions")).isEmpty();
        assertThat(http.postEmpty(PATH + "/" + taskId + "/stop").status()).as("stopping again is harmless").isEqualTo(204);
        assertThat(sandbox.stats().stopRequests(taskId)).isEqualTo(2);
    }

    @Test
    void followUpWithADirectivePlaysThatScenarioAndDropsPendingDecisions() throws Exception {
        String taskId = Tasks.create(http, "[scenario:approval-and-question] redirect me");
        Tasks.awaitStopped(http, taskId, 1);

        http.post(PATH + "/" + taskId + "/messages", Map.of("message", "[scenario:errored] try again",
                "grantedPermissions", List.of(Map.of("toolName", "run_pipeline"))));

        Tasks.awaitStatus(http, taskId, "ERRORED");
        JsonNode task = Tasks.get(http, taskId);
        assertThat(task.get("pendingDecisions")).isEmpty();
        assertThat(task.get("grantedPermissions").findValuesAsText("toolName")).containsExactly("run_pipeline");
    }

    @Test
    void messagesPageInChronologicalOrderWithMore() throws Exception {
        String taskId = Tasks.create(http, "[scenario:long-running] page me");
        Tasks.awaitStopped(http, taskId, 0);
        long total = sandbox.stats().eventCount(taskId);
        assertThat(total).isEqualTo(1 + 1 + 260 + 1 + 1); // user, start, progress, finish text, status

        Http.Reply firstPage = http.get(PATH + "/" + taskId + "/messages");
        assertThat(firstPage.json().get("results")).hasSize(TaskApi.DEFAULT_LIMIT);
        assertThat(firstPage.json().get("more").asText()).isNotBlank();

        List<JsonNode> events = Tasks.allEvents(http, taskId, 100);
        assertThat(events).hasSize((int) total);
        List<String> texts = Tasks.agentTexts(events);
        assertThat(texts.get(1)).isEqualTo("Processed batch 1 of 260.");
        assertThat(texts.get(260)).isEqualTo("Processed batch 260 of 260.");
        assertStrictlyIncreasingTimestamps(events);

        Http.Reply exact = http.get(PATH + "/" + taskId + "/messages?limit=" + total);
        assertThat(exact.json().has("more")).as("no more after the last event").isFalse();
    }

    @Test
    void runningTaskWithoutMoreEventsHasNoMore() throws Exception {
        String taskId = Tasks.create(http, "[scenario:busy] quiet");
        Tasks.awaitStatus(http, taskId, "RUNNING");

        Http.Reply reply = http.get(PATH + "/" + taskId + "/messages?limit=1000");

        assertThat(reply.json().has("more")).isFalse();
        http.postEmpty(PATH + "/" + taskId + "/stop");
    }

    @Test
    void listFiltersAndPages() throws Exception {
        Instant before = Instant.now().minusMillis(1);
        String project = "0f0f0f0f-0000-4000-8000-000000000001";
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ObjectNode body = Tasks.createBody("filtered " + i);
            ((ObjectNode) body.get("agentConfig")).put("projectId", project);
            ids.add(http.post(PATH, body).json().get("taskId").asText());
        }
        for (String id : ids) {
            Tasks.awaitStopped(http, id, 0);
        }
        String base = PATH + "?projectId=" + project;

        JsonNode page0 = http.get(base + "&size=2&page=0").json();
        JsonNode page2 = http.get(base + "&size=2&page=2").json();
        JsonNode page3 = http.get(base + "&size=2&page=3").json();
        assertThat(page0.get("total").asLong()).isEqualTo(5);
        assertThat(page0.get("tasks").findValuesAsText("taskId")).containsExactly(ids.get(4), ids.get(3));
        assertThat(page2.get("tasks").findValuesAsText("taskId")).containsExactly(ids.get(0));
        assertThat(page3.get("tasks")).isEmpty();
        assertThat(page3.get("total").asLong()).isEqualTo(5);

        String firstCreated = Tasks.get(http, ids.get(0)).get("createdAt").asText();
        JsonNode after = http.get(base + "&size=100&createdAfter=" + Http.encode(firstCreated)).json();
        assertThat(after.get("tasks").findValuesAsText("taskId")).as("createdAfter is inclusive").contains(ids.get(0));
        JsonNode until = http.get(base + "&createdBefore=" + Http.encode(firstCreated)
                + "&createdAfter=" + Http.encode(before.toString())).json();
        assertThat(until.get("tasks").findValuesAsText("taskId")).as("createdBefore is inclusive").contains(ids.get(0));
        assertThat(http.get(base + "&status=RUNNING").json().get("total").asLong()).isZero();
        assertThat(http.get(base + "&status=STOPPED").json().get("total").asLong()).isEqualTo(5);
        assertThat(http.get(PATH + "?branchId=no-such-branch").json().get("total").asLong()).isZero();
    }

    @Test
    void longMessagesAreCutTo200CharactersInTheDescription() throws Exception {
        String message = "Build a pipeline. " + "x".repeat(400);
        String taskId = Tasks.create(http, message);

        String description = Tasks.get(http, taskId).get("description").asText();

        assertThat(description).hasSize(200);
        assertThat(message).startsWith(description);
    }

    @Test
    void modifiedAtFollowsTheAgentsWork() throws Exception {
        String taskId = Tasks.create(http, "[scenario:approval-and-question] watch the clock");
        JsonNode paused = Tasks.awaitStopped(http, taskId, 1);

        // The agent's first step runs one pacing interval (5 ms) after creation, so its events move modifiedAt on.
        assertThat(Instant.parse(paused.get("modifiedAt").asText()))
                .isAfter(Instant.parse(paused.get("createdAt").asText()));
    }

    private static void assertStrictlyIncreasingTimestamps(List<JsonNode> events) {
        Instant previous = Instant.MIN;
        for (JsonNode event : events) {
            Instant at = Instant.parse(event.get("timestamp").asText());
            assertThat(at).isAfter(previous);
            previous = at;
        }
    }
}
