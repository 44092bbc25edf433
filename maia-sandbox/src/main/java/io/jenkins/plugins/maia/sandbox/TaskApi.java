package io.jenkins.plugins.maia.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.maia.sandbox.agent.EventPage;
import io.jenkins.plugins.maia.sandbox.agent.InvalidTaskRequestException;
import io.jenkins.plugins.maia.sandbox.agent.TaskConflictException;
import io.jenkins.plugins.maia.sandbox.agent.TaskEngine;
import io.jenkins.plugins.maia.sandbox.agent.TaskEvent;
import io.jenkins.plugins.maia.sandbox.agent.TaskNotFoundException;
import io.jenkins.plugins.maia.sandbox.agent.TaskView;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The nine task endpoints, on requests that passed authentication, rate limiting and contract validation. */
final class TaskApi {

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    static final int DEFAULT_LIMIT = 25;
    static final int MAX_LIMIT = 1000;

    private final TaskEngine engine;
    private final SandboxStats stats;
    private final String basePath;

    TaskApi(TaskEngine engine, SandboxStats stats, String basePath) {
        this.engine = engine;
        this.stats = stats;
        this.basePath = basePath;
    }

    static boolean isUuid(String text) {
        return text != null && UUID_TEXT.matcher(text).matches();
    }

    ApiResponse handle(ApiRequest request, Route route) {
        try {
            return switch (route.endpoint()) {
                case CREATE_TASK -> create(request);
                case LIST_TASKS -> list(request);
                case GET_TASK -> ApiResponse.json(200, TaskJson.detail(engine.get(route.taskId())));
                case DELETE_TASK -> delete(route.taskId());
                case GET_MESSAGES -> messages(request, route.taskId());
                case SEND_MESSAGE -> send(request, route.taskId());
                case SUBMIT_DECISIONS -> decide(request, route.taskId());
                case STOP_TASK -> {
                    engine.stop(route.taskId());
                    yield ApiResponse.noContent();
                }
                case SET_PERMISSIONS -> permissions(request, route.taskId());
                default -> throw new IllegalStateException("not a task endpoint: " + route.endpoint());
            };
        } catch (TaskNotFoundException e) {
            return Problem.of(404, "Task not found: " + route.taskId(), request.path()).response();
        } catch (TaskConflictException e) {
            return Problem.of(409, e.getMessage(), request.path()).response();
        } catch (InvalidTaskRequestException e) {
            return Problem.badRequest(e.violations(), request.path()).response();
        }
    }

    private ApiResponse create(ApiRequest request) {
        ObjectNode body = (ObjectNode) readBody(request);
        TaskView task = engine.create(body.get("message").asText(), (ObjectNode) body.get("agentConfig"),
                tools(body.get("grantedPermissions")));
        stats.taskCreated(task.taskId());
        return ApiResponse.json(201, TaskJson.created(task))
                .withHeader("Location", basePath + Route.TASKS + "/" + task.taskId());
    }

    private ApiResponse list(ApiRequest request) {
        List<String> violations = new ArrayList<>();
        String projectId = request.query("projectId");
        String branchId = request.query("branchId");
        String status = request.query("status");
        Instant after = instant(request, "createdAfter", violations);
        Instant before = instant(request, "createdBefore", violations);
        int page = integer(request, "page", 0, violations);
        int size = integer(request, "size", 20, violations);
        if (!violations.isEmpty()) {
            throw new InvalidTaskRequestException(violations);
        }
        List<TaskView> matching = new ArrayList<>();
        for (TaskView task : engine.list()) {
            if ((projectId == null || projectId.equals(task.projectId()))
                    && (branchId == null || branchId.equals(task.branchId()))
                    && (status == null || status.equals(task.status().name()))
                    && (after == null || !task.createdAt().isBefore(after))
                    && (before == null || !task.createdAt().isAfter(before))) {
                matching.add(task);
            }
        }
        ObjectNode json = ApiResponse.JSON.createObjectNode();
        ArrayNode tasks = json.putArray("tasks");
        long from = (long) page * size;
        for (long i = from; i < Math.min(matching.size(), from + size); i++) {
            tasks.add(TaskJson.summary(matching.get((int) i)));
        }
        json.put("page", page);
        json.put("size", size);
        json.put("total", (long) matching.size());
        return ApiResponse.json(200, json);
    }

    private ApiResponse delete(String taskId) {
        engine.delete(taskId);
        stats.taskDeleted(taskId);
        return ApiResponse.noContent();
    }

    private ApiResponse messages(ApiRequest request, String taskId) {
        List<String> violations = new ArrayList<>();
        int limit = integer(request, "limit", DEFAULT_LIMIT, violations);
        if (violations.isEmpty() && limit < 1) {
            violations.add("limit: must be at least 1 (default " + DEFAULT_LIMIT + ", maximum " + MAX_LIMIT + ")");
        }
        if (!violations.isEmpty()) {
            throw new InvalidTaskRequestException(violations);
        }
        String token = request.query("paginationToken");
        engine.get(taskId); // 404 before complaining about the token
        int offset = token == null ? 0 : PaginationToken.decode(taskId, token);
        EventPage page = engine.events(taskId, offset, Math.min(limit, MAX_LIMIT));
        ObjectNode json = ApiResponse.JSON.createObjectNode();
        if (page.hasMore()) {
            json.put("more", PaginationToken.encode(taskId, page.nextOffset()));
        }
        ArrayNode results = json.putArray("results");
        for (TaskEvent event : page.events()) {
            results.add(TaskJson.event(event));
        }
        return ApiResponse.json(200, json);
    }

    private ApiResponse send(ApiRequest request, String taskId) {
        ObjectNode body = (ObjectNode) readBody(request);
        engine.sendMessage(taskId, body.get("message").asText(), body.get("agentConfig"),
                tools(body.get("grantedPermissions")));
        ObjectNode json = ApiResponse.JSON.createObjectNode();
        json.put("taskId", taskId);
        return ApiResponse.json(202, json);
    }

    private ApiResponse decide(ApiRequest request, String taskId) {
        JsonNode body = readBody(request);
        ObjectNode json = ApiResponse.JSON.createObjectNode();
        json.set("pendingDecisions", TaskJson.pending(engine.decide(taskId, body.get("decisions"))));
        return ApiResponse.json(202, json);
    }

    private ApiResponse permissions(ApiRequest request, String taskId) {
        JsonNode body = readBody(request);
        TaskView task = engine.setPermissions(taskId, tools(body.get("grantedPermissions")));
        ObjectNode json = ApiResponse.JSON.createObjectNode();
        json.put("taskId", taskId);
        json.set("grantedPermissions", TaskJson.permissions(task.grantedPermissions()));
        return ApiResponse.json(200, json);
    }

    private static JsonNode readBody(ApiRequest request) {
        try {
            return ApiResponse.JSON.readTree(request.body());
        } catch (JsonProcessingException | RuntimeException e) {
            throw new InvalidTaskRequestException("body: is not valid JSON");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> tools(JsonNode permissions) {
        List<String> tools = new ArrayList<>();
        if (permissions != null && permissions.isArray()) {
            permissions.forEach(entry -> tools.add(entry.path("toolName").asText()));
        }
        return tools;
    }

    private static Instant instant(ApiRequest request, String name, List<String> violations) {
        String text = request.query(name);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            violations.add(name + ": must be an ISO-8601 date-time like 2024-01-15T10:30:00.000Z, got '" + text + "'");
            return null;
        }
    }

    private static int integer(ApiRequest request, String name, int fallback, List<String> violations) {
        String text = request.query(name);
        if (text == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            violations.add(name + ": must be a whole number, got '" + text + "'");
            return fallback;
        }
    }

    /** Checked before the engine sees the id, so that a malformed id is a 400 rather than a 404. */
    static List<String> taskIdViolations(String taskId) {
        if (isUuid(taskId)) {
            return List.of();
        }
        return List.of("taskId: must be a UUID like 550e8400-e29b-41d4-a716-446655440000, got '" + taskId + "'");
    }
}
