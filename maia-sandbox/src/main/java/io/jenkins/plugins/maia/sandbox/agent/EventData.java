package io.jenkins.plugins.maia.sandbox.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code data} shapes the sandbox writes into task events. The vendor publishes no event catalogue, so these
 * are the sandbox's own (listed in the module README); clients must treat unknown shapes gracefully anyway.
 */
public final class EventData {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private EventData() {}

    public static ObjectNode text(String role, String content) {
        ObjectNode data = NODES.objectNode();
        data.put("type", "text");
        data.put("role", role);
        data.put("content", content);
        return data;
    }

    public static ObjectNode toolUse(String toolName, String toolId, JsonNode input) {
        ObjectNode data = NODES.objectNode();
        data.put("type", "tool_use");
        data.put("toolName", toolName);
        data.put("toolId", toolId);
        data.set("input", input == null ? NODES.objectNode() : input.deepCopy());
        return data;
    }

    public static ObjectNode toolResult(String toolId, String content) {
        ObjectNode data = NODES.objectNode();
        data.put("type", "tool_result");
        data.put("toolId", toolId);
        data.put("content", content);
        return data;
    }

    public static ObjectNode toolDecision(String toolName, String toolId, boolean approved, String scope) {
        ObjectNode data = NODES.objectNode();
        data.put("type", "decision");
        data.put("decisionType", "tool");
        data.put("toolName", toolName);
        data.put("toolId", toolId);
        data.put("approved", approved);
        data.put("scope", scope);
        return data;
    }

    public static ObjectNode questionDecision(String toolId, JsonNode answers) {
        ObjectNode data = NODES.objectNode();
        data.put("type", "decision");
        data.put("decisionType", "question");
        data.put("toolName", PendingDecision.QUESTION_TOOL);
        data.put("toolId", toolId);
        data.set("answers", answers.deepCopy());
        return data;
    }

    public static ObjectNode status(TaskStatus status, String reason) {
        ObjectNode data = NODES.objectNode();
        data.put("type", "status");
        data.put("status", status.name());
        data.put("reason", reason);
        return data;
    }

    public static ObjectNode error(String message) {
        ObjectNode data = NODES.objectNode();
        data.put("type", "error");
        data.put("message", message);
        return data;
    }
}
