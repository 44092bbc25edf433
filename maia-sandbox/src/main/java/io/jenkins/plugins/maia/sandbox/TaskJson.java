package io.jenkins.plugins.maia.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.maia.sandbox.agent.PendingDecision;
import io.jenkins.plugins.maia.sandbox.agent.TaskEvent;
import io.jenkins.plugins.maia.sandbox.agent.TaskView;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The JSON shapes of the contract's responses, built from task snapshots. */
final class TaskJson {

    /** Task times: always with milliseconds, like the contract's examples ({@code 2024-01-15T10:30:00.000Z}). */
    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    /** Event times carry microseconds: several events can share a millisecond. */
    private static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private TaskJson() {}

    static ObjectNode created(TaskView task) {
        ObjectNode json = ApiResponse.JSON.createObjectNode();
        json.put("taskId", task.taskId());
        json.put("status", task.status().name());
        json.put("agentName", task.agentName());
        json.put("createdAt", MILLIS.format(task.createdAt()));
        return json;
    }

    static ObjectNode summary(TaskView task) {
        ObjectNode json = ApiResponse.JSON.createObjectNode();
        json.put("taskId", task.taskId());
        json.put("status", task.status().name());
        json.put("agentName", task.agentName());
        json.put("mode", task.mode());
        json.put("description", task.description());
        json.put("createdAt", MILLIS.format(task.createdAt()));
        json.put("modifiedAt", MILLIS.format(task.modifiedAt()));
        json.put("projectId", task.projectId());
        json.put("branchId", task.branchId());
        return json;
    }

    static ObjectNode detail(TaskView task) {
        ObjectNode json = ApiResponse.JSON.createObjectNode();
        json.put("taskId", task.taskId());
        json.put("status", task.status().name());
        json.put("description", task.description());
        json.put("createdAt", MILLIS.format(task.createdAt()));
        json.put("modifiedAt", MILLIS.format(task.modifiedAt()));
        json.set("agentConfig", task.agentConfig());
        json.set("grantedPermissions", permissions(task.grantedPermissions()));
        json.set("pendingDecisions", pending(task.pendingDecisions()));
        return json;
    }

    static ArrayNode permissions(List<String> tools) {
        ArrayNode list = ApiResponse.JSON.createArrayNode();
        tools.forEach(tool -> list.addObject().put("toolName", tool));
        return list;
    }

    static ArrayNode pending(List<PendingDecision> decisions) {
        ArrayNode list = ApiResponse.JSON.createArrayNode();
        for (PendingDecision decision : decisions) {
            ObjectNode json = list.addObject();
            json.put("type", decision.type());
            json.put("toolName", decision.toolName());
            json.put("toolId", decision.toolId());
            ObjectNode message = json.putObject("permissionMessage");
            message.put("title", decision.title());
            message.put("body", decision.body());
            json.set("toolInput", decision.toolInput());
        }
        return list;
    }

    static ObjectNode event(TaskEvent event) {
        ObjectNode json = ApiResponse.JSON.createObjectNode();
        json.set("data", event.data().deepCopy());
        json.put("groupId", event.groupId());
        json.put("timestamp", MICROS.format(event.timestamp()));
        return json;
    }

    static String millis(Instant instant) {
        return MILLIS.format(instant);
    }
}
