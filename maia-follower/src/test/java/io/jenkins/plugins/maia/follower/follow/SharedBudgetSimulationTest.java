package io.jenkins.plugins.maia.follower.follow;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.maia.follower.budget.AccountBudget;
import io.jenkins.plugins.maia.follower.budget.AccountBudgets;
import io.jenkins.plugins.maia.follower.budget.BudgetSettings;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskEvent;
import io.jenkins.plugins.maia.client.model.TaskStatus;
import io.jenkins.plugins.maia.follower.decision.DecisionPolicy;
import io.jenkins.plugins.maia.follower.testing.FakeMaia;
import io.jenkins.plugins.maia.follower.testing.FakeProject;
import io.jenkins.plugins.maia.follower.testing.ManualClock;
import io.jenkins.plugins.maia.follower.testing.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Ten busy tasks of one account under the default budget (60/min, bursts of 5), in simulated time: the
 * follower must stay inside the budget, share it fairly, and still notice changes quickly. Deterministic (fixed
 * seed, manual clock); the real-time figures are the benchmarks' job.
 */
class SharedBudgetSimulationTest {

    private static final String ACCOUNT = "https://eu1.api.matillion.com/dpc|client:sim";
    private static final int TASKS = 10;

    /** What one simulated run measured. */
    private record Run(AccountBudget budget, List<FakeMaia> tasks, List<FollowHandle> handles, List<Instant> calls,
            int worstMinute, List<Long> statusLatencyMillis, List<Long> eventLatencyMillis,
            List<Long> noticedLatencyMillis, int taskReads, int listCalls) {}

    @Test
    void tenBusyTasksStayInsideTheBudgetShareItFairlyAndNoticeChangesQuickly() {
        Run run = simulate(false);

        assertInsideTheBudgetWithEveryEventAndDecision(run);
        assertThat(run.listCalls()).isZero();
        // Fair: while all ten run (the first 10 minutes), no task gets much more than another.
        Instant allRunning = Instant.EPOCH.plus(RUN.dividedBy(2));
        int min = run.tasks().stream().mapToInt(t -> countBefore(t.getTaskTimes(), allRunning)).min().orElseThrow();
        int max = run.tasks().stream().mapToInt(t -> countBefore(t.getTaskTimes(), allRunning)).max().orElseThrow();
        assertThat((double) max / min).isLessThan(1.6);
        long p95Status = percentile(run.statusLatencyMillis(), 95);
        long p95Events = percentile(run.eventLatencyMillis(), 95);
        System.out.printf("each task on its own: calls %d, worst minute %d, getTask min %d max %d, p95 status %d ms, "
                + "p95 noticed %d ms, p95 events %d ms%n", run.calls().size(), run.worstMinute(), min, max, p95Status,
                percentile(run.noticedLatencyMillis(), 95), p95Events);
        assertThat(p95Status).as("p95 status detection (ms)").isLessThan(15_000);
        assertThat(p95Events).as("p95 event delivery (ms), put off while the budget is saturated").isLessThan(90_000);
    }

    @Test
    void watchedThroughTheirProjectTheSameTasksNoticeEveryChangeWithinSecondsWithFarFewerTaskReads() {
        Run alone = simulate(false);
        Run watched = simulate(true);

        assertInsideTheBudgetWithEveryEventAndDecision(watched);
        long p95Noticed = percentile(watched.noticedLatencyMillis(), 95);
        long p95Status = percentile(watched.statusLatencyMillis(), 95);
        System.out.printf("watched: calls %d (list %d, task reads %d), worst minute %d, p95 status %d ms, "
                + "p95 noticed %d ms, p95 events %d ms%n", watched.calls().size(), watched.listCalls(),
                watched.taskReads(), watched.worstMinute(), p95Status, p95Noticed,
                percentile(watched.eventLatencyMillis(), 95));
        // A pause or the end: a round (every 2 s), the task read and the message read (a token each, at one a second).
        assertThat(p95Status).as("p95 status detection (ms)").isLessThan(8_000);
        assertThat(p95Noticed).as("p95 of every change noticed (ms)").isLessThan(5_000)
                .isLessThan(percentile(alone.noticedLatencyMillis(), 95) / 2);
        assertThat(watched.taskReads()).isLessThan(alone.taskReads() / 3);
        // Rounds two refill intervals apart at most: half of 60 a minute.
        assertThat(watched.listCalls()).isLessThanOrEqualTo((int) (RUN.plusMinutes(5).toSeconds() / 2));
    }

    private void assertInsideTheBudgetWithEveryEventAndDecision(Run run) {
        assertThat(run.handles()).allSatisfy(h -> assertThat(h.result()).isCompleted());
        assertThat(run.budget().rateLimitedCount()).isZero();
        // Inside the budget: never more than the burst plus 60 in any sliding minute.
        assertThat(run.worstMinute()).isLessThanOrEqualTo(65);
        for (FakeMaia t : run.tasks()) {
            assertThat(t.events()).isNotEmpty();
            assertThat(t.decisionsReceived()).hasSize(1);
        }
        assertThat(run.statusLatencyMillis()).hasSize(2 * TASKS);
        assertThat(run.eventLatencyMillis()).hasSize(run.tasks().stream().mapToInt(t -> t.events().size()).sum());
        assertThat(run.noticedLatencyMillis()).hasSameSizeAs(run.eventLatencyMillis());
    }

    private static final Duration RUN = Duration.ofMinutes(20);

    /** Ten tasks of one project, followed each on its own or through the project's watch, in simulated time. */
    private Run simulate(boolean watched) {
        ManualClock clock = new ManualClock(Instant.EPOCH);
        ManualScheduler scheduler = new ManualScheduler(clock);
        AccountBudgets budgets = new AccountBudgets(clock);
        List<Instant> allCalls = Collections.synchronizedList(new ArrayList<>());
        TaskFollower follower = TaskFollower.builder().scheduler(scheduler).clock(clock).budgets(budgets)
                .budgetSettings(BudgetSettings.defaults()).projectWatch(watched).build();
        AccountBudget budget = budgets.forAccount(ACCOUNT);
        FakeProject project = new FakeProject().recordingCallsTo(allCalls, clock);
        Random random = new Random(42);
        List<FakeMaia> tasks = new ArrayList<>();
        List<FollowHandle> handles = new ArrayList<>();
        List<Long> status = new ArrayList<>();
        List<Long> events = new ArrayList<>();
        List<List<Instant[]>> seen = new ArrayList<>(); // per task: {when, modifiedAt} of each status told
        List<java.util.Map<Instant, Instant>> delivered = new ArrayList<>(); // per task: event time -> when told
        for (int i = 0; i < TASKS; i++) {
            FakeMaia maia = new FakeMaia("t-" + i, clock).reportingTo(budget).recordingCallsTo(allCalls);
            tasks.add(maia);
            project.add(maia);
            // The agent says something every 3-15 s; halfway through it finishes at a random moment.
            scriptAgent(scheduler, maia, random, RUN);
            List<Instant[]> statuses = new ArrayList<>();
            java.util.Map<Instant, Instant> told = new java.util.HashMap<>();
            seen.add(statuses);
            delivered.add(told);
            FollowState state = FollowState.start("t-" + i, null);
            TaskApi api = watched ? project.api(maia) : maia;
            handles.add(follower.follow(api, ACCOUNT, state,
                    FollowOptions.builder().decisions(DecisionPolicy.pauseForEverything()
                            .withApproveOnce("query_warehouse")).build(), new FollowListener() {
                                @Override
                                public void onEvent(TaskEvent event) {
                                    events.add(Duration.between(event.timestamp(), clock.instant()).toMillis());
                                    told.putIfAbsent(event.timestamp(), clock.instant());
                                }

                                @Override
                                public void onStatus(Task task) {
                                    statuses.add(new Instant[] {clock.instant(), task.modifiedAt()});
                                    if (task.status() == TaskStatus.STOPPED) { // paused or finished
                                        status.add(Duration.between(task.modifiedAt(), clock.instant()).toMillis());
                                    }
                                }
                            }));
        }

        scheduler.runUntil(() -> handles.stream().allMatch(h -> h.result().isDone()), RUN.plusMinutes(5));

        // Noticed: the earliest of the event reaching the listener, or a status told whose modifiedAt covers it.
        List<Long> noticed = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            for (TaskEvent e : tasks.get(i).events()) {
                Instant at = delivered.get(i).get(e.timestamp());
                for (Instant[] s : seen.get(i)) {
                    if (!s[1].isBefore(e.timestamp()) && !s[0].isBefore(e.timestamp())
                            && (at == null || s[0].isBefore(at))) {
                        at = s[0];
                    }
                }
                noticed.add(at == null ? Long.MAX_VALUE : Duration.between(e.timestamp(), at).toMillis());
            }
        }
        List<Instant> calls = new ArrayList<>(allCalls);
        Collections.sort(calls);
        int worstMinute = 0;
        for (int i = 0, j = 0; i < calls.size(); i++) {
            while (Duration.between(calls.get(j), calls.get(i)).compareTo(Duration.ofMinutes(1)) >= 0) {
                j++;
            }
            worstMinute = Math.max(worstMinute, i - j + 1);
        }
        int taskReads = tasks.stream().mapToInt(t -> t.calls(FakeMaia.Call.GET_TASK)).sum();
        return new Run(budget, tasks, handles, calls, worstMinute, status, events, noticed, taskReads,
                project.listCalls());
    }

    private static void scriptAgent(ManualScheduler scheduler, FakeMaia maia, Random random, Duration run) {
        long t = 0;
        long end = run.toMillis() / 2 + random.nextInt((int) (run.toMillis() / 2));
        // Once, the agent asks to query the warehouse (the policy approves) and then carries on.
        scheduler.schedule(() -> {
            maia.pause(FakeMaia.tool("c-" + end, "query_warehouse"));
        }, 60_000 + random.nextInt(240_000), TimeUnit.MILLISECONDS);
        while (t < end) {
            t += 3_000 + random.nextInt(12_000);
            long at = t;
            scheduler.schedule(() -> {
                if (maia.status() == TaskStatus.RUNNING) { // a paused agent says nothing
                    maia.addText("assistant", "at " + at);
                }
            }, at, TimeUnit.MILLISECONDS);
        }
        scheduler.schedule(() -> {
            maia.addText("assistant", "done").finish();
        }, t + 1_000, TimeUnit.MILLISECONDS);
    }

    private static int countBefore(List<Instant> times, Instant limit) {
        return (int) times.stream().filter(t -> t.isBefore(limit)).count();
    }

    private static long percentile(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
