package io.jenkins.plugins.maia.client.model;

/** Approve or reject a tool call. {@code scope} matters only when approved. */
public record ToolDecision(String id, boolean approved, DecisionScope scope) implements Decision {

    public static ToolDecision approveOnce(String id) {
        return new ToolDecision(id, true, DecisionScope.ONCE);
    }

    public static ToolDecision approveForTask(String id) {
        return new ToolDecision(id, true, DecisionScope.CONVERSATION);
    }

    public static ToolDecision reject(String id) {
        return new ToolDecision(id, false, DecisionScope.ONCE);
    }
}
