package io.jenkins.plugins.maia.sandbox.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.maia.sandbox.scenario.Step;

/**
 * A decision the task waits for: a tool permission ({@code type "tool"}) or a question ({@code type "question"},
 * tool {@code ask_user_question}, questions and options in {@code toolInput}, answered with {@code id = toolId}).
 * Exactly one of {@code call} and {@code ask} is set.
 */
public record PendingDecision(String type, String toolId, Step.ToolCall call, Step.Ask ask, JsonNode toolInput) {

    public static final String QUESTION_TOOL = "ask_user_question";

    static PendingDecision tool(String toolId, Step.ToolCall call, JsonNode input) {
        return new PendingDecision("tool", toolId, call, null, input);
    }

    static PendingDecision question(String toolId, Step.Ask ask) {
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        ArrayNode questions = input.putArray("questions");
        for (Step.Question q : ask.questions()) {
            ObjectNode question = questions.addObject();
            question.put("question", q.question());
            if (q.header() != null) {
                question.put("header", q.header());
            }
            ArrayNode options = question.putArray("options");
            for (Step.Option o : q.options()) {
                ObjectNode option = options.addObject();
                option.put("label", o.label());
                if (o.description() != null) {
                    option.put("description", o.description());
                }
            }
            question.put("multiSelect", q.multiSelect());
        }
        return new PendingDecision("question", toolId, null, ask, input);
    }

    public boolean isQuestion() {
        return ask != null;
    }

    public String toolName() {
        return isQuestion() ? QUESTION_TOOL : call.name();
    }

    public String title() {
        if (isQuestion()) {
            return ask.title() != null ? ask.title() : "The agent has a question";
        }
        return call.title() != null ? call.title() : "Use " + call.name();
    }

    public String body() {
        if (isQuestion()) {
            return ask.body() != null ? ask.body() : ask.questions().get(0).question();
        }
        return call.body() != null ? call.body() : "The agent wants to use the tool " + call.name() + ".";
    }

    @Override
    public JsonNode toolInput() {
        return toolInput == null ? JsonNodeFactory.instance.objectNode() : toolInput.deepCopy();
    }
}
