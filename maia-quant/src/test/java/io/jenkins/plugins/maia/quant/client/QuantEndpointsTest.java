package io.jenkins.plugins.maia.quant.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.maia.quant.contract.QuantContract;
import io.jenkins.plugins.maia.quant.model.CreatedQuantTask;
import io.jenkins.plugins.maia.quant.model.DeletedQuantTasks;
import io.jenkins.plugins.maia.quant.model.DependencyGraph;
import io.jenkins.plugins.maia.quant.model.NewQuantTask;
import io.jenkins.plugins.maia.quant.model.QuantStatus;
import io.jenkins.plugins.maia.quant.model.QuantTask;
import io.jenkins.plugins.maia.quant.model.QuantTaskList;
import io.jenkins.plugins.maia.quant.model.QuantTaskQuery;
import io.jenkins.plugins.maia.quant.model.QuantTaskUpdate;
import io.jenkins.plugins.maia.quant.model.UpdatedQuantTask;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * Each endpoint: the request the client sends (checked against the vendor's document) and the answer it reads. The
 * answers are the document's own response examples, so a field the records miss fails here.
 */
class QuantEndpointsTest extends QuantApiTestSupport {

    private static final JsonNode SCHEMAS = QuantContract.openApiTree().path("components").path("schemas");

    private static String example(String schema) {
        return SCHEMAS.path(schema).path("example").toString();
    }

    @Test
    void createSendsEveryFieldAndReadsTheCreatedTask() throws Exception {
        server.enqueue(json(201, example("createTask_201_response")));
        CreatedQuantTask created = client().createTask(NewQuantTask.builder("Fix the orders pipeline")
                .description("Fix the failing orders pipeline on its own branch")
                .taskListId("maia-2026-04-08")
                .status(QuantStatus.IN_PROGRESS)
                .assignedAgentId("maia:data_engineer_agent")
                .createdByAgentId("maia-cli")
                .dependsOn(List.of(OTHER_ID))
                .metadata(Map.of("maiaTaskId", TASK_ID, "mode", "ACT"))
                .maxRetries(0)
                .build());
        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getUrl().encodedPath()).isEqualTo(TASKS);
        JsonNode body = QuantJson.mapper().readTree(r.getBody().utf8());
        assertThat(body.path("title").asText()).isEqualTo("Fix the orders pipeline");
        assertThat(body.path("status").asText()).isEqualTo("in_progress");
        assertThat(body.path("dependsOn").get(0).asText()).isEqualTo(OTHER_ID);
        assertThat(body.path("metadata").path("maiaTaskId").asText()).isEqualTo(TASK_ID);
        assertThat(body.has("blockedReason")).as("null fields are not sent").isFalse();
        assertThat(created.taskId()).isEqualTo("046b6c7f-0b8a-43b9-b35d-6489e6daee91");
        assertThat(created.orgId()).isEqualTo("orgId");
        assertThat(created.createdAt()).isZero();
    }

    @Test
    void getReadsEveryFieldOfTheDocumentsExample() throws Exception {
        server.enqueue(json(200, example("getTask_200_response")));
        QuantTask t = client().getTask(TASK_ID);
        assertThat(take().getUrl().encodedPath()).isEqualTo(TASKS + "/" + TASK_ID);
        assertThat(t.taskId()).isEqualTo(TASK_ID);
        assertThat(t.orgId()).isEqualTo("quant");
        assertThat(t.taskListId()).isEqualTo("world-1");
        assertThat(t.title()).isEqualTo("Process document and create summary");
        assertThat(t.description()).isEqualTo("Extract text from PDF, analyze content");
        assertThat(t.status()).isEqualTo(QuantStatus.IN_PROGRESS);
        assertThat(t.assignedAgentId()).isEqualTo("agent-123");
        assertThat(t.createdByAgentId()).isEqualTo("agent-coordinator");
        assertThat(t.dependsOn()).hasSize(2);
        assertThat(t.metadata().path("priority").asText()).isEqualTo("high");
        assertThat(t.progress()).isEqualTo(0.5);
        assertThat(t.progressMessage()).isEqualTo("Extracted text, analyzing content...");
        assertThat(t.result()).isNotNull();
        assertThat(t.error()).isEqualTo("error");
        assertThat(t.retryCount()).isZero();
        assertThat(t.maxRetries()).isEqualTo(3);
        assertThat(QuantTask.at(t.createdAt())).isEqualTo("2025-01-01T00:00:00Z");
        assertThat(t.updatedAt()).isEqualTo(1735689700000L);
        assertThat(t.startedAt()).isZero();
        assertThat(t.completedAt()).isEqualTo(6);
        assertThat(t.expiresAt()).isEqualTo(1);
        assertThat(t.blockedReason()).isEqualTo("blockedReason");
        assertThat(t.blockedByTaskIds()).hasSize(2);
        assertThat(t.blockedAt()).isEqualTo(5);
    }

    @Test
    void updateSendsOnlyTheFieldsSet() throws Exception {
        server.enqueue(json(200, example("updateTask_200_response")));
        UpdatedQuantTask u = client().updateTask(TASK_ID, QuantTaskUpdate.builder()
                .status(QuantStatus.COMPLETED)
                .progressMessage("Done. The work is on maia/fix-orders.")
                .result(Map.of("outcome", "FINISHED", "targetBranchName", "maia/fix-orders"))
                .progress(1.0)
                .build());
        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("PUT");
        JsonNode body = QuantJson.mapper().readTree(r.getBody().utf8());
        assertThat(body.size()).isEqualTo(4);
        assertThat(body.path("result").path("outcome").asText()).isEqualTo("FINISHED");
        assertThat(u.taskId()).isEqualTo("046b6c7f-0b8a-43b9-b35d-6489e6daee91");
        assertThat(u.status()).as("the example's status is the word 'status'").isEqualTo(QuantStatus.UNKNOWN);
    }

    @Test
    void aClearedFieldIsSentAsAnExplicitNullThatTheDocumentAllows() throws Exception {
        server.enqueue(json(200, example("updateTask_200_response")));
        client().updateTask(TASK_ID, QuantTaskUpdate.builder().status(QuantStatus.COMPLETED).clearBlockedReason()
                .clearBlockedByTaskIds().build());
        JsonNode body = QuantJson.mapper().readTree(take().getBody().utf8());
        assertThat(body.size()).isEqualTo(3);
        assertThat(body.get("blockedReason").isNull()).isTrue();
        assertThat(body.get("blockedByTaskIds").isNull()).isTrue();

        server.enqueue(json(200, example("updateTask_200_response")));
        client().updateTask(TASK_ID, QuantTaskUpdate.builder().clearBlockedReason().build());
        assertThat(take().getBody().utf8()).as("clearing alone is an update").isEqualTo("{\"blockedReason\":null}");

        server.enqueue(json(200, example("updateTask_200_response")));
        client().updateTask(TASK_ID, QuantTaskUpdate.builder().status(QuantStatus.COMPLETED).build());
        assertThat(QuantJson.mapper().readTree(take().getBody().utf8()).has("blockedReason"))
                .as("a field neither set nor cleared stays out").isFalse();
    }

    @Test
    void listSendsItsFiltersAndReadsTheDocumentsExample() throws Exception {
        server.enqueue(json(200, example("listTasks_200_response")));
        QuantTaskList list = client().listTasks(new QuantTaskQuery("world-1", QuantStatus.BLOCKED, "agent-1", 100,
                TASK_ID, true));
        RecordedRequest r = take();
        assertThat(r.getUrl().queryParameter("taskListId")).isEqualTo("world-1");
        assertThat(r.getUrl().queryParameter("status")).isEqualTo("blocked");
        assertThat(r.getUrl().queryParameter("limit")).isEqualTo("100");
        assertThat(r.getUrl().queryParameter("includeDetails")).isEqualTo("true");
        assertThat(list.tasks()).hasSize(2);
        assertThat(list.tasks().get(0).status()).isEqualTo(QuantStatus.IN_PROGRESS);
        assertThat(list.tasks().get(0).blockedReason()).isEqualTo("blockedReason");
        assertThat(list.tasks().get(0).progress()).isEqualTo(0.5);
        assertThat(list.taskIds()).hasSize(2);
        assertThat(list.count()).isEqualTo(2);
        assertThat(list.dependsOn()).isEqualTo(OTHER_ID);
    }

    @Test
    void listWithoutQueryFiltersNothing() throws Exception {
        server.enqueue(json(200, "{\"tasks\":[],\"count\":0}"));
        assertThat(client().listTasks(null).tasks()).isEmpty();
        assertThat(take().getUrl().querySize()).isZero();
    }

    @Test
    void deleteWithCascadeReadsTheDeletedIds() throws Exception {
        server.enqueue(json(200, example("deleteTask_200_response")));
        DeletedQuantTasks d = client().deleteTask(TASK_ID, true);
        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("DELETE");
        assertThat(r.getUrl().queryParameter("cascade")).isEqualTo("true");
        assertThat(d.deleted()).isTrue();
        assertThat(d.deletedCount()).isEqualTo(1);
        assertThat(d.deletedTaskIds()).hasSize(2);
    }

    @Test
    void aRefusedDeleteNamesTheDependentTasks() throws Exception {
        server.enqueue(json(409, example("deleteTask_409_response")));
        QuantApiException e = org.assertj.core.api.Assertions.catchThrowableOfType(QuantApiException.class,
                () -> client().deleteTask(TASK_ID, false));
        take();
        assertThat(e.status()).isEqualTo(409);
        assertThat(e.errorCode()).isEqualTo("TASK_HAS_DEPENDENTS");
        assertThat(e.dependentTaskIds()).hasSize(2);
        assertThat(e.getMessage()).contains("409 Conflict", "DELETE " + TASKS + "/" + TASK_ID,
                "Cannot delete task with 3 dependent task(s)");
    }

    @Test
    void theDependencyGraphReadsNodesAndSkipsEntriesThatAreNotObjects() throws Exception {
        server.enqueue(json(200, """
                {"taskListId":"world-1","taskCount":2,"roots":["%1$s"],"leaves":["%2$s"],
                 "graph":{"%1$s":{"title":"staging","status":"completed","dependsOn":[],"dependents":["%2$s"]},
                          "%2$s":{"title":"marts","status":"pending","dependsOn":["%1$s"],"dependents":[]},
                          "odd":"not a node"}}""".formatted(TASK_ID, OTHER_ID)));
        DependencyGraph g = client().dependencyGraph("world-1");
        assertThat(take().getUrl().encodedPath()).isEqualTo(TASKS + "/world-1/dependency-graph");
        assertThat(g.taskCount()).isEqualTo(2);
        assertThat(g.roots()).containsExactly(TASK_ID);
        assertThat(g.graph()).containsOnlyKeys(TASK_ID, OTHER_ID);
        assertThat(g.graph().get(OTHER_ID).dependsOn()).containsExactly(TASK_ID);
        assertThat(g.graph().get(OTHER_ID).status()).isEqualTo(QuantStatus.PENDING);
    }

    @Test
    void theDocumentsGraphExampleWithAStringGraphStillReads() throws Exception {
        server.enqueue(json(200, example("getDependencyGraph_200_response")));
        DependencyGraph g = client().dependencyGraph("world-1");
        take();
        assertThat(g.taskCount()).isEqualTo(4);
        assertThat(g.leaves()).hasSize(2);
        assertThat(g.graph()).isEmpty();
    }

    @Test
    void aTaskListIdWithSpecialCharactersIsOneEncodedPathSegment() throws Exception {
        server.enqueue(json(200, "{\"taskListId\":\"folder/job#7\",\"taskCount\":0}"));
        client().dependencyGraph("folder/job#7");
        assertThat(take().getUrl().encodedPath()).isEqualTo(TASKS + "/folder%2Fjob%237/dependency-graph");
    }

    @Test
    void unknownStatusesAndFieldsDoNotBreakReading() throws Exception {
        server.enqueue(json(200, "{\"taskId\":\"" + TASK_ID + "\",\"status\":\"archived\",\"brandNew\":{\"x\":1}}"));
        assertThat(client().getTask(TASK_ID).status()).isEqualTo(QuantStatus.UNKNOWN);
        take();
    }

    @Test
    void theClientNamesItsServerAndOrganisationButNotItsToken() {
        QuantClient c = client();
        assertThat(c.toString()).contains(ORG).doesNotContain(TOKEN);
        assertThat(c.organisation()).isEqualTo(ORG);
        assertThat(c.baseUrl()).doesNotEndWith("/");
    }
}
