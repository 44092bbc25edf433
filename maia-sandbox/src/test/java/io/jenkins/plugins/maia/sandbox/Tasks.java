package io.jenkins.plugins.maia.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Request bodies and waits shared by the tests. */
final class Tasks {

    static final String PATH = "/v1/ai/agents/tasks";
    static final String PROJECT = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";

    private Tasks() {}

    static ObjectNode createBody(String message) {
        ObjectNode body = Http.JSON.createObjectNode();
        body.put("message", message);
        ObjectNode config = body.putObject("agentConfig");
        config.put("name", "data_engineer_agent");
        config.put("mode", "ACT");
        config.put("projectId", PROJECT);
        config.put("sourceBranchName", "main");
        config.put("environmentName", "development");
        config.put("targetBranchName", "feature/sales");
        return body;
    }

    static String create(Http http, String message) throws IOException {
        Http.Reply reply = http.post(PATH, createBody(message));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json().get("taskId").asText();
    }

    static JsonNode get(Http http, String taskId) {
        try {
            Http.Reply reply = http.get(PATH + "/" + taskId);
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            return reply.json();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the task is STOPPED with {@code pending} pending decisions (0 = finished). */
    static JsonNode awaitStopped(Http http, String taskId, int pending) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                .until(() -> get(http, taskId), task -> task.get("status").asText().equals("STOPPED")
                        && task.get("pendingDecisions").size() == pending);
    }

    static JsonNode awaitStatus(Http http, String taskId, String status) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                .until(() -> get(http, taskId), task -> task.get("status").asText().equals(status));
    }

    /** Every event of the task, following {@code more}. */
    static List<JsonNode> allEvents(Http http, String taskId, int limit) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        String token = null;
        do {
            String path = PATH + "/" + taskId + "/messages?limit=" + limit
                    + (token == null ? "" : "&paginationToken=" + Http.encode(token));
            Http.Reply reply = http.get(path);
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            reply.json().get("results").forEach(events::add);
            token = reply.json().has("more") ? reply.json().get("more").asText() : null;
        } while (token != null);
        return events;
    }

    /** The contents of the agent's text events. */
    static List<String> agentTexts(List<JsonNode> events) {
        List<String> texts = new ArrayList<>();
        for (JsonNode event : events) {
            JsonNode data = event.get("data");
            if (data.path("type").asText().equals("text") && data.path("role").asText().equals("assistant")) {
                texts.add(data.get("content").asText());
            }
        }
        return texts;
    }
}
