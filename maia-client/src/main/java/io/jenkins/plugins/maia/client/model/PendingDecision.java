package io.jenkins.plugins.maia.client.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A decision the agent waits for. {@code type} is kept as the raw string ("tool", "question", or
 * anything the API adds later). For questions the text and options are, as far as anyone knows,
 * inside {@code toolInput} of the {@code ask_user_question} tool, and the answer's id is {@code toolId}.
 */
public record PendingDecision(
        String type, String toolName, String toolId, PermissionMessage permissionMessage, JsonNode toolInput) {

    public static final String TYPE_TOOL = "tool";
    public static final String TYPE_QUESTION = "question";
    public static final String ASK_USER_QUESTION = "ask_user_question";

    /** A question: typed "question", or the ask_user_question tool. */
    @JsonIgnore
    public boolean isQuestion() {
        return TYPE_QUESTION.equalsIgnoreCase(type) || ASK_USER_QUESTION.equals(toolName);
    }
}
