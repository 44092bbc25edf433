package io.jenkins.plugins.maia.sandbox;

import static io.jenkins.plugins.maia.sandbox.Tasks.PATH;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad requests get the 400 (or 409/413/415) a real server would give, with violations naming the field. */
class ValidationTest {

    static SandboxServer sandbox;
    static Http http;

    @BeforeAll
    static void start() {
        sandbox = SandboxServer.start(SandboxOptions.builder().pacing(Duration.ofMillis(5))
                .scenarios(List.of(TaskEndpointsTest.BUSY)).build());
        http = Http.to(sandbox);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static List<String> violations(Http.Reply reply) {
        assertThat(reply.contentType()).startsWith("application/problem+json");
        List<String> list = new ArrayList<>();
        reply.json().get("violations").forEach(v -> list.add(v.asText()));
        return list;
    }

    private static Http.Reply create(ObjectNode body) throws Exception {
        return http.post(PATH, body);
    }

    @Test
    void malformedProjectIdIsA400NamingTheField() throws Exception {
        ObjectNode body = Tasks.createBody("x");
        ((ObjectNode) body.get("agentConfig")).put("projectId", "not-a-uuid");

        Http.Reply reply = create(body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("title").asText()).isEqualTo("Bad Request");
        assertThat(reply.json().get("type").asText()).isEqualTo("https://api.matillion.com/problems/bad-request");
        assertThat(violations(reply)).anySatisfy(v -> assertThat(v).startsWith("agentConfig.projectId:")
                .contains("not-a-uuid"));
        assertThat(reply.json().get("detail").asText()).contains("agentConfig.projectId");
        assertThat(sandbox.stats().tasksCreated()).hasSize(countCreated());
    }

    @Test
    void missingRequiredFieldsAreEachNamed() throws Exception {
        ObjectNode body = Http.JSON.createObjectNode();
        body.putObject("agentConfig").put("name", "data_engineer_agent");

        Http.Reply reply = create(body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(violations(reply)).contains("message: is required", "agentConfig.mode: is required",
                "agentConfig.projectId: is required", "agentConfig.sourceBranchName: is required",
                "agentConfig.environmentName: is required");
    }

    @Test
    void emptyMessageAndUnknownModeAreRejected() throws Exception {
        ObjectNode body = Tasks.createBody("");
        ((ObjectNode) body.get("agentConfig")).put("mode", "YOLO");

        Http.Reply reply = create(body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(violations(reply)).anySatisfy(v -> assertThat(v).startsWith("message:"))
                .anySatisfy(v -> assertThat(v).startsWith("agentConfig.mode:").contains("YOLO"));
    }

    @Test
    void neitherTargetBranchNorGenerateBranchIsA400() throws Exception {
        ObjectNode body = Tasks.createBody("x");
        ((ObjectNode) body.get("agentConfig")).remove("targetBranchName");

        Http.Reply reply = create(body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(violations(reply)).singleElement().asString()
                .contains("targetBranchName").contains("generateBranch");
    }

    @Test
    void generateBranchFalseWithoutTargetIsA400AndBlankTargetToo() throws Exception {
        ObjectNode falseGenerate = Tasks.createBody("x");
        ((ObjectNode) falseGenerate.get("agentConfig")).remove("targetBranchName");
        ((ObjectNode) falseGenerate.get("agentConfig")).put("generateBranch", false);
        ObjectNode blank = Tasks.createBody("x");
        ((ObjectNode) blank.get("agentConfig")).put("targetBranchName", " ");

        assertThat(create(falseGenerate).status()).isEqualTo(400);
        Http.Reply reply = create(blank);
        assertThat(reply.status()).isEqualTo(400);
        assertThat(violations(reply)).singleElement().asString().startsWith("agentConfig.targetBranchName:");
    }

    /** The vendor documents generateBranch as "ignored if targetBranchName is also provided": accepted, target wins. */
    @Test
    void bothBranchFieldsAreAcceptedAndTheTargetWins() throws Exception {
        ObjectNode body = Tasks.createBody("[scenario:branch-generation] both");
        ((ObjectNode) body.get("agentConfig")).put("generateBranch", true);

        Http.Reply reply = create(body);

        assertThat(reply.status()).isEqualTo(201);
        String taskId = reply.json().get("taskId").asText();
        JsonNode task = Tasks.awaitStopped(http, taskId, 0);
        assertThat(task.get("agentConfig").get("targetBranchName").asText()).isEqualTo("feature/sales");
    }

    @Test
    void agentNameMustBeDataEngineerAgent() throws Exception {
        ObjectNode body = Tasks.createBody("x");
        ((ObjectNode) body.get("agentConfig")).put("name", "other_agent");

        Http.Reply reply = create(body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(violations(reply)).singleElement().asString()
                .isEqualTo("agentConfig.name: must be \"data_engineer_agent\", got \"other_agent\"");
    }

    @Test
    void grantedPermissionsMustBeUniqueAndNamed() throws Exception {
        ObjectNode duplicate = Tasks.createBody("x");
        duplicate.putArray("grantedPermissions").add(Http.JSON.createObjectNode().put("toolName", "git_push"))
                .add(Http.JSON.createObjectNode().put("toolName", "git_push"));
        ObjectNode unnamed = Tasks.createBody("x");
        unnamed.putArray("grantedPermissions").addObject();

        assertThat(violations(create(duplicate))).singleElement().asString().contains("git_push").contains("unique");
        assertThat(violations(create(unnamed))).contains("grantedPermissions[0].toolName: is required");
    }

    @Test
    void unknownScenarioDirectiveIsA400() throws Exception {
        Http.Reply reply = create(Tasks.createBody("[scenario:nope] hello"));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(violations(reply)).singleElement().asString().startsWith("message: [scenario:nope]")
                .contains("happy-path");
    }

    @Test
    void unreadableJsonIsA400AndWrongContentTypeA415() throws Exception {
        Http.Reply broken = http.raw("POST", PATH, "application/json", "{\"message\": ");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.json().get("detail").asText()).isEqualTo("Failed to read request. Please check your request body.");

        Http.Reply text = http.raw("POST", PATH, "text/plain", "hello");
        assertThat(text.status()).isEqualTo(415);
        assertThat(violations(text)).singleElement().asString().startsWith("Content-Type:");

        Http.Reply empty = http.raw("POST", PATH, "application/json", null);
        assertThat(empty.status()).isEqualTo(400);
        assertThat(violations(empty)).contains("body: is required (a JSON object)");
    }

    @Test
    void oversizeBodyIsA413() throws Exception {
        Http.Reply reply = http.post(PATH, Tasks.createBody("x".repeat(RequestPipeline.MAX_BODY_BYTES + 1)));

        assertThat(reply.status()).isEqualTo(413);
    }

    @Test
    void malformedTaskIdInThePathIsA400() throws Exception {
        Http.Reply reply = http.get(PATH + "/not-a-uuid");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(violations(reply)).singleElement().asString().startsWith("taskId: must be a UUID");
    }

    @Test
    void listParametersAreValidated() throws Exception {
        Http.Reply reply = http.get(PATH + "?status=DONE&size=0&createdAfter=yesterday&page=-1");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(violations(reply))
                .anySatisfy(v -> assertThat(v).startsWith("status:").contains("DONE"))
                .anySatisfy(v -> assertThat(v).startsWith("size:"))
                .anySatisfy(v -> assertThat(v).startsWith("createdAfter:"))
                .anySatisfy(v -> assertThat(v).startsWith("page:"));
        assertThat(http.get(PATH + "?size=101").status()).isEqualTo(400);
    }

    @Test
    void messageLimitIsValidated() throws Exception {
        String taskId = Tasks.create(http, "limits");

        assertThat(violations(http.get(PATH + "/" + taskId + "/messages?limit=1001")))
                .singleElement().asString().startsWith("limit:").contains("1000");
        assertThat(violations(http.get(PATH + "/" + taskId + "/messages?limit=0")))
                .singleElement().asString().startsWith("limit: must be at least 1");
        assertThat(violations(http.get(PATH + "/" + taskId + "/messages?paginationToken=garbage")))
                .singleElement().asString().startsWith("paginationToken:");
        assertThat(http.get(PATH + "/" + taskId + "/messages?limit=1000").status()).isEqualTo(200);
    }

    @Test
    void paginationTokenOfAnotherTaskIsRefused() throws Exception {
        String longTask = Tasks.create(http, "[scenario:long-running] many events");
        Tasks.awaitStopped(http, longTask, 0);
        String more = http.get(PATH + "/" + longTask + "/messages?limit=1").json().get("more").asText();
        String other = Tasks.create(http, "other");

        Http.Reply reply = http.get(PATH + "/" + other + "/messages?paginationToken=" + Http.encode(more));

        assertThat(reply.status()).isEqualTo(400);
    }

    @Test
    void decisionsOnATaskThatIsNotWaitingAre409() throws Exception {
        String taskId = Tasks.create(http, "done soon");
        Tasks.awaitStopped(http, taskId, 0);

        Http.Reply reply = http.post(PATH + "/" + taskId + "/decisions",
                Map.of("decisions", List.of(Map.of("type", "tool", "id", "call_x", "approved", true))));

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.json().get("detail").asText()).contains("no pending decisions");
    }

    @Test
    void decisionsMustMatchPendingToolIds() throws Exception {
        String taskId = Tasks.create(http, "[scenario:approval-and-question] go");
        JsonNode task = Tasks.awaitStopped(http, taskId, 1);
        String toolId = task.get("pendingDecisions").get(0).get("toolId").asText();

        Http.Reply unknownId = http.post(PATH + "/" + taskId + "/decisions",
                Map.of("decisions", List.of(Map.of("type", "tool", "id", "call_unknown", "approved", true))));
        Http.Reply wrongType = http.post(PATH + "/" + taskId + "/decisions", Map.of("decisions",
                List.of(Map.of("type", "question", "id", toolId, "answers", List.of()))));
        Http.Reply noApproval = http.post(PATH + "/" + taskId + "/decisions",
                Map.of("decisions", List.of(Map.of("type", "tool", "id", toolId))));
        Http.Reply badScope = http.post(PATH + "/" + taskId + "/decisions", Map.of("decisions",
                List.of(Map.of("type", "tool", "id", toolId, "approved", true, "scope", "FOREVER"))));
        Http.Reply none = http.post(PATH + "/" + taskId + "/decisions", Map.of("decisions", List.of()));

        assertThat(unknownId.status()).isEqualTo(400);
        assertThat(violations(unknownId)).singleElement().asString()
                .startsWith("decisions[0].id: 'call_unknown' is not a pending decision").contains(toolId);
        assertThat(violations(wrongType)).singleElement().asString().startsWith("decisions[0].type:");
        assertThat(violations(noApproval)).containsExactly("decisions[0].approved: is required for a tool decision (true or false)");
        assertThat(violations(badScope)).singleElement().asString().startsWith("decisions[0].scope:");
        assertThat(violations(none)).singleElement().asString().startsWith("decisions:");
        assertThat(Tasks.get(http, taskId).get("pendingDecisions")).hasSize(1);
    }

    @Test
    void sendingAMessageToARunningTaskIs409() throws Exception {
        String taskId = Tasks.create(http, "[scenario:busy] working");

        Http.Reply reply = http.post(PATH + "/" + taskId + "/messages", Map.of("message", "hurry"));

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.json().get("detail").asText()).contains("RUNNING");
        http.postEmpty(PATH + "/" + taskId + "/stop");
    }

    @Test
    void followUpMayOverrideOnlyModeAndTargetBranch() throws Exception {
        String taskId = Tasks.create(http, "first");
        Tasks.awaitStopped(http, taskId, 0);

        Http.Reply reply = http.post(PATH + "/" + taskId + "/messages", Map.of("message", "again",
                "agentConfig", Map.of("name", "data_engineer_agent", "projectId", UUID.randomUUID().toString())));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(violations(reply)).singleElement().asString().startsWith("agentConfig.projectId: cannot be changed");

        Http.Reply ok = http.post(PATH + "/" + taskId + "/messages", Map.of("message", "again",
                "agentConfig", Map.of("name", "data_engineer_agent", "mode", "PLAN", "targetBranchName", "feature/b")));
        assertThat(ok.status()).isEqualTo(202);
        JsonNode task = Tasks.awaitStopped(http, taskId, 0);
        assertThat(task.get("agentConfig").get("mode").asText()).isEqualTo("PLAN");
        assertThat(task.get("agentConfig").get("targetBranchName").asText()).isEqualTo("feature/b");
    }

    @Test
    void permissionsBodyMustHoldAList() throws Exception {
        String taskId = Tasks.create(http, "perms");

        Http.Reply reply = http.put(PATH + "/" + taskId + "/permissions", "{\"grantedPermissions\": null}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(violations(reply)).singleElement().asString().startsWith("grantedPermissions:");
    }

    private static int countCreated() {
        return sandbox.stats().tasksCreated().size();
    }
}
