package io.jenkins.plugins.maia.follower.follow;

import static io.jenkins.plugins.maia.follower.testing.FakeMaia.tool;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskStatus;
import io.jenkins.plugins.maia.follower.follow.FollowState.ProgressGate;
import io.jenkins.plugins.maia.follower.follow.TaskRead.Change;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a task read means, as a pure function: no scheduler, no clock, no listener. */
class TaskReadTest {

    private static final Instant T0 = Instant.parse("2026-04-08T10:00:00Z");
    private static final FollowState FRESH = FollowState.start("t-1", null);

    private static Task task(TaskStatus status, Instant modifiedAt, PendingDecision... pending) {
        return new Task("t-1", status, "Build a pipeline", T0, modifiedAt, null, List.of(), List.of(pending));
    }

    /** The state of a follow that has seen {@code task}. */
    private static FollowState seen(Task task) {
        return FRESH.withSeen(task.status(), task.modifiedAt());
    }

    @Test
    void theFirstReadIsAStatusChangeAndIsRemembered() {
        Task running = task(TaskStatus.RUNNING, T0);

        TaskRead.Result r = TaskRead.of(null, running, FRESH, T0, false);

        assertThat(r.change()).isEqualTo(Change.STATUS);
        assertThat(r.next()).isInstanceOf(TaskRead.KeepPolling.class);
        assertThat(r.state().lastStatus()).isEqualTo(TaskStatus.RUNNING);
        assertThat(r.state().lastModifiedAt()).isEqualTo(T0);
    }

    @Test
    void aQuietTaskIsNoChangeAndANewModifiedAtIsOne() {
        Task before = task(TaskStatus.RUNNING, T0);
        Task later = task(TaskStatus.RUNNING, T0.plusSeconds(5));

        assertThat(TaskRead.of(before, before, seen(before), T0, false).change()).isEqualTo(Change.NONE);
        TaskRead.Result moved = TaskRead.of(before, later, seen(before), T0, false);
        assertThat(moved.change()).isEqualTo(Change.MODIFIED);
        assertThat(moved.state().lastModifiedAt()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void otherPendingDecisionsAtTheSameStatusAndModifiedAtAreAChange() {
        Task before = task(TaskStatus.STOPPED, T0, tool("c1", "git_push"));
        Task now = task(TaskStatus.STOPPED, T0, tool("c2", "git_push"));

        assertThat(TaskRead.of(before, now, seen(before), T0, false).change()).isEqualTo(Change.MODIFIED);
    }

    @Test
    void stoppedWithNothingPendingFinishes() {
        Task stopped = task(TaskStatus.STOPPED, T0);

        TaskRead.Next next = TaskRead.of(null, stopped, FRESH, T0, false).next();

        assertThat(next).isEqualTo(new TaskRead.Finish(FollowOutcome.FINISHED, List.of(),
                "the task is STOPPED with nothing pending"));
    }

    @Test
    void stoppedAfterStoppingWasStoppedElsewhereAndAResumedStateRemembersStopping() {
        Task stopping = task(TaskStatus.STOPPING, T0);
        Task stopped = task(TaskStatus.STOPPED, T0.plusSeconds(2));

        TaskRead.Next next = TaskRead.of(stopping, stopped, seen(stopping), T0, false).next();
        // A state saved while STOPPING and restored in a new process, whose first read is STOPPED.
        TaskRead.Next resumed = TaskRead.of(null, stopped, FollowState.decode(seen(stopping).encode()), T0, false)
                .next();

        assertThat(next).isEqualTo(new TaskRead.Finish(FollowOutcome.STOPPED, List.of(), Ending.SEEN_STOPPING));
        assertThat(resumed).isEqualTo(next);
        assertThat(TaskRead.of(stopping, task(TaskStatus.STOPPED, T0, tool("c1", "git_push")), seen(stopping), T0,
                false).next()).as("a pause is still a pause").isInstanceOf(TaskRead.DecisionsDue.class);
    }

    @Test
    void erroredFinishesAsErrored() {
        TaskRead.Next next = TaskRead.of(null, task(TaskStatus.ERRORED, T0), FRESH, T0, false).next();

        assertThat(next).isInstanceOfSatisfying(TaskRead.Finish.class,
                f -> assertThat(f.outcome()).isEqualTo(FollowOutcome.ERRORED));
    }

    @Test
    void stoppedWithPendingDecisionsMakesTheUnansweredOnesDue() {
        PendingDecision answered = tool("c1", "query_warehouse");
        PendingDecision open = tool("c2", "git_push");
        FollowState state = FRESH.withAnswered(List.of("c1"), null);

        TaskRead.Next next = TaskRead.of(null, task(TaskStatus.STOPPED, T0, answered, open), state, T0, false).next();

        assertThat(next).isEqualTo(new TaskRead.DecisionsDue(List.of(open)));
    }

    @Test
    void stoppedWithOnlyAnsweredDecisionsPausesAndSaysSo() {
        PendingDecision answered = tool("c1", "git_push");
        FollowState state = FRESH.withAnswered(List.of("c1"), null);

        TaskRead.Next next = TaskRead.of(null, task(TaskStatus.STOPPED, T0, answered), state, T0, false).next();

        assertThat(next).isInstanceOfSatisfying(TaskRead.Finish.class, f -> {
            assertThat(f.outcome()).isEqualTo(FollowOutcome.NEEDS_DECISION);
            assertThat(f.pending()).containsExactly(answered);
            assertThat(f.detail()).contains("decisions were sent for c1", "still lists them as pending");
        });
    }

    @Test
    void aStoppedReadThatDidNotMoveOnAfterAnActionIsStaleAndKeepsTheGate() {
        Task before = task(TaskStatus.STOPPED, T0, tool("c1", "git_push"));
        ProgressGate gate = new ProgressGate(T0, T0, List.of("c1"));
        FollowState state = seen(before).withAwaitingProgress(gate);

        TaskRead.Result r = TaskRead.of(before, before, state, T0.plusSeconds(30), false);

        assertThat(r.next()).isInstanceOf(TaskRead.Stale.class);
        assertThat(r.state().awaitingProgress()).isEqualTo(gate);
    }

    @Test
    void aTaskThatMovedOnPassesTheGate() {
        Task before = task(TaskStatus.STOPPED, T0, tool("c1", "git_push"));
        FollowState state = seen(before).withAwaitingProgress(new ProgressGate(T0, T0, List.of("c1")));
        Task running = task(TaskStatus.RUNNING, T0.plusSeconds(3));

        TaskRead.Result r = TaskRead.of(before, running, state, T0.plusSeconds(5), false);

        assertThat(r.next()).isInstanceOf(TaskRead.KeepPolling.class);
        assertThat(r.state().awaitingProgress()).isNull();
        assertThat(r.change()).isEqualTo(Change.STATUS);
    }

    @Test
    void afterTheSettleTimeAStaleLookingReadIsBelievedAndTheDetailSaysWhy() {
        Task stopped = task(TaskStatus.STOPPED, T0);
        FollowState state = seen(stopped).withAwaitingProgress(new ProgressGate(T0, T0, List.of()));

        TaskRead.Result justBefore = TaskRead.of(stopped, stopped, state,
                T0.plus(TaskRead.PROGRESS_SETTLE).minusMillis(1), false);
        TaskRead.Result settled = TaskRead.of(stopped, stopped, state, T0.plus(TaskRead.PROGRESS_SETTLE), false);

        assertThat(justBefore.next()).isInstanceOf(TaskRead.Stale.class);
        assertThat(settled.state().awaitingProgress()).isNull();
        assertThat(settled.next()).isInstanceOfSatisfying(TaskRead.Finish.class, f -> {
            assertThat(f.outcome()).isEqualTo(FollowOutcome.FINISHED);
            assertThat(f.detail()).contains("no progress for 2 minutes");
        });
    }

    @Test
    void withoutAModifiedAtAtTheActionOnlyALaterModificationCounts() {
        Task stopped = task(TaskStatus.STOPPED, T0);
        FollowState state = seen(stopped).withAwaitingProgress(new ProgressGate(T0.plusSeconds(10), null, List.of()));

        assertThat(TaskRead.of(stopped, stopped, state, T0.plusSeconds(20), false).next())
                .isInstanceOf(TaskRead.Stale.class);
        Task modifiedAfter = task(TaskStatus.STOPPED, T0.plusSeconds(11));
        assertThat(TaskRead.of(stopped, modifiedAfter, state, T0.plusSeconds(20), false).next())
                .isInstanceOf(TaskRead.Finish.class);
    }

    @Test
    void whileStoppingOnlyStoppedOrErroredEndsAndThenAsStoppedOnRequest() {
        PendingDecision pending = tool("c1", "git_push");

        assertThat(TaskRead.of(null, task(TaskStatus.RUNNING, T0), FRESH, T0, true).next())
                .isInstanceOf(TaskRead.KeepPolling.class);
        assertThat(TaskRead.of(null, task(TaskStatus.STOPPED, T0, pending), FRESH, T0, true).next())
                .isEqualTo(new TaskRead.Finish(FollowOutcome.STOPPED_ON_REQUEST, List.of(),
                        "stop requested; the task is STOPPED (confirmed)"));
    }

    @Test
    void aStopDoesNotWaitForAStaleGate() {
        Task stopped = task(TaskStatus.STOPPED, T0);
        FollowState state = seen(stopped).withAwaitingProgress(new ProgressGate(T0, T0, List.of()));

        assertThat(TaskRead.of(stopped, stopped, state, T0.plus(Duration.ofSeconds(1)), true).next())
                .isInstanceOf(TaskRead.Finish.class);
    }

    @Test
    void runningStoppingAndUnknownKeepPolling() {
        for (TaskStatus status : List.of(TaskStatus.RUNNING, TaskStatus.STOPPING, TaskStatus.UNKNOWN)) {
            assertThat(TaskRead.of(null, task(status, T0), FRESH, T0, false).next())
                    .as(status.name()).isInstanceOf(TaskRead.KeepPolling.class);
        }
    }
}
