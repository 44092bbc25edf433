package io.jenkins.plugins.maia.quant.model;

/** Response of a create: the new task's id and what Quant made of it ({@code createdAt} in Unix milliseconds). */
public record CreatedQuantTask(String taskId, String orgId, String title, QuantStatus status, Long createdAt) {}
