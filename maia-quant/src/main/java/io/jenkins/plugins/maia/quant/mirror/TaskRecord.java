package io.jenkins.plugins.maia.quant.mirror;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The mirror's book on one task: what Quant should show, what it was last sent, and where the writing stands. Every
 * field is guarded by the owning {@link QuantMirror}'s lock; no HTTP call is made while holding it.
 */
final class TaskRecord {
    final MirrorEntry entry;
    final String title;
    final String description;
    final List<TaskRecord> dependencies;

    /** Facts learnt while following, for the metadata. */
    String maiaTaskId;
    String targetBranchName;

    MirrorState desired;
    /** What Quant shows as far as the mirror knows; null before the task exists there. */
    MirrorState sent;
    String quantId;

    /** A timer or a budget reservation is pending for this task, or a write is running. */
    boolean armed;
    /** When the last call about this task started: the next one waits the minimum interval after it. */
    Instant lastAttemptAt;
    /** Backoff after a failure: no attempt before this. */
    Instant retryNotBefore;
    int failures;
    String lastFailure;
    /** A create failed in a way that may have created the task: look for it before creating again. */
    boolean createMayHaveSucceeded;
    Instant firstCreateAttemptAt;
    /** Why this task is no longer mirrored, or null. */
    String abandoned;

    TaskRecord(MirrorEntry entry, String title, String description, List<TaskRecord> dependencies) {
        this.entry = entry;
        this.title = title;
        this.description = description;
        this.dependencies = List.copyOf(dependencies);
        this.maiaTaskId = null;
        this.targetBranchName = entry.targetBranchName();
        this.desired = MirrorState.pending(metadata());
    }

    Map<String, Object> metadata() {
        return QuantMapping.metadata(maiaTaskId, entry.projectId(), entry.mode(), targetBranchName, entry.buildUrl());
    }

    /** Created, and nothing left to send. */
    boolean inSync() {
        return quantId != null && MirrorWrites.changes(sent, desired) == null;
    }

    /** Every dependency has its Quant id, or will never get one: the create can name them. */
    boolean dependenciesSettled() {
        return dependencies.stream().allMatch(d -> d.quantId != null || d.abandoned != null);
    }
}
