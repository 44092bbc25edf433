package io.jenkins.plugins.maia.follower.follow;

import io.jenkins.plugins.maia.client.model.AgentConfig;
import io.jenkins.plugins.maia.client.model.CreatedTask;
import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskStatus;
import java.util.List;

/**
 * What a create's answer says of the task it made, taken as the follow's first read. A follow's first read of its
 * task tells it the status and the project (which project's watch may look at the task); the create's answer and its
 * request tell the same of a task that has just begun, so a follow started from them needs no read of its own before
 * the watch looks (in a saturated task graph that read waited longer than many tasks ran, and it is one request of
 * every task).
 *
 * <p>Only a RUNNING answer with its creation time, for a request naming its project, stands in: anything else is read
 * as usual. The description and the generated branch's name are not in the answer; the next read of the task (at the
 * latest, the one that sees its end) brings them.
 */
final class FirstRead {

    private FirstRead() {}

    /** The task as the create answered it, or null when that answer cannot stand in for a read. */
    static Task of(CreatedTask created, CreateTaskRequest request) {
        if (created == null || request == null || created.status() != TaskStatus.RUNNING
                || created.createdAt() == null || created.taskId() == null) {
            return null;
        }
        AgentConfig config = request.agentConfig();
        if (config == null || config.projectId() == null || config.projectId().isBlank()) {
            return null;
        }
        // Not modified since its creation as far as the answer says: any later modifiedAt in the list is news.
        return new Task(created.taskId(), TaskStatus.RUNNING, null, created.createdAt(), created.createdAt(), config,
                request.grantedPermissions(), List.of());
    }
}
