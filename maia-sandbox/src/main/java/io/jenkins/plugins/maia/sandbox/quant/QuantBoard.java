package io.jenkins.plugins.maia.sandbox.quant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Quant's AI task lists in memory, per organisation: what each request does to the tasks, after the request passed
 * the vendor document's schema. Task lists are implicit (any {@code taskListId} makes one). The status transitions
 * stamp times as the vendor describes: {@code startedAt} on pending to in_progress, {@code completedAt} on completed,
 * failed or cancelled (completed tasks get {@code expiresAt} 30 days later), {@code blockedAt} on blocked, and leaving
 * blocked for in_progress or pending clears the blocked fields. An update changes only the fields it names; one
 * named with {@code null} (the schema allows that only for the nullable ones, such as {@code blockedReason}) is
 * cleared, which is how a task that ends after being blocked sheds its reason. Beyond the schema, the board checks
 * what only it can: dependencies must be tasks of the organisation and must not make a cycle. Thread-safe.
 */
public final class QuantBoard {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Enough for any test or demo, bounded against a runaway client. */
    static final int MAX_TASKS_PER_ORGANISATION = 100_000;
    static final int DEFAULT_LIMIT = 50;
    private static final Duration COMPLETED_TTL = Duration.ofDays(30);
    private static final List<String> SUMMARY_FIELDS = List.of("taskId", "orgId", "taskListId", "title", "description",
            "status", "assignedAgentId", "progress", "blockedReason", "blockedByTaskIds", "createdAt", "updatedAt");
    private static final Set<String> ENDED = Set.of("completed", "failed", "cancelled");

    private final Clock clock;
    private final Map<String, Map<String, ObjectNode>> organisations = new LinkedHashMap<>();
    private long lastMillis;

    public QuantBoard(Clock clock) {
        this.clock = clock;
    }

    synchronized ObjectNode create(String org, ObjectNode body) {
        Map<String, ObjectNode> tasks = organisations.computeIfAbsent(org, k -> new LinkedHashMap<>());
        if (tasks.size() >= MAX_TASKS_PER_ORGANISATION) {
            throw QuantBoardException.badRequest(List.of("the sandbox holds at most " + MAX_TASKS_PER_ORGANISATION
                    + " tasks per organisation; delete some"));
        }
        List<String> violations = new ArrayList<>();
        checkIds(tasks, "dependsOn", body.get("dependsOn"), null, violations);
        checkIds(tasks, "blockedByTaskIds", body.get("blockedByTaskIds"), null, violations);
        if (!violations.isEmpty()) {
            throw QuantBoardException.badRequest(violations);
        }
        long now = now();
        ObjectNode t = JSON.createObjectNode();
        String id = UUID.randomUUID().toString();
        t.put("taskId", id).put("orgId", org);
        t.set("taskListId", body.has("taskListId") ? body.get("taskListId") : JSON.nullNode());
        t.put("title", body.path("title").asText());
        if (body.has("description")) {
            t.set("description", body.get("description")); // not nullable in the document: absent when not given
        }
        t.put("status", "pending");
        t.set("assignedAgentId", body.has("assignedAgentId") ? body.get("assignedAgentId") : JSON.nullNode());
        t.set("createdByAgentId", body.has("createdByAgentId") ? body.get("createdByAgentId") : JSON.nullNode());
        t.set("dependsOn", body.has("dependsOn") ? body.get("dependsOn").deepCopy() : JSON.createArrayNode());
        t.set("metadata", body.has("metadata") ? body.get("metadata").deepCopy() : JSON.createObjectNode());
        t.put("progress", 0.0);
        t.putNull("result");
        t.putNull("error");
        t.put("retryCount", 0);
        t.put("maxRetries", body.has("maxRetries") ? body.get("maxRetries").asInt() : 3);
        t.put("createdAt", now).put("updatedAt", now);
        for (String f : List.of("startedAt", "completedAt", "expiresAt", "blockedReason", "blockedByTaskIds", "blockedAt")) {
            t.putNull(f);
        }
        String status = body.path("status").asText("pending");
        if (status.equals("blocked")) {
            t.set("blockedReason", body.has("blockedReason") ? body.get("blockedReason") : JSON.nullNode());
            t.set("blockedByTaskIds", body.has("blockedByTaskIds") ? body.get("blockedByTaskIds").deepCopy() : JSON.nullNode());
        }
        transition(t, status, now);
        tasks.put(id, t);
        ObjectNode created = JSON.createObjectNode().put("taskId", id).put("orgId", org).put("title", t.path("title").asText())
                .put("status", t.path("status").asText()).put("createdAt", now);
        return created;
    }

    synchronized ObjectNode get(String org, String taskId) {
        return task(org, taskId).deepCopy();
    }

    synchronized ObjectNode update(String org, String taskId, ObjectNode body) {
        Map<String, ObjectNode> tasks = organisations.getOrDefault(org, Map.of());
        ObjectNode t = task(org, taskId);
        List<String> violations = new ArrayList<>();
        checkIds(tasks, "dependsOn", body.get("dependsOn"), taskId, violations);
        checkIds(tasks, "blockedByTaskIds", body.get("blockedByTaskIds"), null, violations);
        if (violations.isEmpty() && body.has("dependsOn")) {
            String cycle = cycleThrough(tasks, taskId, body.get("dependsOn"));
            if (cycle != null) {
                violations.add("dependsOn: would make a cycle: " + cycle);
            }
        }
        if (!violations.isEmpty()) {
            throw QuantBoardException.badRequest(violations);
        }
        long now = now();
        for (Map.Entry<String, JsonNode> e : body.properties()) {
            if (!e.getKey().equals("status")) {
                t.set(e.getKey(), e.getValue().deepCopy());
            }
        }
        if (body.has("status")) {
            transition(t, body.get("status").asText(), now);
        }
        t.put("updatedAt", now);
        return JSON.createObjectNode().put("taskId", taskId).put("status", t.path("status").asText()).put("updatedAt", now);
    }

    /** The organisation's tasks, newest first, filtered; with {@code dependsOn}, the tasks waiting for that task. */
    synchronized ObjectNode list(String org, String taskListId, String status, String assignedAgentId, Integer limit,
            String dependsOn, boolean includeDetails) {
        List<ObjectNode> all = new ArrayList<>(organisations.getOrDefault(org, Map.of()).values());
        java.util.Collections.reverse(all);
        List<ObjectNode> matching = new ArrayList<>();
        for (ObjectNode t : all) {
            if ((taskListId == null || taskListId.equals(t.path("taskListId").asText(null)))
                    && (status == null || status.equals(t.path("status").asText()))
                    && (assignedAgentId == null || assignedAgentId.equals(t.path("assignedAgentId").asText(null)))
                    && (dependsOn == null || contains(t.get("dependsOn"), dependsOn))) {
                matching.add(t);
            }
        }
        List<ObjectNode> page = matching.subList(0, Math.min(matching.size(), limit == null ? DEFAULT_LIMIT : limit));
        ObjectNode out = JSON.createObjectNode();
        if (dependsOn != null) {
            ArrayNode ids = out.putArray("taskIds");
            page.forEach(t -> ids.add(t.path("taskId").asText()));
            out.put("dependsOn", dependsOn);
        }
        if (dependsOn == null || includeDetails) {
            ArrayNode tasks = out.putArray("tasks");
            page.forEach(t -> tasks.add(summary(t)));
        }
        out.put("count", page.size());
        return out;
    }

    /** Deletes a task; with {@code cascade} every task that depends on it, recursively; else 409 if any does. */
    synchronized ObjectNode delete(String org, String taskId, boolean cascade) {
        Map<String, ObjectNode> tasks = organisations.getOrDefault(org, Map.of());
        task(org, taskId);
        List<String> dependents = dependents(tasks, taskId);
        if (!dependents.isEmpty() && !cascade) {
            ObjectNode body = JSON.createObjectNode().put("error", "TASK_HAS_DEPENDENTS").put("message", "Cannot delete"
                    + " task with " + dependents.size() + " dependent task(s). Use cascade=true to delete all.");
            ArrayNode ids = body.putArray("dependentTaskIds");
            dependents.forEach(ids::add);
            throw new QuantBoardException(409, body.path("message").asText(), List.of(), body);
        }
        Set<String> doomed = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(taskId));
        while (!todo.isEmpty()) {
            String id = todo.poll();
            if (doomed.add(id)) {
                todo.addAll(dependents(tasks, id));
            }
        }
        doomed.forEach(tasks::remove);
        ObjectNode out = JSON.createObjectNode().put("deleted", true).put("deletedCount", doomed.size());
        ArrayNode ids = out.putArray("deletedTaskIds");
        doomed.forEach(ids::add);
        return out;
    }

    /** The list's roots, leaves, and each task's summary with both directions of its edges. */
    synchronized ObjectNode graph(String org, String taskListId) {
        Map<String, ObjectNode> inList = new LinkedHashMap<>();
        organisations.getOrDefault(org, Map.of()).forEach((id, t) -> {
            if (taskListId.equals(t.path("taskListId").asText(null))) {
                inList.put(id, t);
            }
        });
        ObjectNode out = JSON.createObjectNode().put("taskListId", taskListId).put("taskCount", inList.size());
        ArrayNode roots = out.putArray("roots");
        ArrayNode leaves = out.putArray("leaves");
        ObjectNode graph = out.putObject("graph");
        for (Map.Entry<String, ObjectNode> e : inList.entrySet()) {
            ObjectNode t = e.getValue();
            List<String> dependents = dependents(inList, e.getKey());
            if (t.path("dependsOn").isEmpty()) {
                roots.add(e.getKey());
            }
            if (dependents.isEmpty()) {
                leaves.add(e.getKey());
            }
            ObjectNode node = graph.putObject(e.getKey());
            node.set("title", t.get("title"));
            node.set("status", t.get("status"));
            node.set("blockedReason", t.get("blockedReason"));
            node.set("dependsOn", t.get("dependsOn").deepCopy());
            ArrayNode ds = node.putArray("dependents");
            dependents.forEach(ds::add);
        }
        return out;
    }

    /** How many tasks the organisation has (for tests). */
    public synchronized int size(String org) {
        return organisations.getOrDefault(org, Map.of()).size();
    }

    private ObjectNode task(String org, String taskId) {
        ObjectNode t = organisations.getOrDefault(org, Map.of()).get(taskId);
        if (t == null) {
            throw QuantBoardException.notFound(taskId);
        }
        return t;
    }

    /** Applies a status and the timestamps the vendor describes for the transition. */
    private static void transition(ObjectNode t, String status, long now) {
        String was = t.path("status").asText();
        t.put("status", status);
        if (status.equals("in_progress") && (was.equals("pending") || t.path("startedAt").isNull())) {
            t.put("startedAt", now);
        }
        if (ENDED.contains(status) && !status.equals(was)) {
            t.put("completedAt", now);
            if (status.equals("completed")) {
                t.put("expiresAt", now + COMPLETED_TTL.toMillis());
            }
        }
        if (status.equals("blocked") && !was.equals("blocked")) {
            t.put("blockedAt", now);
        }
        if (was.equals("blocked") && (status.equals("in_progress") || status.equals("pending"))) {
            t.putNull("blockedReason");
            t.putNull("blockedByTaskIds");
            t.putNull("blockedAt");
        }
    }

    private static void checkIds(Map<String, ObjectNode> tasks, String field, JsonNode ids, String self,
            List<String> violations) {
        if (ids == null || !ids.isArray()) {
            return;
        }
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i).asText();
            if (id.equals(self)) {
                violations.add(field + "[" + i + "]: a task cannot depend on itself");
            } else if (!tasks.containsKey(id)) {
                violations.add(field + "[" + i + "]: no task " + id + " in this organisation");
            }
        }
    }

    /** A path back to {@code taskId} through the new dependencies, e.g. "a -> b -> a", or null. */
    private static String cycleThrough(Map<String, ObjectNode> tasks, String taskId, JsonNode newDependsOn) {
        for (JsonNode first : newDependsOn) {
            List<String> path = pathTo(tasks, first.asText(), taskId, new LinkedHashSet<>());
            if (path != null) {
                return taskId + " -> " + String.join(" -> ", path);
            }
        }
        return null;
    }

    private static List<String> pathTo(Map<String, ObjectNode> tasks, String from, String target, Set<String> seen) {
        if (from.equals(target)) {
            return new ArrayList<>(List.of(target));
        }
        if (!seen.add(from) || !tasks.containsKey(from)) {
            return null;
        }
        for (JsonNode next : tasks.get(from).path("dependsOn")) {
            List<String> rest = pathTo(tasks, next.asText(), target, seen);
            if (rest != null) {
                rest.add(0, from);
                return rest;
            }
        }
        return null;
    }

    private static List<String> dependents(Map<String, ObjectNode> tasks, String taskId) {
        List<String> out = new ArrayList<>();
        tasks.forEach((id, t) -> {
            if (contains(t.get("dependsOn"), taskId)) {
                out.add(id);
            }
        });
        return out;
    }

    private static boolean contains(JsonNode array, String id) {
        if (array != null) {
            for (JsonNode n : array) {
                if (n.asText().equals(id)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static ObjectNode summary(ObjectNode t) {
        ObjectNode s = JSON.createObjectNode();
        for (String f : SUMMARY_FIELDS) {
            if (t.has(f)) {
                s.set(f, t.get(f).deepCopy());
            }
        }
        return s;
    }

    /** Milliseconds that never go back, so that updatedAt always moves on. */
    private long now() {
        lastMillis = Math.max(lastMillis + 1, clock.millis());
        return lastMillis;
    }
}
