package io.jenkins.plugins.maia.quant.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The loaded validator really checks: it refuses what the document refuses, so the contract tests can fail. */
class QuantContractSelfTest {
    private static final String TASKS = "/api/v3/organizations/acme/ai/tasks";
    private static final String TASK = TASKS + "/550e8400-e29b-41d4-a716-446655440000";

    @Test
    void aWellFormedCreateWithMetadataPasses() {
        assertThat(QuantContract.errors(QuantContract.request("POST", TASKS, """
                {"title":"Fix the orders pipeline","taskListId":"maia-1","status":"in_progress",
                 "dependsOn":["550e8400-e29b-41d4-a716-446655440000"],
                 "metadata":{"maiaTaskId":"abc","projectId":"p","nested":{"a":[1,2]}}}"""))).isEmpty();
    }

    @Test
    void aCreateWithoutTitleFails() {
        assertThat(QuantContract.errors(QuantContract.request("POST", TASKS, "{\"description\":\"x\"}")))
                .anyMatch(e -> e.contains("title"));
    }

    @Test
    void anUnknownStatusFails() {
        assertThat(QuantContract.errors(QuantContract.request("POST", TASKS, "{\"title\":\"t\",\"status\":\"done\"}")))
                .isNotEmpty();
    }

    @Test
    void aDependencyThatIsNotAUuidFails() {
        assertThat(QuantContract.errors(QuantContract.request("POST", TASKS, "{\"title\":\"t\",\"dependsOn\":[\"a\"]}")))
                .isNotEmpty();
    }

    @Test
    void aMisspeltFieldFails() {
        assertThat(QuantContract.errors(QuantContract.request("PUT", TASK, "{\"stauts\":\"completed\"}")))
                .isNotEmpty();
    }

    @Test
    void anExplicitNullPassesOnlyWhereTheDocumentSaysNullable() {
        assertThat(QuantContract.errors(QuantContract.request("PUT", TASK,
                "{\"status\":\"completed\",\"blockedReason\":null,\"blockedByTaskIds\":null}"))).isEmpty();
        assertThat(QuantContract.errors(QuantContract.request("PUT", TASK, "{\"title\":null}"))).isNotEmpty();
        assertThat(QuantContract.errors(QuantContract.request("PUT", TASK, "{\"progressMessage\":null}"))).isNotEmpty();
    }

    @Test
    void aProgressAboveOneFails() {
        assertThat(QuantContract.errors(QuantContract.request("PUT", TASK, "{\"progress\":1.5}"))).isNotEmpty();
    }

    @Test
    void aTaskIdThatIsNotAUuidFailsInThePath() {
        assertThat(QuantContract.errors(QuantContract.request("GET", TASKS + "/not-a-uuid", null))).isNotEmpty();
    }

    @Test
    void aListLimitAboveTheMaximumFails() {
        var request = new com.atlassian.oai.validator.model.SimpleRequest.Builder("GET", TASKS)
                .withQueryParam("limit", "101").build();
        assertThat(QuantContract.errors(request)).isNotEmpty();
    }

    @Test
    void anUnknownPathFails() {
        assertThat(QuantContract.errors(QuantContract.request("GET", "/api/v3/organizations/acme/ai/boards", null)))
                .isNotEmpty();
    }
}
