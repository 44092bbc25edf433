package io.jenkins.plugins.maia.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code --json} answer of a command that acts on a task and gets nothing back from the API ({@code send},
 * {@code stop}, {@code delete}) or a little ({@code decide}): what was done to which task, and the exit code.
 */
final class TaskActionJson {
    private TaskActionJson() {}

    /** {@code {"taskId": ID, "action": "stop", "exitCode": 0}}; callers may add fields. */
    static ObjectNode of(String taskId, String action) {
        ObjectNode json = JsonOutput.object();
        json.put("taskId", taskId);
        json.put("action", action);
        json.put("exitCode", ExitStatus.OK.code());
        return json;
    }
}
