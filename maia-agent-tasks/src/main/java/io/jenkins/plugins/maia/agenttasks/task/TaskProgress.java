package io.jenkins.plugins.maia.agenttasks.task;

import io.jenkins.plugins.maia.agenttasks.options.TaskOptions;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.maia.agenttasks.approval.AnsweredDecision;
import io.jenkins.plugins.maia.follower.follow.FollowState;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jenkins.util.SystemProperties;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * How far a step got, saved after every change so it continues after a controller restart: the options it runs
 * with, its deadline, when it asked for a task to be created (before the call, so a restart right after the create
 * finds the task instead of creating a second one), the task id and the follower's state. No secret.
 *
 * @param options            null only for a resume step before it read the paused follow
 * @param deadline           absolute; null = none
 * @param createRequestedAt  set just before the create call
 * @param launched           the create, follow-up or answers were handed over; from here on only following
 * @param followState        the follower's state as {@link FollowState#encode()} text (plain text keeps the
 *                           Pipeline's saved program independent of the follower's classes)
 * @param answers            for a resume step: the human's answers, once checked against the paused input
 * @param rejectedBefore     tools rejected by the earlier follows of this step's task in this build (before a pause
 *                           for input), so a finish after a rejection is seen whichever follow rejected it
 */
@Restricted(NoExternalUse.class)
public record TaskProgress(
        @CheckForNull TaskOptions options,
        @CheckForNull Instant deadline,
        @CheckForNull Instant createRequestedAt,
        @CheckForNull String taskId,
        boolean launched,
        @CheckForNull String followState,
        @CheckForNull List<AnsweredDecision> answers,
        @CheckForNull List<String> rejectedBefore) implements Serializable {

    private static final long serialVersionUID = 1L;

    public TaskProgress {
        answers = answers == null ? null : new ArrayList<>(answers);
        rejectedBefore = rejectedBefore == null ? null : new ArrayList<>(rejectedBefore);
    }

    /**
     * Seconds per unit of {@code timeout}: 60 (minutes). Tests set
     * {@code -Dio.jenkins.plugins.maia.agenttasks.task.TaskProgress.timeoutUnitSeconds=1} to time out within seconds.
     */
    static long timeoutUnitSeconds() {
        return Math.max(1L, SystemProperties.getLong(TaskProgress.class.getName() + ".timeoutUnitSeconds", 60L));
    }

    /** A step that has done nothing yet. */
    public static TaskProgress begin(@CheckForNull TaskOptions options, @CheckForNull String taskId) {
        Instant deadline = options == null || options.timeoutMinutes() <= 0 ? null
                : Instant.now().plusSeconds(timeoutUnitSeconds() * options.timeoutMinutes());
        return new TaskProgress(options, deadline, null, taskId, false, null, null, null);
    }

    /** The follower's state, or null before the task is known. */
    public @CheckForNull FollowState state() {
        return followState == null ? null : FollowState.decode(followState);
    }

    TaskProgress createRequested(Instant at) {
        return new TaskProgress(options, deadline, at, taskId, launched, followState, answers, rejectedBefore);
    }

    TaskProgress launched(String id, FollowState state) {
        return new TaskProgress(options, deadline, createRequestedAt, id, true, state.encode(), answers, rejectedBefore);
    }

    TaskProgress withState(FollowState state) {
        return new TaskProgress(options, deadline, createRequestedAt, taskId, launched, state.encode(), answers,
                rejectedBefore);
    }
}
