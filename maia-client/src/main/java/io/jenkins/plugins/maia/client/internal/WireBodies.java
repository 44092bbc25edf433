package io.jenkins.plugins.maia.client.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.maia.client.model.AgentConfig;
import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.client.model.Decision;
import io.jenkins.plugins.maia.client.model.FollowUpMessage;
import io.jenkins.plugins.maia.client.model.QuestionAnswer;
import io.jenkins.plugins.maia.client.model.QuestionDecision;
import io.jenkins.plugins.maia.client.model.ToolDecision;
import java.util.List;

/**
 * Request bodies exactly as the API documents them. Built by hand where the model's shape differs from the
 * wire (decisions carry a {@code type}, a follow-up nests mode and branch in {@code agentConfig}).
 */
public final class WireBodies {
    private WireBodies() {}

    public static byte[] create(CreateTaskRequest request) {
        return bytes(MaiaJson.mapper().valueToTree(request));
    }

    public static byte[] followUp(FollowUpMessage message) {
        ObjectNode root = MaiaJson.mapper().createObjectNode();
        root.put("message", message.message());
        if (message.mode() != null || message.targetBranchName() != null) {
            ObjectNode config = root.putObject("agentConfig");
            config.put("name", AgentConfig.DATA_ENGINEER_AGENT);
            if (message.mode() != null) {
                config.put("mode", message.mode().name());
            }
            if (message.targetBranchName() != null) {
                config.put("targetBranchName", message.targetBranchName());
            }
        }
        if (message.grantedTools() != null) {
            tools(root.putArray("grantedPermissions"), message.grantedTools());
        }
        return bytes(root);
    }

    public static byte[] decisions(List<Decision> decisions) {
        ObjectNode root = MaiaJson.mapper().createObjectNode();
        ArrayNode array = root.putArray("decisions");
        for (Decision d : decisions) {
            ObjectNode node = array.addObject();
            if (d instanceof ToolDecision tool) {
                node.put("type", "tool");
                node.put("id", tool.id());
                node.put("approved", tool.approved());
                if (tool.scope() != null) {
                    node.put("scope", tool.scope().name());
                }
            } else if (d instanceof QuestionDecision question) {
                node.put("type", "question");
                node.put("id", question.id());
                ArrayNode answers = node.putArray("answers");
                for (QuestionAnswer a : question.answers()) {
                    ObjectNode answer = answers.addObject();
                    answer.put("questionIndex", a.questionIndex());
                    ArrayNode options = answer.putArray("selectedOptions");
                    a.selectedOptions().forEach(options::add);
                }
            }
        }
        return bytes(root);
    }

    public static byte[] permissions(List<String> toolNames) {
        ObjectNode root = MaiaJson.mapper().createObjectNode();
        tools(root.putArray("grantedPermissions"), toolNames);
        return bytes(root);
    }

    private static void tools(ArrayNode array, List<String> names) {
        for (String name : names) {
            array.addObject().put("toolName", name);
        }
    }

    private static byte[] bytes(Object tree) {
        try {
            return MaiaJson.mapper().writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a request body", e);
        }
    }
}
