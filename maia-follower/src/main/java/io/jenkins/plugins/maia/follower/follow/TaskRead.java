package io.jenkins.plugins.maia.follower.follow;

import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskStatus;
import io.jenkins.plugins.maia.follower.follow.FollowState.ProgressGate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * What one read of a task means for its follow: a pure function of the task read before, the task read now and the
 * follow's state (with the time, for the settle rule, and whether a stop was requested). No scheduler, no listener,
 * no I/O: the follow applies the {@link Result}.
 *
 * <p>Right after decisions are sent (or a follow-up), the state holds a {@link ProgressGate}: until the task shows
 * that it moved on (RUNNING or STOPPING, another {@code modifiedAt}, other pending ids), a STOPPED read is taken as
 * {@link Stale}; after {@link #PROGRESS_SETTLE} without movement it is believed.
 *
 * <p>A task seen STOPPING and then STOPPED with nothing pending was stopped, not finished: someone asked it to stop
 * elsewhere (this follow's own stop is {@code stopping}). The API has no other field that tells the two apart.
 */
final class TaskRead {

    /**
     * After decisions or a follow-up, how long a task that does not seem to have moved on is taken as a stale
     * read; after this the read is believed.
     */
    static final Duration PROGRESS_SETTLE = Duration.ofMinutes(2);

    /** How the task changed since the follow last saw it. */
    enum Change {
        /** Same status, same {@code modifiedAt}, same pending decisions. */
        NONE,
        /** Another {@code modifiedAt} or other pending decisions, at the same status. */
        MODIFIED,
        /** Another status, or the follow's first read. */
        STATUS
    }

    /** What the follow does next. */
    sealed interface Next permits Stale, Finish, DecisionsDue, KeepPolling {}

    /** A read from before the follow's last action took effect: nothing to conclude from it. */
    record Stale() implements Next {}

    /** The outcome is known; the follow reads the last messages and ends. */
    record Finish(FollowOutcome outcome, List<PendingDecision> pending, String detail) implements Next {
        Finish {
            pending = List.copyOf(pending);
        }
    }

    /** The task is paused on decisions this follow has not answered yet. */
    record DecisionsDue(List<PendingDecision> unanswered) implements Next {
        DecisionsDue {
            unanswered = List.copyOf(unanswered);
        }
    }

    /** The task is running (or stopping, or in a status this version does not know): read it again later. */
    record KeepPolling() implements Next {}

    /** The change seen, the state to keep (the task seen, the progress gate passed) and what to do next. */
    record Result(Change change, FollowState state, Next next) {}

    private TaskRead() {}

    /**
     * @param last     the task as read before, or null for the follow's first read
     * @param task     the task as read now
     * @param state    the follow's state, with the decisions it saw answered already recorded
     * @param now      the time of this read
     * @param stopping whether a stop was requested: then only STOPPED or ERRORED ends the follow
     */
    static Result of(Task last, Task task, FollowState state, Instant now, boolean stopping) {
        boolean wasStopping = state.lastStatus() == TaskStatus.STOPPING;
        List<String> pendingIds = ids(task.pendingDecisions());
        boolean statusChanged = last == null || task.status() != state.lastStatus();
        boolean changed = statusChanged || !Objects.equals(task.modifiedAt(), state.lastModifiedAt())
                || !pendingIds.equals(ids(last.pendingDecisions()));
        Change change = statusChanged ? Change.STATUS : changed ? Change.MODIFIED : Change.NONE;

        boolean stale = false;
        String settleNote = null;
        ProgressGate gate = state.awaitingProgress();
        if (gate != null) {
            if (movedOn(task, gate, pendingIds)) {
                state = state.withAwaitingProgress(null);
            } else if (Duration.between(gate.since(), now).compareTo(PROGRESS_SETTLE) >= 0) {
                state = state.withAwaitingProgress(null);
                settleNote = "the task showed no progress for " + PROGRESS_SETTLE.toMinutes()
                        + " minutes after the last decision or message, so its state was taken as it is";
            } else {
                stale = true;
            }
        }
        if (changed) {
            state = state.withSeen(task.status(), task.modifiedAt());
        }
        return new Result(change, state, next(task, state, pendingIds, stale, settleNote, stopping, wasStopping));
    }

    private static Next next(Task task, FollowState state, List<String> pendingIds, boolean stale,
            String settleNote, boolean stopping, boolean wasStopping) {
        if (stopping) {
            if (task.status() == TaskStatus.STOPPED || task.status() == TaskStatus.ERRORED) {
                return new Finish(FollowOutcome.STOPPED_ON_REQUEST, List.of(), "stop requested; the task is "
                        + task.status() + " (confirmed)");
            }
            return new KeepPolling();
        }
        if (stale) {
            return new Stale();
        }
        return switch (task.status()) {
            case ERRORED -> new Finish(FollowOutcome.ERRORED, List.of(), "the task is ERRORED; its messages say why");
            case STOPPED -> wasStopping && task.pendingDecisions().isEmpty()
                    ? new Finish(FollowOutcome.STOPPED, List.of(), Ending.SEEN_STOPPING)
                    : stopped(task.pendingDecisions(), state, pendingIds, settleNote);
            default -> new KeepPolling(); // RUNNING, STOPPING, UNKNOWN
        };
    }

    private static Next stopped(List<PendingDecision> pending, FollowState state, List<String> pendingIds,
            String settleNote) {
        if (pending.isEmpty()) {
            return new Finish(FollowOutcome.FINISHED, List.of(),
                    settleNote == null ? "the task is STOPPED with nothing pending" : settleNote);
        }
        List<PendingDecision> unanswered = new ArrayList<>();
        for (PendingDecision p : pending) {
            if (p.toolId() == null || !state.answered(p.toolId())) {
                unanswered.add(p);
            }
        }
        if (unanswered.isEmpty()) {
            return new Finish(FollowOutcome.NEEDS_DECISION, pending, "decisions were sent for "
                    + String.join(", ", pendingIds) + " but the task still lists them as pending; "
                    + "check the task in Maia");
        }
        return new DecisionsDue(unanswered);
    }

    private static boolean movedOn(Task task, ProgressGate gate, List<String> pendingIds) {
        if (task.status() == TaskStatus.RUNNING || task.status() == TaskStatus.STOPPING) {
            return true;
        }
        if (!new HashSet<>(pendingIds).equals(new HashSet<>(gate.pendingIds()))) {
            return true;
        }
        if (gate.modifiedAt() != null) {
            return task.modifiedAt() != null && !task.modifiedAt().equals(gate.modifiedAt());
        }
        // No modifiedAt known at the time of the action: only a modification after it counts.
        return task.modifiedAt() != null && task.modifiedAt().isAfter(gate.since());
    }

    /** The ids of {@code pending}, in order (null for a decision the API sent without one). */
    static List<String> ids(List<PendingDecision> pending) {
        List<String> ids = new ArrayList<>(pending.size());
        for (PendingDecision p : pending) {
            ids.add(p.toolId());
        }
        return ids;
    }
}
