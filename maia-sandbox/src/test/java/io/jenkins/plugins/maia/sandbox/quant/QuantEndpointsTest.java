package io.jenkins.plugins.maia.sandbox.quant;

import static io.jenkins.plugins.maia.sandbox.quant.QuantHttp.TASKS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.maia.sandbox.SandboxOptions;
import io.jenkins.plugins.maia.sandbox.SandboxServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sandbox's Quant endpoints: what each does to the task lists, with every answer checked against the document. */
class QuantEndpointsTest {
    static SandboxServer sandbox;
    static QuantHttp http;

    @BeforeAll
    static void start() {
        sandbox = SandboxServer.start(SandboxOptions.builder().quant(true).build());
        http = new QuantHttp(sandbox.quantUrl().orElseThrow(), SandboxOptions.DEFAULT_TOKEN);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void aTaskGoesThroughItsStatusesWithTheTimesTheVendorDescribes() {
        String id = http.create("{\"title\":\"Fix the orders pipeline\",\"taskListId\":\"life\",\"assignedAgentId\":"
                + "\"maia:data_engineer_agent\",\"createdByAgentId\":\"maia-cli\",\"metadata\":{\"maiaTaskId\":\"m-1\"}}");
        JsonNode created = http.get(TASKS + "/" + id).json();
        assertThat(created.path("status").asText()).isEqualTo("pending");
        assertThat(created.path("orgId").asText()).isEqualTo("acme");
        assertThat(created.path("maxRetries").asInt()).isEqualTo(3);
        assertThat(created.path("startedAt").isNull()).isTrue();

        assertThat(http.put(TASKS + "/" + id, "{\"status\":\"in_progress\",\"progressMessage\":\"Looking\"}").status())
                .isEqualTo(200);
        JsonNode running = http.get(TASKS + "/" + id).json();
        assertThat(running.path("startedAt").asLong()).isPositive();
        assertThat(running.path("progressMessage").asText()).isEqualTo("Looking");

        http.put(TASKS + "/" + id, "{\"status\":\"blocked\",\"blockedReason\":\"approve git_push\"}");
        JsonNode blocked = http.get(TASKS + "/" + id).json();
        assertThat(blocked.path("blockedAt").asLong()).isPositive();
        assertThat(blocked.path("blockedReason").asText()).isEqualTo("approve git_push");

        http.put(TASKS + "/" + id, "{\"status\":\"in_progress\"}");
        JsonNode resumed = http.get(TASKS + "/" + id).json();
        assertThat(resumed.path("blockedReason").isNull()).as("leaving blocked clears its fields").isTrue();
        assertThat(resumed.path("blockedAt").isNull()).isTrue();

        http.put(TASKS + "/" + id, "{\"status\":\"completed\",\"result\":{\"outcome\":\"FINISHED\"},\"metadata\":{\"x\":1}}");
        JsonNode done = http.get(TASKS + "/" + id).json();
        assertThat(done.path("completedAt").asLong()).isPositive();
        assertThat(done.path("expiresAt").asLong() - done.path("completedAt").asLong()).isEqualTo(30L * 24 * 3600 * 1000);
        assertThat(done.path("result").path("outcome").asText()).isEqualTo("FINISHED");
        assertThat(done.path("metadata").has("maiaTaskId")).as("metadata is replaced whole").isFalse();
        assertThat(done.path("updatedAt").asLong()).isGreaterThan(created.path("updatedAt").asLong());
    }

    @Test
    void aTaskCanBeCreatedBlockedWithItsReason() {
        String id = http.create("{\"title\":\"t\",\"status\":\"blocked\",\"blockedReason\":\"waiting\"}");
        assertThat(http.get(TASKS + "/" + id).json().path("blockedReason").asText()).isEqualTo("waiting");
    }

    @Test
    void anExplicitNullClearsTheBlockedReasonAndAnAbsentOneKeepsIt() {
        String blocked = ",\"taskListId\":\"clear\",\"status\":\"blocked\",\"blockedReason\":\"approve git_push\"}";
        String kept = http.create("{\"title\":\"kept\"" + blocked);
        String cleared = http.create("{\"title\":\"cleared\"" + blocked);
        assertThat(http.put(TASKS + "/" + kept, "{\"status\":\"completed\"}").status()).isEqualTo(200);
        assertThat(http.put(TASKS + "/" + cleared, "{\"status\":\"completed\",\"blockedReason\":null}").status())
                .isEqualTo(200);
        JsonNode keptTask = http.get(TASKS + "/" + kept).json();
        assertThat(keptTask.path("status").asText()).isEqualTo("completed");
        assertThat(keptTask.path("blockedReason").asText()).as("absent: unchanged").isEqualTo("approve git_push");
        JsonNode clearedTask = http.get(TASKS + "/" + cleared).json();
        assertThat(clearedTask.path("status").asText()).isEqualTo("completed");
        assertThat(clearedTask.get("blockedReason").isNull()).as("null: cleared").isTrue();
        JsonNode listed = http.get(TASKS + "?taskListId=clear").json().path("tasks");
        assertThat(listed.get(0).path("title").asText()).isEqualTo("cleared");
        assertThat(listed.get(0).get("blockedReason").isNull()).as("the list shows it cleared too").isTrue();
        assertThat(listed.get(1).path("blockedReason").asText()).isEqualTo("approve git_push");

        assertThat(http.put(TASKS + "/" + kept, "{\"blockedReason\":null}").status()).as("a null alone").isEqualTo(200);
        assertThat(http.get(TASKS + "/" + kept).json().get("blockedReason").isNull()).isTrue();
        assertThat(http.put(TASKS + "/" + kept, "{\"title\":null}").violations()).as("null only where the document"
                + " allows it").anyMatch(v -> v.startsWith("title:"));
    }

    @Test
    void everyRequestIsCheckedAgainstTheDocument() {
        assertThat(http.post(TASKS, "{\"description\":\"no title\"}").violations()).containsExactly("title: is required");
        assertThat(http.post(TASKS, "{\"title\":\"t\",\"status\":\"done\"}").status()).isEqualTo(400);
        assertThat(http.post(TASKS, "{\"title\":\"t\",\"dependsOn\":[\"x\"]}").violations())
                .anyMatch(v -> v.startsWith("dependsOn[0]:"));
        assertThat(http.post(TASKS, "{\"title\":\"t\",\"priority\":\"high\"}").violations())
                .anyMatch(v -> v.contains("priority"));
        assertThat(http.put(TASKS + "/550e8400-e29b-41d4-a716-446655440000", "{\"progress\":2}").violations())
                .anyMatch(v -> v.startsWith("progress:"));
        assertThat(http.get(TASKS + "/not-a-uuid").violations()).anyMatch(v -> v.startsWith("taskId:"));
        assertThat(http.get(TASKS + "?limit=101").violations()).anyMatch(v -> v.startsWith("limit:"));
        QuantHttp.Reply garbage = http.post(TASKS, "{not json");
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.json().path("detail").asText()).isEqualTo("Failed to read request. Please check your request body.");
        assertThat(http.send("POST", TASKS, "title=t", "application/x-www-form-urlencoded").status()).isEqualTo(415);
    }

    @Test
    void dependenciesMustExistAndMustNotMakeACycle() {
        assertThat(http.post(TASKS, "{\"title\":\"t\",\"dependsOn\":[\"550e8400-e29b-41d4-a716-446655440000\"]}")
                .violations()).containsExactly("dependsOn[0]: no task 550e8400-e29b-41d4-a716-446655440000 in this organisation");
        String a = http.create("{\"title\":\"a\",\"taskListId\":\"cycle\"}");
        String b = http.create("{\"title\":\"b\",\"taskListId\":\"cycle\",\"dependsOn\":[\"" + a + "\"]}");
        assertThat(http.put(TASKS + "/" + a, "{\"dependsOn\":[\"" + b + "\"]}").violations())
                .containsExactly("dependsOn: would make a cycle: " + a + " -> " + b + " -> " + a);
        assertThat(http.put(TASKS + "/" + a, "{\"dependsOn\":[\"" + a + "\"]}").violations())
                .containsExactly("dependsOn[0]: a task cannot depend on itself");
    }

    @Test
    void listFiltersNewestFirstAndFindsWhoWaitsForATask() {
        String a = http.create("{\"title\":\"staging\",\"taskListId\":\"lst\",\"assignedAgentId\":\"agent-a\"}");
        String b = http.create("{\"title\":\"marts\",\"taskListId\":\"lst\",\"status\":\"in_progress\",\"dependsOn\":[\"" + a + "\"]}");
        http.create("{\"title\":\"elsewhere\",\"taskListId\":\"other\"}");
        JsonNode all = http.get(TASKS + "?taskListId=lst").json();
        assertThat(titles(all)).containsExactly("marts", "staging");
        assertThat(all.path("count").asInt()).isEqualTo(2);
        assertThat(titles(http.get(TASKS + "?taskListId=lst&status=in_progress").json())).containsExactly("marts");
        assertThat(titles(http.get(TASKS + "?assignedAgentId=agent-a").json())).containsExactly("staging");
        assertThat(titles(http.get(TASKS + "?taskListId=lst&limit=1").json())).containsExactly("marts");
        JsonNode waiting = http.get(TASKS + "?dependsOn=" + a).json();
        assertThat(waiting.path("taskIds").get(0).asText()).isEqualTo(b);
        assertThat(waiting.has("tasks")).isFalse();
        assertThat(titles(http.get(TASKS + "?dependsOn=" + a + "&includeDetails=true").json())).containsExactly("marts");
    }

    @Test
    void aTaskOthersDependOnIsDeletedOnlyWithCascade() {
        String a = http.create("{\"title\":\"a\",\"taskListId\":\"del\"}");
        String b = http.create("{\"title\":\"b\",\"taskListId\":\"del\",\"dependsOn\":[\"" + a + "\"]}");
        String c = http.create("{\"title\":\"c\",\"taskListId\":\"del\",\"dependsOn\":[\"" + b + "\"]}");
        QuantHttp.Reply refused = http.delete(TASKS + "/" + a);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().path("error").asText()).isEqualTo("TASK_HAS_DEPENDENTS");
        assertThat(refused.json().path("dependentTaskIds").get(0).asText()).isEqualTo(b);
        JsonNode deleted = http.delete(TASKS + "/" + a + "?cascade=true").json();
        assertThat(deleted.path("deletedCount").asInt()).isEqualTo(3);
        assertThat(deleted.path("deletedTaskIds").toString()).contains(a, b, c);
        assertThat(http.get(TASKS + "/" + c).status()).isEqualTo(404);
        assertThat(http.delete(TASKS + "/" + c).status()).isEqualTo(404);
    }

    @Test
    void theGraphGivesRootsLeavesAndEdges() {
        String a = http.create("{\"title\":\"staging\",\"taskListId\":\"folder/job#7\"}");
        String b = http.create("{\"title\":\"marts\",\"taskListId\":\"folder/job#7\",\"dependsOn\":[\"" + a + "\"]}");
        JsonNode g = http.get(TASKS + "/folder%2Fjob%237/dependency-graph").json();
        assertThat(g.path("taskListId").asText()).isEqualTo("folder/job#7");
        assertThat(g.path("taskCount").asInt()).isEqualTo(2);
        assertThat(g.path("roots").toString()).isEqualTo("[\"" + a + "\"]");
        assertThat(g.path("leaves").toString()).isEqualTo("[\"" + b + "\"]");
        assertThat(g.path("graph").path(a).path("dependents").get(0).asText()).isEqualTo(b);
        assertThat(g.path("graph").path(b).path("dependsOn").get(0).asText()).isEqualTo(a);
        assertThat(g.path("graph").path(b).path("title").asText()).isEqualTo("marts");
        assertThat(http.get(TASKS + "/empty-list/dependency-graph").json().path("taskCount").asInt()).isZero();
    }

    @Test
    void onlyTheSandboxsTokensMayCall() {
        QuantHttp anonymous = new QuantHttp(sandbox.quantUrl().orElseThrow(), null);
        QuantHttp.Reply missing = anonymous.get(TASKS);
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.json().path("detail").asText()).contains("Missing bearer token");
        assertThat(new QuantHttp(sandbox.quantUrl().orElseThrow(), "not-the-token").get(TASKS).status()).isEqualTo(401);
    }

    @Test
    void wrongMethodsAndPathsAreNamed() {
        QuantHttp.Reply wrong = http.send("PATCH", TASKS, "{}", "application/json");
        assertThat(wrong.status()).isEqualTo(405);
        assertThat(wrong.allow()).isEqualTo("GET, POST");
        assertThat(http.get("/api/v3/organizations/acme/ai/boards").status()).isEqualTo(404);
        assertThat(http.get(TASKS + "/550e8400-e29b-41d4-a716-446655440000").status()).isEqualTo(404);
    }

    @Test
    void withoutTheOptionTheSandboxServesNoQuant() {
        try (SandboxServer plain = SandboxServer.start(SandboxOptions.builder().build())) {
            assertThat(plain.quantUrl()).isEmpty();
            String origin = plain.baseUrl().substring(0, plain.baseUrl().length() - plain.options().basePath().length());
            QuantHttp.Reply r = new QuantHttp(origin, SandboxOptions.DEFAULT_TOKEN).get(TASKS);
            assertThat(r.status()).isEqualTo(404);
        }
    }

    private static List<String> titles(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.path("tasks").forEach(t -> out.add(t.path("title").asText()));
        return out;
    }
}
