package io.jenkins.plugins.maia.sandbox;

import static io.jenkins.plugins.maia.sandbox.Tasks.PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The request listener (a request log for {@code maia sandbox --verbose}), the loopback URL a client that takes http
 * only on loopback can use, and the happy path naming its branch (issue 12, item 15).
 */
class RequestListenerTest {

    @Test
    void everyRequestIsToldWithMethodPathStatusAndTimeAndDroppedOnesAsZero() throws Exception {
        List<String> told = new CopyOnWriteArrayList<>();
        Faults dropAll = Faults.builder().dropConnection(1.0).build();
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().pacing(Duration.ofMillis(5))
                .requestListener((method, path, status, took) -> told.add(method + " " + path + " " + status
                        + (took.isNegative() ? " negative" : ""))).build())) {
            Http http = Http.to(sandbox);
            assertThat(http.get(PATH + "?page=0").status()).isEqualTo(200);
            assertThat(http.get(PATH + "/not-a-uuid").status()).isEqualTo(400);
            await().atMost(Duration.ofSeconds(10)).until(() -> told.size() == 2);
            // The query is not part of what is told: it is a path, never a header or a body.
            assertThat(told).containsExactly("GET /dpc/v1/ai/agents/tasks 200", "GET /dpc/v1/ai/agents/tasks/not-a-uuid 400");
        }
        told.clear();
        try (SandboxServer dropping = SandboxServer.start(SandboxOptions.builder().faults(dropAll)
                .requestListener((method, path, status, took) -> told.add(method + " " + path + " " + status)).build())) {
            try {
                Http.to(dropping).get(PATH);
            } catch (java.io.IOException expected) {
                // the connection was dropped
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> !told.isEmpty());
            assertThat(told.get(0)).isEqualTo("GET /dpc/v1/ai/agents/tasks 0");
        }
    }

    @Test
    void theLoopbackBaseUrlIsTheBaseUrlOnLoopbackAnd127001WhenBoundToEveryAddress() throws Exception {
        try (SandboxServer loopback = SandboxServer.start(SandboxOptions.defaults())) {
            assertThat(loopback.loopbackOnly()).isTrue();
            assertThat(loopback.loopbackBaseUrl()).contains(loopback.baseUrl());
        }
        try (SandboxServer everywhere = SandboxServer.start(SandboxOptions.builder().host("0.0.0.0").build())) {
            assertThat(everywhere.loopbackOnly()).isFalse();
            assertThat(everywhere.loopbackBaseUrl()).contains("http://127.0.0.1:" + everywhere.port() + "/dpc");
            assertThat(new Http(everywhere.loopbackBaseUrl().orElseThrow(), SandboxOptions.DEFAULT_TOKEN).get(PATH).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void theHappyPathGeneratesAndNamesItsBranch() throws Exception {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().pacing(Duration.ofMillis(5)).build())) {
            Http http = Http.to(sandbox);
            var body = Tasks.createBody("Build the orders pipeline");
            ((com.fasterxml.jackson.databind.node.ObjectNode) body.get("agentConfig")).remove("targetBranchName");
            ((com.fasterxml.jackson.databind.node.ObjectNode) body.get("agentConfig")).put("generateBranch", true);
            Http.Reply created = http.post(PATH, body);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String taskId = created.json().get("taskId").asText();
            Tasks.awaitStopped(http, taskId, 0);
            String branch = Tasks.get(http, taskId).get("agentConfig").get("targetBranchName").asText();
            assertThat(branch).isEqualTo("maia/build-the-orders-pipeline-" + taskId.substring(0, 8));
            assertThat(Tasks.agentTexts(Tasks.allEvents(http, taskId, 100))).contains("Created branch " + branch
                    + " for this work.").last().asString().isEqualTo("Done. The changes are pushed to branch " + branch + ".");
        }
    }
}
