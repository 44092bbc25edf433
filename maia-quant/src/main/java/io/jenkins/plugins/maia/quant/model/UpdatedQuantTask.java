package io.jenkins.plugins.maia.quant.model;

/** Response of an update ({@code updatedAt} in Unix milliseconds). */
public record UpdatedQuantTask(String taskId, QuantStatus status, Long updatedAt) {}
