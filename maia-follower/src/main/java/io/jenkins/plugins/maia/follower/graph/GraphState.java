package io.jenkins.plugins.maia.follower.graph;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.maia.follower.follow.FollowState;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A graph run's progress by task id, to save after each change ({@link GraphListener#onStateChanged}) and to hand to
 * a later run, which then continues: FINISHED tasks are not run again, created tasks are followed again, and a task
 * whose create was asked for is looked for before one is created. Holds no secret: the follow states are masked by
 * the follows' redactor and messages are kept only as a hash.
 */
public record GraphState(Map<String, TaskProgress> tasks) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public GraphState {
        tasks = Collections.unmodifiableMap(new LinkedHashMap<>(tasks));
    }

    public static GraphState empty() {
        return new GraphState(Map.of());
    }

    /** The progress of {@code id}, or null. */
    public TaskProgress task(String id) {
        return tasks.get(id);
    }

    GraphState with(String id, TaskProgress progress) {
        Map<String, TaskProgress> copy = new LinkedHashMap<>(tasks);
        copy.put(id, progress);
        return new GraphState(copy);
    }

    /**
     * The tasks of {@code graph} this saved state holds for another request (another project or message), each as a
     * path and a fix; empty when the state fits. Continuing such a state could follow the wrong task.
     */
    public List<String> mismatches(TaskGraph graph) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < graph.tasks().size(); i++) {
            GraphTask t = graph.tasks().get(i);
            TaskProgress saved = tasks.get(t.id());
            if (saved != null && !saved.requestDigest().equals(TaskProgress.digest(t.request()))) {
                problems.add("tasks[" + i + "]: the saved state holds task '" + t.id() + "' with another project or "
                        + "message" + (saved.taskId() == null ? "" : " (Maia task " + saved.taskId() + ")")
                        + ": run the batch it was saved for, or start afresh with another state file");
            }
        }
        return problems;
    }

    /** A JSON text (format version 1) for {@link #decode(String)}. */
    public String encode() {
        ObjectNode root = JSON.createObjectNode();
        root.put("v", 1);
        ObjectNode all = root.putObject("tasks");
        tasks.forEach((id, p) -> {
            ObjectNode o = all.putObject(id);
            o.put("request", p.requestDigest());
            put(o, "requestedAt", p.requestedAt());
            put(o, "taskId", p.taskId());
            put(o, "outcome", p.outcome());
            put(o, "targetBranchName", p.targetBranchName());
            if (p.followState() != null) {
                try {
                    o.set("follow", JSON.readTree(p.followState().encode()));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("a follow state encodes as JSON", e);
                }
            }
        });
        return root.toPrettyString();
    }

    /** Reads what {@link #encode()} wrote; a clear {@link IllegalArgumentException} for anything else. */
    public static GraphState decode(String text) {
        try {
            JsonNode root = JSON.readTree(text);
            if (root == null || !root.isObject() || root.path("v").asInt() != 1 || !root.path("tasks").isObject()) {
                throw new IllegalArgumentException("not a version 1 task graph state");
            }
            Map<String, TaskProgress> tasks = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.get("tasks").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode o = e.getValue();
                String digest = text(o, "request");
                if (digest == null) {
                    throw new IllegalArgumentException("task '" + e.getKey() + "' has no request digest");
                }
                String requestedAt = text(o, "requestedAt");
                JsonNode follow = o.get("follow");
                tasks.put(e.getKey(), new TaskProgress(digest, requestedAt == null ? null : Instant.parse(requestedAt),
                        text(o, "taskId"),
                        follow == null || !follow.isObject() ? null : FollowState.decode(follow.toString()),
                        text(o, "outcome"), text(o, "targetBranchName")));
            }
            return new GraphState(tasks);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("damaged task graph state: " + e.getOriginalMessage(), e);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("damaged task graph state: " + e.getMessage(), e);
        }
    }

    private static void put(ObjectNode o, String name, Object value) {
        if (value != null) {
            o.put(name, value.toString());
        }
    }

    private static String text(JsonNode o, String name) {
        JsonNode v = o.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }
}
