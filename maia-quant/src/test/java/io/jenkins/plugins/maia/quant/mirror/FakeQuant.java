package io.jenkins.plugins.maia.quant.mirror;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.maia.quant.contract.QuantContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;

/**
 * Quant's task endpoints in memory, for the mirror's tests: create, get, update (fields merged, metadata replaced)
 * and list of one organisation. It records every request with the test clock's time, checks each against the
 * vendor's document (violations are collected for the test to assert on), and answers with scripted failures first
 * when the test queued some.
 */
final class FakeQuant extends Dispatcher {
    static final ObjectMapper JSON = new ObjectMapper();

    /** One request as it arrived. */
    record Call(Instant at, String method, String path, JsonNode body) {
        boolean isCreate() {
            return method.equals("POST");
        }

        boolean isUpdate() {
            return method.equals("PUT");
        }
    }

    private final InstantSource clock;
    private final List<Call> calls = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final Deque<Supplier<MockResponse>> failures = new ArrayDeque<>();
    private final Map<String, ObjectNode> tasks = new LinkedHashMap<>();
    private boolean createThenDropNext;

    FakeQuant(InstantSource clock) {
        this.clock = clock;
    }

    /** The next requests are answered with these, in order, instead of being handled. */
    synchronized FakeQuant failNext(MockResponse... responses) {
        for (MockResponse r : responses) {
            failures.add(() -> r);
        }
        return this;
    }

    synchronized FakeQuant failNext(int times, int status) {
        for (int i = 0; i < times; i++) {
            failures.add(() -> new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json")
                    .body("{\"error\":\"E" + status + "\",\"message\":\"failed with " + status + "\"}").build());
        }
        return this;
    }

    /** The next create creates its task, then the connection drops before the answer: a lost create. */
    synchronized void createThenDropNext() {
        createThenDropNext = true;
    }

    /** A task that exists before the test (e.g. an earlier run's). */
    synchronized String seed(String title, String taskListId, Map<String, Object> metadata) {
        ObjectNode t = JSON.createObjectNode();
        String id = UUID.randomUUID().toString();
        t.put("taskId", id).put("orgId", "acme").put("title", title).put("taskListId", taskListId)
                .put("status", "blocked").put("createdAt", clock.instant().toEpochMilli());
        t.set("metadata", JSON.valueToTree(metadata));
        tasks.put(id, t);
        return id;
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    synchronized List<Call> writes() {
        return calls.stream().filter(c -> c.isCreate() || c.isUpdate()).toList();
    }

    synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    synchronized Map<String, ObjectNode> tasks() {
        return Map.copyOf(tasks);
    }

    /** The one task with this title (fails when there are several or none). */
    synchronized ObjectNode task(String title) {
        List<ObjectNode> found = tasks.values().stream().filter(t -> t.path("title").asText().equals(title)).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one task titled '" + title + "', found " + found.size());
        }
        return found.get(0);
    }

    @Override
    public synchronized MockResponse dispatch(RecordedRequest request) {
        JsonNode body = null;
        if (request.getBody() != null && request.getBody().size() > 0) {
            try {
                body = JSON.readTree(request.getBody().utf8());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String path = request.getUrl().encodedPath();
        calls.add(new Call(clock.instant(), request.getMethod(), path, body));
        QuantContract.errors(request).forEach(e -> violations.add(request.getMethod() + " " + path + ": " + e));
        if (!failures.isEmpty()) {
            return failures.poll().get();
        }
        String prefix = "/api/v3/organizations/acme/ai/tasks";
        String rest = path.substring(prefix.length());
        return switch (request.getMethod()) {
            case "POST" -> create(body);
            case "PUT" -> update(rest.substring(1), body);
            case "GET" -> rest.isEmpty() ? list(request.getUrl().queryParameter("taskListId")) : get(rest.substring(1));
            default -> json(405, JSON.createObjectNode().put("message", "no"));
        };
    }

    private MockResponse create(JsonNode body) {
        ObjectNode t = ((ObjectNode) body).deepCopy();
        String id = UUID.randomUUID().toString();
        t.put("taskId", id).put("orgId", "acme").put("createdAt", clock.instant().toEpochMilli());
        if (!t.has("status")) {
            t.put("status", "pending");
        }
        tasks.put(id, t);
        if (createThenDropNext) {
            createThenDropNext = false;
            return new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build();
        }
        return json(201, JSON.createObjectNode().put("taskId", id).put("orgId", "acme").put("title", t.path("title").asText())
                .put("status", t.path("status").asText()).put("createdAt", t.path("createdAt").asLong()));
    }

    private MockResponse update(String id, JsonNode body) {
        ObjectNode t = tasks.get(id);
        if (t == null) {
            return json(404, JSON.createObjectNode().put("error", "TASK_NOT_FOUND").put("message", "Task not found"));
        }
        body.properties().forEach(e -> t.set(e.getKey(), e.getValue()));
        return json(200, JSON.createObjectNode().put("taskId", id).put("status", t.path("status").asText())
                .put("updatedAt", clock.instant().toEpochMilli()));
    }

    private MockResponse get(String id) {
        ObjectNode t = tasks.get(id);
        return t == null ? json(404, JSON.createObjectNode().put("message", "Task not found")) : json(200, t);
    }

    private MockResponse list(String taskListId) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("tasks");
        List<ObjectNode> all = new ArrayList<>(tasks.values());
        java.util.Collections.reverse(all);
        for (ObjectNode t : all) {
            if (taskListId == null || taskListId.equals(t.path("taskListId").asText())) {
                ObjectNode s = JSON.createObjectNode();
                for (String f : List.of("taskId", "orgId", "taskListId", "title", "description", "status", "createdAt")) {
                    if (t.has(f)) {
                        s.set(f, t.get(f));
                    }
                }
                list.add(s);
            }
        }
        out.put("count", list.size());
        return json(200, out);
    }

    private static MockResponse json(int code, JsonNode body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json")
                .body(body.toString()).build();
    }
}
