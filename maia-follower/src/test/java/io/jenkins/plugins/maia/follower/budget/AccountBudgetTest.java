package io.jenkins.plugins.maia.follower.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.maia.follower.testing.ManualClock;
import io.jenkins.plugins.maia.follower.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccountBudgetTest {

    private final ManualClock clock = new ManualClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);

    @Test
    void burstThenSteadyRate() {
        AccountBudget budget = new AccountBudget(BudgetSettings.defaults(), clock);

        // The server allows bursts of 5; the client keeps one token in reserve for clock skew between the buckets.
        assertThat(BudgetSettings.defaults().bucketCapacity()).isEqualTo(4);
        for (int i = 0; i < 4; i++) {
            assertThat(budget.tryAcquire()).as("burst token %d", i).isTrue();
        }
        assertThat(budget.tryAcquire()).isFalse();
        assertThat(budget.timeUntilAvailable()).isEqualTo(Duration.ofSeconds(1));

        clock.advance(Duration.ofMillis(999));
        assertThat(budget.tryAcquire()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(budget.tryAcquire()).isTrue();

        clock.advance(Duration.ofMinutes(10)); // saving up is capped at the bucket's capacity
        int taken = 0;
        while (budget.tryAcquire()) {
            taken++;
        }
        assertThat(taken).isEqualTo(4);
        assertThat(new BudgetSettings(60, 1).bucketCapacity()).as("never below one").isEqualTo(1);
    }

    @Test
    void rateLimitPausesTheWholeAccountAndEmptiesTheBucket() {
        AccountBudget budget = new AccountBudget(BudgetSettings.defaults(), clock);
        assertThat(budget.tryAcquire()).isTrue();

        budget.onRateLimited(Duration.ofSeconds(30));

        assertThat(budget.tryAcquire()).isFalse();
        assertThat(budget.pausedUntil()).isEqualTo(clock.instant().plusSeconds(30));
        assertThat(budget.timeUntilAvailable()).isEqualTo(Duration.ofSeconds(31)); // pause, then one token's refill
        clock.advance(Duration.ofSeconds(30));
        assertThat(budget.tryAcquire()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(budget.tryAcquire()).isTrue();
        assertThat(budget.tryAcquire()).isFalse(); // no burst right after a 429
        assertThat(budget.rateLimitedCount()).isEqualTo(1);
    }

    @Test
    void waitersAreServedFirstComeFirstServedAndTakeTurnsWhenSaturated() {
        AccountBudget budget = new AccountBudget(BudgetSettings.defaults(), clock);
        Map<String, Integer> grants = new HashMap<>();
        List<String> order = new ArrayList<>();
        // Three greedy follows: each queues again as soon as it is served (the worst case for fairness).
        for (String name : List.of("a", "b", "c")) {
            requeue(budget, name, grants, order);
        }

        scheduler.advance(Duration.ofMinutes(3));

        // 5 burst + 60/min for 3 minutes, shared evenly.
        assertThat(grants.values().stream().mapToInt(Integer::intValue).sum()).isBetween(184, 186);
        assertThat(grants.values()).allSatisfy(n -> assertThat(n).isBetween(61, 62));
        assertThat(order.subList(0, 9)).containsExactly("a", "b", "c", "a", "b", "c", "a", "b", "c");
    }

    private void requeue(AccountBudget budget, String name, Map<String, Integer> grants, List<String> order) {
        budget.whenAvailable(scheduler, () -> {
            grants.merge(name, 1, Integer::sum);
            order.add(name);
            requeue(budget, name, grants, order);
        });
    }

    @Test
    void urgentWaitersGoFirstAndCancelledOnesAreSkipped() {
        AccountBudget budget = new AccountBudget(new BudgetSettings(60, 1), clock);
        assertThat(budget.tryAcquire()).isTrue();
        List<String> order = new ArrayList<>();
        budget.whenAvailable(scheduler, () -> order.add("first"));
        AccountBudget.Reservation cancelled = budget.whenAvailable(scheduler, () -> order.add("cancelled"));
        budget.whenAvailable(scheduler, () -> order.add("last"));
        budget.whenAvailableUrgently(scheduler, () -> order.add("stop"));
        assertThat(budget.waiting()).isEqualTo(4);

        assertThat(cancelled.cancel()).isTrue();
        scheduler.advance(Duration.ofSeconds(10));

        assertThat(order).containsExactly("stop", "first", "last");
        assertThat(cancelled.cancel()).isFalse();
        assertThat(budget.waiting()).isZero();
    }

    @Test
    void urgentWaitersAreServedInTheOrderTheyCameSoLaterUrgentOnesCannotPushAnEarlierOneBack() {
        AccountBudget budget = new AccountBudget(new BudgetSettings(60, 1), clock);
        assertThat(budget.tryAcquire()).isTrue();
        List<String> order = new ArrayList<>();
        budget.whenAvailable(scheduler, () -> order.add("routine"));
        budget.whenAvailableUrgently(scheduler, () -> order.add("status read"));
        budget.whenAvailableUrgently(scheduler, () -> order.add("watch round 1"));
        budget.whenAvailableUrgently(scheduler, () -> order.add("watch round 2"));
        AccountBudget.Reservation cancelled = budget.whenAvailableUrgently(scheduler, () -> order.add("cancelled"));
        assertThat(budget.waiting()).isEqualTo(5);

        assertThat(cancelled.cancel()).isTrue();
        scheduler.advance(Duration.ofSeconds(10));

        assertThat(order).containsExactly("status read", "watch round 1", "watch round 2", "routine");
        assertThat(budget.waiting()).isZero();
    }

    @Test
    void waitersThatOthersWaitOnGoAheadOfUrgentAndRoutineOnesInTheOrderTheyCame() {
        AccountBudget budget = new AccountBudget(new BudgetSettings(60, 1), clock);
        assertThat(budget.tryAcquire()).isTrue();
        List<String> order = new ArrayList<>();
        budget.whenAvailable(scheduler, () -> order.add("routine"));
        budget.whenAvailableUrgently(scheduler, () -> order.add("watch round"));
        budget.whenAvailableFirst(scheduler, () -> order.add("create of a dependent"), 0);
        AccountBudget.Reservation cancelled = budget.whenAvailableFirst(scheduler, () -> order.add("cancelled"), 0);
        budget.whenAvailableFirst(scheduler, () -> order.add("final read of an awaited task"), 1);
        assertThat(budget.waiting()).isEqualTo(5);

        assertThat(cancelled.cancel()).isTrue();
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(order).as("one token a second").containsExactly("create of a dependent");
        scheduler.advance(Duration.ofSeconds(10));

        assertThat(order).containsExactly("create of a dependent", "final read of an awaited task", "watch round",
                "routine");
        assertThat(budget.waiting()).isZero();
    }

    @Test
    void inTheFirstQueueAChainNearerItsEndGoesFirstSoOneDependentStartsBeforeTheOtherChainsReads() {
        AccountBudget budget = new AccountBudget(new BudgetSettings(60, 1), clock);
        assertThat(budget.tryAcquire()).isTrue();
        List<String> order = new ArrayList<>();
        // Two tasks others wait on ended in the same round: each chain is its end read, its final read, a create.
        for (String task : List.of("a", "b")) {
            budget.whenAvailableFirst(scheduler, () -> {
                order.add(task + " end read");
                budget.whenAvailableFirst(scheduler, () -> {
                    order.add(task + " final read");
                    budget.whenAvailableFirst(scheduler, () -> order.add(task + "'s dependent created"), 0);
                }, 1);
            }, 2);
        }
        budget.whenAvailableToLookOut(scheduler, () -> order.add("round"));

        scheduler.advance(Duration.ofSeconds(6));

        assertThat(order).as("one token a second; a's dependent starts after 3 s, not 5").containsExactly(
                "a end read", "a final read", "a's dependent created", "b end read", "b final read",
                "b's dependent created");
        assertThatThrownBy(() -> budget.whenAvailableFirst(scheduler, () -> {}, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("callsLeft must be 0 to 2, was 3");
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(order).as("the round after the chains").endsWith("round");
    }

    @Test
    void aHoldKeepsThreeTokensForTheFirstQueueUntilItIsClosed() {
        AccountBudget budget = new AccountBudget(BudgetSettings.defaults(), clock);
        AccountBudget.Hold hold = budget.holdBackForFirst();

        // Four tokens: the routine callers get one, the last three are held back.
        assertThat(budget.tryAcquire()).isTrue();
        assertThat(budget.tryAcquire()).as("a held token").isFalse();
        assertThat(budget.timeUntilAvailable()).isEqualTo(Duration.ofSeconds(1));
        List<String> order = new ArrayList<>();
        budget.whenAvailable(scheduler, () -> order.add("routine"));
        budget.whenAvailableUrgently(scheduler, () -> order.add("urgent"));
        budget.whenAvailableFirst(scheduler, () -> order.add("c's end read"), 2);
        budget.whenAvailableFirst(scheduler, () -> order.add("b's final read"), 1);
        budget.whenAvailableFirst(scheduler, () -> order.add("a's create"), 0);
        scheduler.runReady();
        assertThat(order).as("the first queue spends the held tokens at once")
                .containsExactly("c's end read", "b's final read", "a's create");

        // Empty now: the others wait until the bucket is full again, and the first queue still goes first.
        scheduler.advance(Duration.ofMillis(2_500));
        budget.whenAvailableFirst(scheduler, () -> order.add("d's create"), 0);
        scheduler.runReady();
        assertThat(order).endsWith("a's create", "d's create");
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(order).as("2.5 tokens: not yet").endsWith("d's create");
        scheduler.advance(Duration.ofSeconds(2));
        assertThat(order).as("a full bucket").endsWith("d's create", "urgent");

        hold.close();
        hold.close(); // again: nothing
        scheduler.runReady();
        assertThat(order).as("closed: the tokens left are everyone's").endsWith("urgent", "routine");
        assertThat(budget.waiting()).isZero();
        scheduler.advance(Duration.ofSeconds(3));
        for (int i = 0; i < 4; i++) {
            assertThat(budget.tryAcquire()).isTrue();
        }
        assertThat(budget.tryAcquire()).isFalse();
    }

    @Test
    void lookoutWaitersGoBehindTheFirstOnesAheadOfUrgentOnesAndMayTakeHeldTokens() {
        AccountBudget budget = new AccountBudget(BudgetSettings.defaults(), clock);
        AccountBudget.Hold hold = budget.holdBackForFirst();
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            budget.whenAvailableFirst(scheduler, () -> order.add("earlier"), 0);
        }
        budget.whenAvailableUrgently(scheduler, () -> order.add("urgent"));
        budget.whenAvailableToLookOut(scheduler, () -> order.add("round"));
        budget.whenAvailableFirst(scheduler, () -> order.add("create"), 0);
        scheduler.runReady();
        assertThat(order).as("the bucket is empty").containsExactly("earlier", "earlier", "earlier", "earlier");

        scheduler.advance(Duration.ofSeconds(1));
        assertThat(order).endsWith("earlier", "create");
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(order).as("a held token: the lookout may take it").endsWith("create", "round");
        scheduler.advance(Duration.ofSeconds(3));
        assertThat(order).as("the urgent call waits for a fourth token").doesNotContain("urgent");
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(order).endsWith("round", "urgent");
        hold.close();
    }

    @Test
    void aHoldLeavesOneTokenToTheOthersInASmallBucket() {
        AccountBudget budget = new AccountBudget(new BudgetSettings(60, 2), clock);
        try (AccountBudget.Hold hold = budget.holdBackForFirst()) {
            assertThat(budget.tryAcquire()).as("a bucket of one holds nothing back").isTrue();
        }
        AccountBudget small = new AccountBudget(new BudgetSettings(60, 3), clock);
        try (AccountBudget.Hold hold = small.holdBackForFirst()) {
            assertThat(small.tryAcquire()).as("a bucket of two holds one back").isTrue();
            assertThat(small.tryAcquire()).isFalse();
        }
    }

    @Test
    void queuedWaitersWaitOutA429() {
        AccountBudget budget = new AccountBudget(BudgetSettings.defaults(), clock);
        List<Duration> servedAt = new ArrayList<>();
        java.time.Instant start = clock.instant();
        budget.onRateLimited(Duration.ofSeconds(20));
        budget.whenAvailable(scheduler, () -> servedAt.add(Duration.between(start, clock.instant())));

        scheduler.advance(Duration.ofSeconds(60));

        assertThat(servedAt).containsExactly(Duration.ofSeconds(21));
    }

    @Test
    void blockingAcquireReturnsWhenATokenIsFree() throws InterruptedException {
        AccountBudget budget = new AccountBudget(new BudgetSettings(60, 2));
        budget.acquire();
        budget.acquire();
        assertThat(budget.granted()).isEqualTo(2);
        assertThat(budget.tryAcquire()).isFalse();
    }

    @Test
    void registryGivesOneBudgetPerAccountAndAppliesNewSettings() {
        AccountBudgets budgets = new AccountBudgets(clock);
        AccountBudget a = budgets.forAccount("https://eu1/dpc|client:a");
        assertThat(budgets.forAccount("https://eu1/dpc|client:a")).isSameAs(a);
        assertThat(budgets.forAccount("https://eu1/dpc|client:b")).isNotSameAs(a);
        assertThat(a.settings()).isEqualTo(BudgetSettings.defaults());

        budgets.forAccount("https://eu1/dpc|client:a", new BudgetSettings(1000, 10));

        assertThat(a.settings()).isEqualTo(new BudgetSettings(1000, 10));
        assertThat(AccountBudgets.shared()).isSameAs(AccountBudgets.shared());
        assertThatThrownBy(() -> budgets.forAccount(" ")).hasMessageContaining("accountKey");
        assertThatThrownBy(() -> new BudgetSettings(0, 5)).hasMessageContaining("requestsPerMinute");
        assertThatThrownBy(() -> new BudgetSettings(60, 0)).hasMessageContaining("burst");
    }
}
