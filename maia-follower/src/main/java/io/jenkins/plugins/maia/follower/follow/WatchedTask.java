package io.jenkins.plugins.maia.follower.follow;

import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskStatus;
import io.jenkins.plugins.maia.client.model.TaskSummary;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * One follow subscribed to a {@link ProjectWatch}, with what it last saw of its task. Identity equality: one per
 * subscription, so a follow that subscribes again is a new member.
 */
final class WatchedTask implements ProjectWatch.Subscription {

    private final String taskId;
    private final TaskStatus status;
    private final Instant modifiedAt;
    private final Instant createdAt;
    private final PollingPolicy policy;
    private final ProjectWatch.Subscriber subscriber;
    /** Other work waits for this task's end: the rounds that may show it go ahead of the account's queue. */
    private final boolean awaited;
    /** Takes this member out of its watch. */
    private final Consumer<WatchedTask> leave;

    WatchedTask(Task task, PollingPolicy policy, ProjectWatch.Subscriber subscriber, boolean awaited,
            Consumer<WatchedTask> leave) {
        this.awaited = awaited;
        this.taskId = task.taskId();
        this.status = task.status();
        this.modifiedAt = task.modifiedAt();
        this.createdAt = task.createdAt();
        this.policy = policy;
        this.subscriber = subscriber;
        this.leave = leave;
    }

    String taskId() {
        return taskId;
    }

    Instant modifiedAt() {
        return modifiedAt;
    }

    Instant createdAt() {
        return createdAt;
    }

    boolean awaited() {
        return awaited;
    }

    PollingPolicy policy() {
        return policy;
    }

    ProjectWatch.Subscriber subscriber() {
        return subscriber;
    }

    /**
     * A later {@code modifiedAt}, or another status at the same one. A row older than the follow's last read
     * (lists and task reads need not come from the same replica) is no change.
     */
    boolean changedIn(TaskSummary row) {
        if (row.modifiedAt() != null && modifiedAt != null) {
            if (row.modifiedAt().isBefore(modifiedAt)) {
                return false;
            }
            return row.modifiedAt().isAfter(modifiedAt) || row.status() != status;
        }
        return row.status() != status || (row.modifiedAt() != null && modifiedAt == null);
    }

    /** Strictly newer than the follow's last read: only then may a row of an earlier round wake it. */
    boolean isOlderThan(TaskSummary row) {
        return modifiedAt != null && row.modifiedAt() != null && row.modifiedAt().isAfter(modifiedAt);
    }

    @Override
    public void cancel() {
        leave.accept(this);
    }
}
