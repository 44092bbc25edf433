package io.jenkins.plugins.maia.follower.follow;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.maia.client.model.TaskSummary;
import io.jenkins.plugins.maia.follower.budget.AccountBudget;
import io.jenkins.plugins.maia.follower.budget.AccountBudgets;
import io.jenkins.plugins.maia.follower.budget.BudgetSettings;
import io.jenkins.plugins.maia.follower.testing.FakeMaia;
import io.jenkins.plugins.maia.follower.testing.FakeProject;
import io.jenkins.plugins.maia.follower.testing.LoggingPort;
import io.jenkins.plugins.maia.follower.testing.ManualClock;
import io.jenkins.plugins.maia.follower.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A follow others wait on ({@link TaskFollower#followAwaited}): under a saturated budget, the reads that confirm its
 * end go ahead of the other follows' urgent calls; the same calls are made, and the end is still confirmed by the
 * final message read before the result.
 */
class AwaitedFollowTest {

    private static final String ACCOUNT = "http://127.0.0.1/dpc|awaited";
    /** One token a second, at most one saved: every call waits its turn. */
    private static final BudgetSettings TIGHT = new BudgetSettings(60, 2);

    private ManualClock clock;
    private ManualScheduler scheduler;
    private AccountBudgets budgets;
    private FakeProject project;
    private TaskFollower follower;
    /** Every call of every follow, in the order the server saw them: "task call". */
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void setUp() {
        clock = new ManualClock();
        scheduler = new ManualScheduler(clock);
        budgets = new AccountBudgets(clock);
        project = new FakeProject();
        follower = TaskFollower.builder().scheduler(scheduler).clock(clock).budgets(budgets).budgetSettings(TIGHT)
                .build();
    }

    @Test
    void theEndOfAnAwaitedTaskIsReadAheadOfTheOtherFollowsUrgentCalls() {
        List<String> afterEnd = fromEndRead(served(endWhileOthersStart(true)));

        assertThat(afterEnd).as("the end's task read, then at once its final message read")
                .startsWith("a GET_TASK", "a GET_MESSAGES");
        assertThat(afterEnd.subList(2, afterEnd.size())).as("the newcomers' urgent reads were waiting meanwhile")
                .contains("n39 GET_TASK", "n39 GET_MESSAGES");
    }

    @Test
    void whileAnAwaitedTaskIsWatchedTheWatchsRoundsGoAheadOfTheQueuedUrgentCalls() {
        // The next round is 2 s later (the watch's share of the budget), again ahead of what still waits.
        assertThat(roundAmongUrgentCalls(true)).startsWith("list", "urgent 0", "list", "urgent 1");
    }

    @Test
    void aWatchOfTasksNobodyWaitsOnQueuesItsRoundsBehindEarlierUrgentCalls() {
        assertThat(roundAmongUrgentCalls(false)).startsWith("urgent 0", "urgent 1", "urgent 2", "list");
    }

    @Test
    void anAwaitedTaskThatEndsWhileItsFirstMessageReadStillWaitsIsSeenEndingByTheWatch() {
        AccountBudget budget = budgets.forAccount(ACCOUNT, TIGHT);
        for (int i = 0; i < 5; i++) {
            budget.whenAvailableUrgently(scheduler, () -> calls.add("other"));
        }
        FakeMaia a = task("a");
        FollowHandle handle = follower.followAwaited(api(a), ACCOUNT, FollowState.start("a", null),
                FollowOptions.defaults(), null);
        scheduler.runReady();
        // Every other follow's first reads are urgent too: the message read after a's first task read waits behind
        // 30 of them, half a minute at one token a second.
        for (int i = 0; i < 30; i++) {
            budget.whenAvailableUrgently(scheduler, () -> calls.add("other"));
        }
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(calls).as("the first of the five had the saved token; a's first task read went next, ahead of "
                + "the other four (until it, no watch can look at a)").containsExactly("other", "a GET_TASK");
        scheduler.advance(Duration.ofSeconds(9));
        assertThat(calls).as("a's message read still waits").doesNotContain("a GET_MESSAGES");

        a.finish();
        assertThat(scheduler.runUntil(() -> handle.result().isDone(), Duration.ofSeconds(8))).as("end seen").isTrue();

        assertThat(handle.result().join().outcome()).isEqualTo(FollowOutcome.FINISHED);
        assertThat(handle.result().join().messagesComplete()).isTrue();
        assertThat(budget.waiting()).as("the other urgent calls still wait").isGreaterThan(15);
        List<String> own = calls.stream().filter(c -> !c.equals("other")).toList();
        assertThat(own).as("the watch's rounds went on and saw the end; the final read overtook the waiting one")
                .startsWith("a GET_TASK", "list").endsWith("list", "a GET_TASK", "a GET_MESSAGES")
                .containsOnlyOnce("a GET_MESSAGES");
    }

    /** Three urgent calls wait for an empty budget, then a task ({@code awaited} or not) is watched: who goes when. */
    private List<String> roundAmongUrgentCalls(boolean awaited) {
        AccountBudget budget = budgets.forAccount(ACCOUNT, TIGHT);
        FakeMaia task = task("a");
        ProjectWatch watch = new ProjectWatch("p", budget, scheduler, clock);
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        assertThat(budget.tryAcquire()).isTrue();
        for (int i = 0; i < 3; i++) {
            String name = "urgent " + i;
            budget.whenAvailableUrgently(scheduler, () -> order.add(name));
        }

        watch.subscribe(q -> {
            order.add("list");
            return project.listTasks(q);
        }, task.getTask("a"), PollingPolicy.defaults(), Duration.ZERO, new ProjectWatch.Subscriber() {
            @Override
            public void changed(TaskSummary row) {}

            @Override
            public void readYourself() {}
        }, awaited);
        scheduler.advance(Duration.ofSeconds(5));

        return List.copyOf(order);
    }

    @Test
    void aFollowNobodyWaitsOnReadsItsEndInTurnWithTheOtherUrgentCalls() {
        List<String> afterEnd = fromEndRead(served(endWhileOthersStart(false)));

        assertThat(afterEnd).first().isEqualTo("a GET_TASK");
        assertThat(afterEnd.indexOf("a GET_MESSAGES")).as("other follows' urgent calls came between")
                .isGreaterThan(1);
    }

    /**
     * Follows task a ({@code awaited} or not) until it is watched, then finishes it while new follows start, two a
     * second for 20 s (each one's first task and message reads are urgent: the urgent queue grows), and returns the
     * calls made from a's end on, with each newcomer's start ("start n0").
     */
    private List<String> endWhileOthersStart(boolean awaited) {
        FakeMaia a = task("a");
        FollowHandle handle = awaited
                ? follower.followAwaited(api(a), ACCOUNT, FollowState.start("a", null), FollowOptions.defaults(), null)
                : follower.follow(api(a), ACCOUNT, FollowState.start("a", null), FollowOptions.defaults(), null);
        scheduler.advance(Duration.ofSeconds(30)); // read, messages read, watched
        assertThat(follower.watch(ACCOUNT, "p").subscribers()).isEqualTo(1);
        int before = calls.size();

        a.finish();
        for (int i = 0; i < 40; i++) {
            String id = "n" + i;
            calls.add("start " + id);
            follower.follow(api(task(id)), ACCOUNT, FollowState.start(id, null), FollowOptions.defaults(), null);
            scheduler.advance(Duration.ofMillis(500));
        }
        assertThat(scheduler.runUntil(() -> handle.result().isDone(), Duration.ofMinutes(5))).isTrue();
        assertThat(handle.result().join().outcome()).isEqualTo(FollowOutcome.FINISHED);
        scheduler.advance(Duration.ofMinutes(2)); // the newcomers' reads that were still waiting

        List<String> made = new ArrayList<>(calls.subList(before, calls.size()));
        assertThat(made).as("a's end was read once").containsOnlyOnce("a GET_TASK");
        return made;
    }

    /** The calls the server saw, without the starts of the follows. */
    private static List<String> served(List<String> log) {
        return log.stream().filter(c -> !c.startsWith("start ")).toList();
    }

    private static List<String> fromEndRead(List<String> calls) {
        return calls.subList(calls.indexOf("a GET_TASK"), calls.size());
    }

    private FakeMaia task(String id) {
        FakeMaia task = new FakeMaia(id, clock).reportingTo(budgets.forAccount(ACCOUNT)).addText("assistant", "hi");
        project.add(task);
        return task;
    }

    /** The follow's port to {@code task}, logging each call (a task's calls, and the list calls as "list"). */
    private TaskApi api(FakeMaia task) {
        TaskApi port = project.api(task);
        String id = task.summary().taskId();
        return new LoggingPort(port, id + " ", calls);
    }
}
