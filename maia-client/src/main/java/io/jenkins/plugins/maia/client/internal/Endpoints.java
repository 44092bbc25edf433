package io.jenkins.plugins.maia.client.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.client.model.CreatedTask;
import io.jenkins.plugins.maia.client.model.Decision;
import io.jenkins.plugins.maia.client.model.FollowUpMessage;
import io.jenkins.plugins.maia.client.model.GrantedTool;
import io.jenkins.plugins.maia.client.model.MessagePage;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskPage;
import io.jenkins.plugins.maia.client.model.TaskPermissions;
import io.jenkins.plugins.maia.client.model.TaskQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each of the nine endpoints sends and how its answer is read. Every factory checks its input first
 * ({@code InvalidRequestException}, naming each bad field and the fix), so nothing invalid is ever sent. Whether a
 * failed attempt may be repeated is part of each request ({@link ApiRequest.RetryMode}).
 */
public final class Endpoints {
    private static final List<String> TASKS = List.of("v1", "ai", "agents", "tasks");

    private Endpoints() {}

    /** POST create: never repeated blindly (no idempotency key); its answer is read by {@link #created}. */
    public static ApiRequest create(CreateTaskRequest request) {
        RequestChecks.checkCreate(request);
        return new ApiRequest("POST", TASKS, Map.of(), WireBodies.create(request), ApiRequest.RetryMode.UNSAFE, false);
    }

    /** The answer of a create: the task, which must have an id. */
    public static CreatedTask created(ApiRequest api, ApiResponse response) {
        CreatedTask created = Responses.read(api, response, CreatedTask.class, "the created task");
        if (created.taskId() == null || created.taskId().isBlank()) {
            throw Responses.malformed(api, response, "the created task", "no taskId");
        }
        return created;
    }

    /** GET list: one page of tasks; {@code query} null lists everything (first page, server's default size). */
    public static ApiCall<TaskPage> listTasks(TaskQuery query) {
        TaskQuery q = query == null ? TaskQuery.all() : query;
        RequestChecks.checkQuery(q);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("projectId", q.projectId());
        params.put("branchId", q.branchId());
        params.put("status", q.status() == null ? null : q.status().name());
        params.put("createdAfter", q.createdAfter() == null ? null : LenientInstants.format(q.createdAfter()));
        params.put("createdBefore", q.createdBefore() == null ? null : LenientInstants.format(q.createdBefore()));
        params.put("page", q.page() == null ? null : q.page().toString());
        params.put("size", q.size() == null ? null : q.size().toString());
        ApiRequest api = ApiRequest.get(TASKS, params);
        return new ApiCall<>(api, response -> Responses.read(api, response, TaskPage.class, "a page of tasks"));
    }

    public static ApiCall<Task> getTask(String taskId) {
        RequestChecks.checkTaskId(taskId);
        ApiRequest api = ApiRequest.get(taskPath(taskId), Map.of());
        return new ApiCall<>(api, response -> Responses.read(api, response, Task.class, "a task"));
    }

    /** GET messages: {@code limit} 1..1000, {@code paginationToken} null (or empty) for the first page. */
    public static ApiCall<MessagePage> getMessages(String taskId, int limit, String paginationToken) {
        RequestChecks.checkMessages(taskId, limit);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("limit", Integer.toString(limit));
        params.put("paginationToken", paginationToken == null || paginationToken.isEmpty() ? null : paginationToken);
        ApiRequest api = ApiRequest.get(taskPath(taskId, "messages"), params);
        return new ApiCall<>(api, response -> Responses.messages(api, response));
    }

    /** POST a follow-up (202): not idempotent. */
    public static ApiCall<Void> sendMessage(String taskId, FollowUpMessage message) {
        RequestChecks.checkFollowUp(taskId, message);
        return new ApiCall<>(new ApiRequest("POST", taskPath(taskId, "messages"), Map.of(),
                WireBodies.followUp(message), ApiRequest.RetryMode.UNSAFE, false), response -> null);
    }

    /**
     * POST decisions (202): not idempotent. The answer is the decisions still pending; an empty or absent body gives
     * an empty list.
     */
    public static ApiCall<List<PendingDecision>> submitDecisions(String taskId, List<Decision> decisions) {
        RequestChecks.checkDecisions(taskId, decisions);
        ApiRequest api = new ApiRequest("POST", taskPath(taskId, "decisions"), Map.of(),
                WireBodies.decisions(decisions), ApiRequest.RetryMode.UNSAFE, false);
        return new ApiCall<>(api, response -> pendingDecisions(api, response));
    }

    /** POST stop (any 2xx): safe to repeat. */
    public static ApiCall<Void> stopTask(String taskId) {
        RequestChecks.checkTaskId(taskId);
        return new ApiCall<>(new ApiRequest("POST", taskPath(taskId, "stop"), Map.of(), null,
                ApiRequest.RetryMode.SAFE, false), response -> null);
    }

    /** DELETE (204): a 404 after an attempt that may have reached the server means that attempt deleted it. */
    public static ApiCall<Void> deleteTask(String taskId) {
        RequestChecks.checkTaskId(taskId);
        return new ApiCall<>(new ApiRequest("DELETE", taskPath(taskId), Map.of(), null, ApiRequest.RetryMode.SAFE,
                true), response -> null);
    }

    /** PUT permissions: the list the server reports, or the one sent when it sends no body. */
    public static ApiCall<TaskPermissions> replacePermissions(String taskId, List<String> toolNames) {
        RequestChecks.checkPermissions(taskId, toolNames);
        ApiRequest api = new ApiRequest("PUT", taskPath(taskId, "permissions"), Map.of(),
                WireBodies.permissions(toolNames), ApiRequest.RetryMode.SAFE, false);
        return new ApiCall<>(api, response -> {
            if (!response.hasBody()) {
                return new TaskPermissions(taskId, toolNames.stream().map(GrantedTool::new).toList());
            }
            TaskPermissions result = Responses.read(api, response, TaskPermissions.class, "the task's permissions");
            return result.taskId() == null ? new TaskPermissions(taskId, result.grantedPermissions()) : result;
        });
    }

    private static List<PendingDecision> pendingDecisions(ApiRequest api, ApiResponse response) {
        if (!response.hasBody()) {
            return List.of();
        }
        JsonNode pending = Responses.object(api, response, "the pending decisions").get("pendingDecisions");
        if (pending == null || pending.isNull()) {
            return List.of();
        }
        if (!pending.isArray()) {
            throw Responses.malformed(api, response, "the pending decisions", "pendingDecisions is not an array");
        }
        List<PendingDecision> out = new ArrayList<>();
        for (JsonNode node : pending) {
            try {
                out.add(MaiaJson.mapper().treeToValue(node, PendingDecision.class));
            } catch (JsonProcessingException e) {
                throw Responses.malformed(api, response, "the pending decisions", e.getOriginalMessage());
            }
        }
        return List.copyOf(out);
    }

    private static List<String> taskPath(String taskId, String... more) {
        List<String> path = new ArrayList<>(TASKS);
        path.add(taskId);
        path.addAll(List.of(more));
        return path;
    }
}
