package io.jenkins.plugins.maia.follower.follow;

import static io.jenkins.plugins.maia.follower.testing.FakeMaia.tool;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.maia.follower.budget.AccountBudgets;
import io.jenkins.plugins.maia.follower.budget.BudgetSettings;
import io.jenkins.plugins.maia.client.MaiaApiException;
import io.jenkins.plugins.maia.client.model.TaskPage;
import io.jenkins.plugins.maia.client.model.TaskQuery;
import io.jenkins.plugins.maia.client.model.TaskSummary;
import io.jenkins.plugins.maia.follower.decision.DecisionPolicy;
import io.jenkins.plugins.maia.follower.testing.FakeMaia;
import io.jenkins.plugins.maia.follower.testing.FakeMaia.Call;
import io.jenkins.plugins.maia.follower.testing.FakeProject;
import io.jenkins.plugins.maia.follower.testing.ManualClock;
import io.jenkins.plugins.maia.follower.testing.ManualScheduler;
import io.jenkins.plugins.maia.follower.testing.RecordingListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Follows of one project watched through the task list: one list call per round tells which tasks changed, only
 * those read their task or messages, and whenever the list cannot tell, a follow reads its own task.
 */
class ProjectWatchTest {

    private static final String ACCOUNT = "http://127.0.0.1/dpc|watch";
    private static final Duration LIMIT = Duration.ofHours(2);

    private ManualClock clock;
    private ManualScheduler scheduler;
    private AccountBudgets budgets;
    private FakeProject project;
    private final List<FakeMaia> tasks = new ArrayList<>();
    private final List<RecordingListener> listeners = new ArrayList<>();
    private final List<FollowHandle> handles = new ArrayList<>();

    @BeforeEach
    void setUp() {
        clock = new ManualClock();
        scheduler = new ManualScheduler(clock);
        budgets = new AccountBudgets(clock);
        project = new FakeProject();
    }

    private TaskFollower follower(boolean watch, BudgetSettings budget) {
        return TaskFollower.builder().scheduler(scheduler).clock(clock).budgets(budgets).budgetSettings(budget)
                .projectWatch(watch).build();
    }

    private TaskFollower follower() {
        return follower(true, new BudgetSettings(6000, 100));
    }

    private static FollowOptions options() {
        return FollowOptions.builder()
                .decisions(DecisionPolicy.pauseForEverything().withApproveOnce("run_sql"))
                .build();
    }

    /** {@code n} running tasks in project p, each followed by {@code follower}. */
    private void followTasks(TaskFollower follower, int n) {
        for (int i = 0; i < n; i++) {
            FakeMaia task = new FakeMaia("t-" + i, clock).reportingTo(budgets.forAccount(ACCOUNT));
            tasks.add(task);
            project.add(task);
            RecordingListener listener = new RecordingListener();
            listeners.add(listener);
            handles.add(follower.follow(project.api(task), ACCOUNT, FollowState.start("t-" + i, null), options(),
                    listener));
        }
    }

    private int totalGetTask() {
        return tasks.stream().mapToInt(t -> t.calls(Call.GET_TASK)).sum();
    }

    private int totalGetMessages() {
        return tasks.stream().mapToInt(t -> t.calls(Call.GET_MESSAGES)).sum();
    }

    private void runToEnd() {
        assertThat(scheduler.runUntil(() -> handles.stream().allMatch(h -> h.result().isDone()), LIMIT))
                .as("every follow ended").isTrue();
    }

    @Test
    void quietTasksOfOneProjectCostOneListCallPerRoundInsteadOfOneReadEach() {
        followTasks(follower(), 10);
        scheduler.advance(Duration.ofSeconds(5)); // first reads done, all subscribed
        int readsBefore = totalGetTask();
        int listsBefore = project.listCalls();

        scheduler.advance(Duration.ofMinutes(10));

        int reads = totalGetTask() - readsBefore;
        int lists = project.listCalls() - listsBefore;
        // Each follow alone would read its task every 15 s (40 reads in 10 minutes, 400 for ten); watched, they only
        // keep their safety-net read every 60 s, and the list looks at all ten every max/10 = 1.5 s.
        assertThat(reads).isBetween(90, 110);
        assertThat(lists).isBetween(390, 410);
        assertThat(totalGetMessages()).as("nothing changed, nothing read").isEqualTo(10);
        assertThat(project.queries()).allSatisfy(q -> {
            assertThat(q.projectId()).isEqualTo("p");
            assertThat(q.createdAfter()).isEqualTo(Instant.EPOCH);
            assertThat(q.size()).isEqualTo(100);
        });
    }

    @Test
    void aRunningTaskThatChangedReadsItsMessagesWithoutReadingTheTaskAndTheOthersReadNothing() {
        followTasks(follower(), 5);
        scheduler.advance(Duration.ofSeconds(30));
        int[] readsBefore = tasks.stream().mapToInt(t -> t.calls(Call.GET_TASK)).toArray();
        int[] messagesBefore = tasks.stream().mapToInt(t -> t.calls(Call.GET_MESSAGES)).toArray();

        tasks.get(2).addText("assistant", "Reading the S3 bucket layout");
        scheduler.advance(Duration.ofSeconds(4)); // within a watch round (15 s / 5 tasks = 3 s at most)

        assertThat(listeners.get(2).texts()).containsExactly("Reading the S3 bucket layout");
        assertThat(listeners.get(2).statuses).last().satisfies(t ->
                assertThat(t.modifiedAt()).isEqualTo(tasks.get(2).summary().modifiedAt()));
        for (int i = 0; i < tasks.size(); i++) {
            assertThat(tasks.get(i).calls(Call.GET_TASK)).as("task reads of t-" + i).isEqualTo(readsBefore[i]);
            assertThat(tasks.get(i).calls(Call.GET_MESSAGES)).as("message reads of t-" + i)
                    .isEqualTo(messagesBefore[i] + (i == 2 ? 1 : 0));
        }
    }

    @Test
    void aPauseAndTheEndAreReadFromTheTaskItselfWithTheRightOutcomes() throws Exception {
        followTasks(follower(), 3);
        scheduler.advance(Duration.ofSeconds(10));
        tasks.get(0).pause(tool("c-1", "run_sql"));
        tasks.get(1).pause(tool("c-2", "drop_table"));
        scheduler.advance(Duration.ofSeconds(10));
        tasks.get(0).addText("assistant", "Done").finish();
        tasks.get(2).error();

        runToEnd();

        assertThat(tasks.get(0).decisionsReceived()).hasSize(1);
        assertThat(handles.get(0).result().get().outcome()).isEqualTo(FollowOutcome.FINISHED);
        assertThat(handles.get(1).result().get().outcome()).isEqualTo(FollowOutcome.NEEDS_DECISION);
        assertThat(handles.get(1).result().get().pending()).extracting(p -> p.toolId()).containsExactly("c-2");
        assertThat(handles.get(2).result().get().outcome()).isEqualTo(FollowOutcome.ERRORED);
        assertThat(listeners.get(0).texts()).containsExactly("Done");
    }

    @Test
    void aFollowWhoseMessageReadWaitsBehindASaturatedBudgetStillHearsOfAPauseAtOnce() throws Exception {
        followTasks(follower(true, BudgetSettings.defaults()), 1);
        scheduler.advance(Duration.ofSeconds(5));
        FakeMaia task = tasks.get(0);
        scheduler.advance(Duration.ofSeconds(60)); // a minute since the last message read: the next one is due
        // Other work of the account fills the routine queue for the next minute or so.
        var budget = budgets.forAccount(ACCOUNT);
        for (int i = 0; i < 60; i++) {
            budget.whenAvailable(scheduler, () -> { });
        }
        task.addText("assistant", "Profiling the sales table");
        scheduler.advance(Duration.ofSeconds(16)); // the watch (quiet: every 15 s) saw it; the read waits its turn
        assertThat(listeners.get(0).statuses).last().satisfies(t ->
                assertThat(t.modifiedAt()).isEqualTo(task.summary().modifiedAt()));
        assertThat(listeners.get(0).texts()).as("the read still waits").isEmpty();
        Instant pausedAt = clock.instant();

        task.pause(tool("c-1", "run_sql"));
        assertThat(scheduler.runUntil(() -> !task.decisionsReceived().isEmpty(), Duration.ofMinutes(5))).isTrue();

        assertThat(Duration.between(pausedAt, clock.instant())).as("pause noticed and answered")
                .isLessThan(Duration.ofSeconds(10));
        assertThat(budget.waiting()).as("the routine queue has not drained yet").isGreaterThan(20);
        assertThat(listeners.get(0).texts()).containsExactly("Profiling the sales table");
    }

    @Test
    void aTaskTheListLeavesOutReadsItsOwnTask() throws Exception {
        followTasks(follower(), 2);
        scheduler.advance(Duration.ofSeconds(10));
        project.hide("t-1");
        int before = tasks.get(1).calls(Call.GET_TASK);

        scheduler.advance(Duration.ofSeconds(20));
        assertThat(tasks.get(1).calls(Call.GET_TASK)).as("t-1 reads itself while the list misses it")
                .isGreaterThan(before + 1);

        tasks.get(1).finish();
        runToEndOf(1);
        assertThat(handles.get(1).result().get().outcome()).isEqualTo(FollowOutcome.FINISHED);
    }

    @Test
    void aMissedTaskThatFinishedIsForgottenOnceItsPauseIsOver() throws Exception {
        TaskFollower follower = follower();
        followTasks(follower, 2);
        scheduler.advance(Duration.ofSeconds(10));
        project.hide("t-1");
        scheduler.advance(Duration.ofSeconds(5));
        ProjectWatch watch = follower.watch(ACCOUNT, "p");
        assertThat(watch.unlisted()).isEqualTo(1);

        tasks.get(1).finish();
        runToEndOf(1);
        scheduler.advance(Duration.ofSeconds(90)); // t-0 keeps the rounds going

        assertThat(watch.unlisted()).as("nobody will ask for t-1 again").isZero();
        assertThat(watch.subscribers()).isEqualTo(1);
    }

    private void runToEndOf(int i) {
        assertThat(scheduler.runUntil(() -> handles.get(i).result().isDone(), LIMIT)).isTrue();
    }

    @Test
    void aListTheTokenMayNotReadTurnsTheWatchOffAndEveryFollowReadsItsOwnTask() throws Exception {
        project.failNextList(() -> new MaiaApiException("Forbidden: missing scope", 403, null));
        TaskFollower follower = follower();
        followTasks(follower, 3);
        scheduler.advance(Duration.ofSeconds(5));
        assertThat(project.listCalls()).isEqualTo(1);
        int readsBefore = totalGetTask();

        scheduler.advance(Duration.ofMinutes(2));

        assertThat(project.listCalls()).as("never asked again").isEqualTo(1);
        assertThat(totalGetTask() - readsBefore).as("three follows polling on their own").isGreaterThan(3 * 6);
        tasks.forEach(FakeMaia::finish);
        runToEnd();
        for (FollowHandle h : handles) {
            assertThat(h.result().get().outcome()).isEqualTo(FollowOutcome.FINISHED);
        }
    }

    @Test
    void aFailedRoundIsTriedAgainAfterASecondWithoutWakingAnyone() {
        followTasks(follower(), 3);
        scheduler.advance(Duration.ofSeconds(5));
        int readsBefore = totalGetTask();
        project.failNextList(() -> FakeMaia.status(503));
        int listsBefore = project.listCalls();

        scheduler.advance(Duration.ofSeconds(6)); // the failing round (within 5 s) and its retry 1 s later

        assertThat(project.listCalls()).isGreaterThanOrEqualTo(listsBefore + 2);
        assertThat(totalGetTask()).as("no follow read its own task").isEqualTo(readsBefore);
        tasks.get(1).addText("assistant", "after the hiccup");
        scheduler.advance(Duration.ofSeconds(5));
        assertThat(listeners.get(1).texts()).containsExactly("after the hiccup");
    }

    @Test
    void everyWatchedFollowIsToldOfEachFailedListCallSoNoneIsSilent() {
        followTasks(follower(), 2);
        scheduler.advance(Duration.ofSeconds(5));
        project.failNextList(() -> FakeMaia.status(503)).failNextList(() -> FakeMaia.status(503));

        scheduler.advance(Duration.ofSeconds(8)); // the failing round (within 5 s), its retries after 1 s and 2 s

        for (RecordingListener listener : listeners) {
            assertThat(listener.failedCalls).extracting(RecordingListener.FailedCall::attempt).containsExactly(1, 2);
            assertThat(listener.failedCalls).extracting(RecordingListener.FailedCall::retryIn)
                    .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
            assertThat(listener.failedCalls).allSatisfy(f -> assertThat(f.cause()).hasMessage("HTTP 503"));
        }
    }

    @Test
    void threeFailedRoundsInARowCoolTheWatchDownWhileTheFollowsReadTheirOwnTasksThenItResumes() {
        followTasks(follower(), 3);
        scheduler.advance(Duration.ofSeconds(5));
        project.failNextList(FakeMaia::unreachable).failNextList(FakeMaia::unreachable)
                .failNextList(FakeMaia::unreachable);
        int listsBefore = project.listCalls();
        int readsBefore = totalGetTask();

        // The failing round (within 5 s), its retries after 1 s and 2 s, then the follows read themselves.
        scheduler.advance(Duration.ofMillis(8500));

        assertThat(project.listCalls()).isEqualTo(listsBefore + 3);
        assertThat(totalGetTask()).as("each follow read its own task after the failure").isGreaterThanOrEqualTo(
                readsBefore + 3);
        int listsAfterFailure = project.listCalls();

        scheduler.advance(Duration.ofSeconds(60));
        assertThat(project.listCalls()).as("the watch is used again after its cool-down")
                .isGreaterThan(listsAfterFailure + 10);
        tasks.get(0).addText("assistant", "still here");
        scheduler.advance(Duration.ofSeconds(5));
        assertThat(listeners.get(0).texts()).containsExactly("still here");
    }

    @Test
    void pagesThroughNewerTasksUntilEveryWatchedOneIsFoundButNeverMorePagesThanTasksWatched() {
        followTasks(follower(), 3);
        project.addOthers(150, Instant.parse("2026-01-01T00:00:00Z")); // newer: listed first
        scheduler.advance(Duration.ofSeconds(10));
        List<TaskQuery> queries = project.queries();
        assertThat(queries).extracting(TaskQuery::page).contains(0, 1);
        assertThat(queries).extracting(TaskQuery::page).doesNotContain(2);

        tasks.get(1).addText("assistant", "on page two");
        scheduler.advance(Duration.ofSeconds(6));
        assertThat(listeners.get(1).texts()).containsExactly("on page two");
    }

    @Test
    void aSingleWatchedTaskOnALaterPageThanItCanAffordReadsItsOwnTask() {
        followTasks(follower(), 1);
        project.addOthers(150, Instant.parse("2026-01-01T00:00:00Z"));
        scheduler.advance(Duration.ofSeconds(60));

        // One page for one task: the round misses it, so the follow reads its own task, and the watch does not look
        // for it again for 60 s (a list call per round would cost more than the task's own reads).
        assertThat(project.queries()).extracting(TaskQuery::page).containsOnly(0);
        assertThat(project.listCalls()).isEqualTo(1);
        assertThat(tasks.get(0).calls(Call.GET_TASK)).isGreaterThan(5);

        scheduler.advance(Duration.ofSeconds(30)); // 60 s, then at most one of its own 15 s polls
        assertThat(project.listCalls()).as("looked for again after 60 s").isEqualTo(2);
        tasks.get(0).finish();
        runToEndOf(0);
        assertThat(handles.get(0).result().join().outcome()).isEqualTo(FollowOutcome.FINISHED);
    }

    @Test
    void aRowOlderThanTheFollowsLastReadIsNoChange() {
        FakeMaia task = new FakeMaia("t-0", clock).reportingTo(budgets.forAccount(ACCOUNT));
        ProjectWatch watch = new ProjectWatch("p", budgets.forAccount(ACCOUNT, new BudgetSettings(6000, 100)),
                scheduler, clock);
        scheduler.advance(Duration.ofSeconds(1));
        var older = task.summary();
        task.addText("assistant", "newer");
        List<String> told = new ArrayList<>();
        watch.subscribe(q -> new TaskPage(List.of(older), 0, 100, 1), task.getTask("t-0"), PollingPolicy.defaults(),
                Duration.ofSeconds(1), recording(told));

        scheduler.advance(Duration.ofSeconds(30));

        assertThat(told).isEmpty();
        assertThat(watch.rounds()).isGreaterThan(5);
        assertThat(watch.subscribers()).isEqualTo(1);
    }

    @Test
    void aListWhoseRowsCarryNoModifiedAtTurnsTheWatchOff() {
        FakeMaia task = new FakeMaia("t-0", clock);
        ProjectWatch watch = new ProjectWatch("p", budgets.forAccount(ACCOUNT, new BudgetSettings(6000, 100)),
                scheduler, clock);
        var row = task.summary();
        var bare = new TaskSummary(row.taskId(), row.status(), row.agentName(),
                row.mode(), row.description(), row.createdAt(), null, row.projectId(), row.branchId());
        List<String> told = new ArrayList<>();
        ProjectWatch.Subscriber subscriber = recording(told);
        assertThat(watch.subscribe(q -> new TaskPage(List.of(bare), 0, 100, 1),
                task.getTask("t-0"), PollingPolicy.defaults(), Duration.ofSeconds(1), subscriber)).isNotNull();

        scheduler.advance(Duration.ofSeconds(2));

        assertThat(told).containsExactly("read yourself");
        assertThat(watch.usable()).isFalse();
        assertThat(watch.subscribe(q -> { throw new AssertionError("not listed again"); }, task.getTask("t-0"),
                PollingPolicy.defaults(), Duration.ofSeconds(1), subscriber)).isNull();
    }

    /** A subscriber that writes down what it was told. */
    private static ProjectWatch.Subscriber recording(List<String> told) {
        return new ProjectWatch.Subscriber() {
            @Override
            public void changed(TaskSummary row) {
                told.add("changed");
            }

            @Override
            public void readYourself() {
                told.add("read yourself");
            }
        };
    }

    @Test
    void stoppingAFollowLeavesTheWatchAndAnIdleWatchMakesNoCalls() throws Exception {
        TaskFollower follower = follower();
        followTasks(follower, 2);
        scheduler.advance(Duration.ofSeconds(5));
        ProjectWatch watch = follower.watch(ACCOUNT, "p");
        assertThat(watch.subscribers()).isEqualTo(2);

        handles.forEach(FollowHandle::stop);
        runToEnd();
        assertThat(handles.get(0).result().get().outcome()).isEqualTo(FollowOutcome.STOPPED_ON_REQUEST);
        assertThat(watch.subscribers()).isZero();
        int lists = project.listCalls();
        scheduler.advance(Duration.ofMinutes(5));
        assertThat(project.listCalls()).isEqualTo(lists);
    }

    @Test
    void underTheDefaultBudgetTheWatchLooksAtMostEveryTwoSeconds() {
        followTasks(follower(true, BudgetSettings.defaults()), 10);
        scheduler.advance(Duration.ofSeconds(20));
        int lists = project.listCalls();

        scheduler.advance(Duration.ofMinutes(5));

        // 10 tasks would want a look every 1.5 s; half of 60 a minute is one every 2 s.
        assertThat(project.listCalls() - lists).isBetween(140, 151);
    }

    @Test
    void withoutTheWatchEveryFollowReadsItsOwnTask() {
        followTasks(follower(false, new BudgetSettings(6000, 100)), 3);
        scheduler.advance(Duration.ofMinutes(2));
        assertThat(project.listCalls()).isZero();
        assertThat(totalGetTask()).isGreaterThan(3 * 8);
    }

    @Test
    void theQuietIntervalIsTheLongestOneDividedAmongTheTasksButNeverShorterThanTheFirst() {
        PollingPolicy p = PollingPolicy.defaults(); // 1 s x1.5 up to 15 s
        assertThat(WatchPace.capped(Duration.ofSeconds(15), p, 1)).isEqualTo(Duration.ofSeconds(15));
        assertThat(WatchPace.capped(Duration.ofSeconds(15), p, 10)).isEqualTo(Duration.ofMillis(1500));
        assertThat(WatchPace.capped(Duration.ofSeconds(15), p, 100)).isEqualTo(Duration.ofSeconds(1));
        assertThat(WatchPace.capped(Duration.ofMillis(1200), p, 10)).isEqualTo(Duration.ofMillis(1200));
    }
}
