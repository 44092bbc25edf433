package io.jenkins.plugins.maia.client.model;

/** One answer to a pending decision, sent with {@code POST .../decisions}. */
public sealed interface Decision permits ToolDecision, QuestionDecision {
    /** The pending decision's {@code toolId}. */
    String id();
}
