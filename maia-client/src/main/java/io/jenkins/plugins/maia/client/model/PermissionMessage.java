package io.jenkins.plugins.maia.client.model;

/** Human-readable title and body of a pending decision. Untrusted agent text. */
public record PermissionMessage(String title, String body) {}
