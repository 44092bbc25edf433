package io.jenkins.plugins.maia.client.model;

/** How long a tool approval lasts: this one call, or the rest of the task ("conversation"). */
public enum DecisionScope {
    ONCE,
    CONVERSATION
}
