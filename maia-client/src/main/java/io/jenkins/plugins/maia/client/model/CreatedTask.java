package io.jenkins.plugins.maia.client.model;

import java.time.Instant;

/** Response of create (201). */
public record CreatedTask(String taskId, TaskStatus status, String agentName, Instant createdAt) {}
