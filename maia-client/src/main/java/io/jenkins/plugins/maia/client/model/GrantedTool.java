package io.jenkins.plugins.maia.client.model;

/** A tool the agent may use without asking, e.g. {@code git_push}. Tool names are not an enum on purpose. */
public record GrantedTool(String toolName) {}
