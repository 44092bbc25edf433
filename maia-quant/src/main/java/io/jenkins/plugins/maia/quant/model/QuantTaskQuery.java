package io.jenkins.plugins.maia.quant.model;

/**
 * Filters of {@code GET .../ai/tasks}; null means "not filtered". {@code limit} is 1..100 (the server's default 50);
 * {@code dependsOn} (a task id) finds the tasks waiting for that task, with their details only when
 * {@code includeDetails} is true.
 */
public record QuantTaskQuery(
        String taskListId,
        QuantStatus status,
        String assignedAgentId,
        Integer limit,
        String dependsOn,
        Boolean includeDetails) {

    /** The tasks of one list, as many as one call returns (100). */
    public static QuantTaskQuery inList(String taskListId) {
        return new QuantTaskQuery(taskListId, null, null, 100, null, null);
    }
}
