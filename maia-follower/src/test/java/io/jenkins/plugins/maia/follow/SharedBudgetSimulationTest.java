package io.jenkins.plugins.maia.follow;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.maia.budget.AccountBudget;
import io.jenkins.plugins.maia.budget.AccountBudgets;
import io.jenkins.plugins.maia.budget.BudgetSettings;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskEvent;
import io.jenkins.plugins.maia.client.model.TaskStatus;
import io.jenkins.plugins.maia.decision.DecisionPolicy;
import io.jenkins.plugins.maia.testing.FakeMaia;
import io.jenkins.plugins.maia.testing.ManualClock;
import io.jenkins.plugins.maia.testing.ManualScheduler;
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

    private final ManualClock clock = new ManualClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final AccountBudgets budgets = new AccountBudgets(clock);
    private final List<Instant> allCalls = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> eventLatencyMillis = new ArrayList<>();
    private final List<Long> statusLatencyMillis = new ArrayList<>();

    @Test
    void tenBusyTasksStayInsideTheBudgetShareItFairlyAndNoticeChangesQuickly() {
        TaskFollower follower = TaskFollower.builder().scheduler(scheduler).clock(clock).budgets(budgets)
                .budgetSettings(BudgetSettings.defaults()).build();
        AccountBudget budget = budgets.forAccount(ACCOUNT);
        Random random = new Random(42);
        List<FakeMaia> tasks = new ArrayList<>();
        List<FollowHandle> handles = new ArrayList<>();
        Duration run = Duration.ofMinutes(20);
        Instant start = clock.instant();
        for (int i = 0; i < TASKS; i++) {
            FakeMaia maia = new FakeMaia("t-" + i, clock).reportingTo(budget).recordingCallsTo(allCalls);
            tasks.add(maia);
            // The agent says something every 3-15 s; halfway through it finishes at a random moment.
            scriptAgent(maia, random, run);
            FollowState state = FollowState.start("t-" + i, null);
            handles.add(follower.follow(maia, ACCOUNT, state,
                    FollowOptions.defaults().withDecisions(DecisionPolicy.pauseForEverything()
                            .withApproveOnce("query_warehouse")), listenerFor()));
        }

        scheduler.runUntil(() -> handles.stream().allMatch(h -> h.result().isDone()), run.plusMinutes(5));

        assertThat(handles).allSatisfy(h -> assertThat(h.result()).isCompleted());
        assertThat(budget.rateLimitedCount()).isZero();
        // Inside the budget: never more than the burst plus 60 in any sliding minute.
        List<Instant> calls = new ArrayList<>(allCalls);
        Collections.sort(calls);
        int worstMinute = 0;
        for (int i = 0, j = 0; i < calls.size(); i++) {
            while (Duration.between(calls.get(j), calls.get(i)).compareTo(Duration.ofMinutes(1)) >= 0) {
                j++;
            }
            worstMinute = Math.max(worstMinute, i - j + 1);
        }
        assertThat(worstMinute).isLessThanOrEqualTo(65);
        // Fair: while all ten run (the first 10 minutes), no task gets much more than another.
        Instant allRunning = start.plus(run.dividedBy(2));
        int min = tasks.stream().mapToInt(t -> countBefore(t.getTaskTimes(), allRunning)).min().orElseThrow();
        int max = tasks.stream().mapToInt(t -> countBefore(t.getTaskTimes(), allRunning)).max().orElseThrow();
        assertThat((double) max / min).isLessThan(1.6);
        // Every event delivered once, and changes noticed within the targets.
        for (FakeMaia t : tasks) {
            assertThat(t.events()).isNotEmpty();
            assertThat(t.decisionsReceived()).hasSize(1);
        }
        assertThat(statusLatencyMillis).hasSize(2 * TASKS);
        assertThat(eventLatencyMillis).hasSize(tasks.stream().mapToInt(t -> t.events().size()).sum());
        long p95Status = percentile(statusLatencyMillis, 95);
        long p95Events = percentile(eventLatencyMillis, 95);
        System.out.printf("calls %d, worst minute %d, getTask min %d max %d, p95 status %d ms, p95 events %d ms, "
                + "max status %d ms%n", calls.size(), worstMinute, min, max, p95Status, p95Events,
                Collections.max(statusLatencyMillis));
        assertThat(p95Status).as("p95 status detection (ms)").isLessThan(15_000);
        assertThat(p95Events).as("p95 event delivery (ms), put off while the budget is saturated").isLessThan(90_000);
    }

    private void scriptAgent(FakeMaia maia, Random random, Duration run) {
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

    private FollowListener listenerFor() {
        return new FollowListener() {
            @Override
            public void onEvent(TaskEvent event) {
                eventLatencyMillis.add(Duration.between(event.timestamp(), clock.instant()).toMillis());
            }

            @Override
            public void onStatus(Task task) {
                if (task.status() == TaskStatus.STOPPED) { // paused or finished: nothing moves after it
                    statusLatencyMillis.add(Duration.between(task.modifiedAt(), clock.instant()).toMillis());
                }
            }
        };
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
