package io.jenkins.plugins.maia.quant.mirror;

import io.jenkins.plugins.maia.follower.follow.FollowListener;
import io.jenkins.plugins.maia.follower.follow.FollowResult;
import io.jenkins.plugins.maia.quant.model.QuantStatus;
import java.util.Optional;

/**
 * One task on the Quant board, as its caller drives it. {@link #listener()} follows the Maia task; the other methods
 * report what a follow cannot see. Every method returns at once (the write happens on the mirror's thread), and once
 * the run's last state is set ({@link #ended}, {@link #skipped}, {@link #aborted}, {@link #gaveUp}) later calls are
 * ignored. A task the mirror could not take (too many, or closing) ignores everything.
 */
public final class MirroredTask {
    private final QuantMirror mirror;
    private final TaskRecord record;

    MirroredTask(QuantMirror mirror, TaskRecord record) {
        this.mirror = mirror;
        this.record = record;
    }

    /** The caller's key, or null for a task that is not mirrored. */
    public String key() {
        return record == null ? null : record.entry.key();
    }

    /** The Quant task's id once it is created. */
    public Optional<String> quantTaskId() {
        return record == null ? Optional.empty() : Optional.ofNullable(mirror.quantId(record));
    }

    /** {@code pending}: the task waits for its dependencies (the state a task starts in). */
    public void waitingForDependencies() {
        change(r -> r.desired = r.desired.withStatus(QuantStatus.PENDING, null));
    }

    /** {@code in_progress}: the Maia task {@code maiaTaskId} was created (its id goes into the metadata). */
    public void started(String maiaTaskId) {
        change(r -> {
            r.maiaTaskId = maiaTaskId;
            r.desired = r.desired.withStatus(QuantStatus.IN_PROGRESS, null).withMetadata(r.metadata());
        });
    }

    /**
     * Follows the Maia task: {@code in_progress} while it runs, {@code blocked} with the reason while it waits for
     * decisions, the agent's last message as {@code progressMessage}. Give it to the follow (with
     * {@code FollowListener.all}); it never blocks the follow.
     */
    public FollowListener listener() {
        return record == null ? new FollowListener() {} : new MirrorFollowListener(this);
    }

    /**
     * The follow ended: {@code completed} with the result (outcome, target branch, last agent message, and
     * {@code transcript}, a path or URL, may be null); {@code blocked} when the task is left paused for a decision;
     * {@code failed} with the error when it errored or timed out; {@code cancelled} when it was stopped on request.
     */
    public void ended(FollowResult result, String transcript) {
        change(r -> {
            if (result.targetBranchName() != null) {
                r.targetBranchName = result.targetBranchName();
            }
            if (result.task() != null && result.task().taskId() != null) {
                r.maiaTaskId = result.task().taskId();
            }
            r.desired = QuantMapping.ending(r.desired.withMetadata(r.metadata()), result, transcript,
                    r.entry.whoMayAnswer(), mirror.redactor());
        });
    }

    /**
     * {@code completed}: the task finished in an earlier run (a continued batch), which wrote its result; only the
     * status and the metadata are sent again, so that result stays as it was.
     */
    public void finishedEarlier(String maiaTaskId, String targetBranchName) {
        change(r -> {
            if (maiaTaskId != null) {
                r.maiaTaskId = maiaTaskId;
            }
            if (targetBranchName != null) {
                r.targetBranchName = targetBranchName;
            }
            r.desired = r.desired.withMetadata(r.metadata()).ending(QuantStatus.COMPLETED, null, null, null);
        });
    }

    /** {@code cancelled}: the task never ran, e.g. a dependency did not finish ({@code reason} says which). */
    public void skipped(String reason) {
        cancel("Skipped", reason);
    }

    /** {@code cancelled}: the run was aborted or the task stopped. */
    public void aborted(String reason) {
        cancel("Aborted", reason);
    }

    /** {@code failed}: the follow gave up (the API kept failing, the task vanished); {@code reason} is the error. */
    public void gaveUp(String reason) {
        change(r -> r.desired = r.desired.ending(QuantStatus.FAILED, null, null,
                QuantMapping.cut("Gave up following the Maia task" + (reason == null || reason.isBlank() ? ""
                        : ": " + mirror.redactor().redact(reason)), QuantMapping.TEXT_LENGTH)));
    }

    private void cancel(String what, String reason) {
        change(r -> r.desired = r.desired.withProgressMessage(QuantMapping.progress(what
                + (reason == null || reason.isBlank() ? "" : ": " + reason), mirror.redactor()))
                .ending(QuantStatus.CANCELLED, null, null, null));
    }

    void change(java.util.function.Consumer<TaskRecord> edit) {
        if (record != null) {
            mirror.change(record, edit);
        }
    }

    TaskRecord record() {
        return record;
    }

    QuantMirror mirror() {
        return mirror;
    }

    @Override
    public String toString() {
        return "MirroredTask[" + key() + "]";
    }
}
