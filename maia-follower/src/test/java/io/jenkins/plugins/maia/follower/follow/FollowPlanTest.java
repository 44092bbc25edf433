package io.jenkins.plugins.maia.follower.follow;

import static io.jenkins.plugins.maia.follower.testing.FakeMaia.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.maia.client.MaiaClient;
import io.jenkins.plugins.maia.client.auth.StaticToken;
import io.jenkins.plugins.maia.follower.budget.AccountBudgets;
import io.jenkins.plugins.maia.follower.budget.BudgetSettings;
import io.jenkins.plugins.maia.follower.decision.DecisionPolicy;
import io.jenkins.plugins.maia.follower.decision.Fallback;
import io.jenkins.plugins.maia.follower.decision.HumanDecider;
import io.jenkins.plugins.maia.follower.decision.Verdict;
import io.jenkins.plugins.maia.follower.testing.ManualClock;
import io.jenkins.plugins.maia.follower.testing.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** One place turns a front end's plain settings into the follower's polling, budget and decision policies. */
class FollowPlanTest {

    @Test
    void nothingSetGivesTheFollowersDefaults() {
        FollowPlan plan = FollowPlan.builder().build();

        assertThat(plan.polling()).isEqualTo(PollingPolicy.defaults());
        assertThat(plan.budget()).isEqualTo(BudgetSettings.defaults());
        assertThat(plan.decisions()).isEqualTo(DecisionPolicy.askForEverything());
        assertThat(plan.giveUpAfter()).isEqualTo(FollowOptions.DEFAULT_GIVE_UP_AFTER);
        assertThat(plan.options(null, null).giveUpAfter()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void giveUpAfterReachesTheFollowsOptions() {
        FollowPlan plan = FollowPlan.builder().giveUpAfter(Duration.ofSeconds(45)).build();

        assertThat(plan.giveUpAfter()).isEqualTo(Duration.ofSeconds(45));
        assertThat(plan.options(null, null).giveUpAfter()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void theFirstIntervalLongerThanTheDefaultLongestIsTheLongestToo() {
        assertThat(FollowPlan.builder().pollInterval(Duration.ofSeconds(3)).build().polling())
                .isEqualTo(new PollingPolicy(Duration.ofSeconds(3), 1.5, Duration.ofSeconds(15)));
        assertThat(FollowPlan.builder().pollInterval(Duration.ofSeconds(30)).build().polling())
                .isEqualTo(new PollingPolicy(Duration.ofSeconds(30), 1.5, Duration.ofSeconds(30)));
    }

    @Test
    void theLongestIntervalShorterThanTheDefaultFirstIsTheFirstToo() {
        assertThat(FollowPlan.builder().maxPollInterval(Duration.ofSeconds(60)).build().polling())
                .isEqualTo(new PollingPolicy(Duration.ofSeconds(1), 1.5, Duration.ofSeconds(60)));
        assertThat(FollowPlan.builder().maxPollInterval(Duration.ofMillis(500)).build().polling())
                .isEqualTo(new PollingPolicy(Duration.ofMillis(500), 1.5, Duration.ofMillis(500)));
        assertThat(FollowPlan.builder().pollInterval(Duration.ofSeconds(5)).maxPollInterval(Duration.ofSeconds(120))
                .build().polling()).isEqualTo(new PollingPolicy(Duration.ofSeconds(5), 1.5, Duration.ofSeconds(120)));
    }

    @Test
    void aFixedIntervalOverridesBoth() {
        assertThat(FollowPlan.builder().pollInterval(Duration.ofSeconds(5)).maxPollInterval(Duration.ofSeconds(60))
                .fixedPollInterval(Duration.ofMillis(200)).build().polling())
                .isEqualTo(PollingPolicy.fixed(Duration.ofMillis(200)));
    }

    @Test
    void aRateAloneGetsATenthOfItAsBurstButAtLeastFive() {
        assertThat(FollowPlan.builder().requestsPerMinute(600).build().budget()).isEqualTo(new BudgetSettings(600, 60));
        assertThat(FollowPlan.builder().requestsPerMinute(20).build().budget()).isEqualTo(new BudgetSettings(20, 5));
        assertThat(FollowPlan.builder().requestsPerMinute(120).burst(3).build().budget())
                .isEqualTo(new BudgetSettings(120, 3));
    }

    @Test
    void toolListsAnswersAndFallbackMakeTheDecisionPolicy() {
        FollowPlan plan = FollowPlan.builder().approveOnce(List.of("query_warehouse", "query_warehouse"))
                .approveForTask(List.of("git_push")).reject(List.of("delete_file")).answers(Map.of(0, "Yes"))
                .fallback(Fallback.PAUSE).build();

        assertThat(plan.decisions()).isEqualTo(new DecisionPolicy(Set.of("query_warehouse"), Set.of("git_push"),
                Set.of("delete_file"), Map.of(0, "Yes"), Fallback.PAUSE));
        assertThat(plan.decisions().decide(tool("c1", "delete_file"))).isInstanceOf(Verdict.Settled.class);
    }

    @Test
    void withAHumanToAskTheUndecidedGoToThatHumanAndWithoutOneThePlansFallbackApplies() {
        FollowPlan plan = FollowPlan.builder().approveOnce(List.of("git_push")).fallback(Fallback.PAUSE).build();
        HumanDecider human = (p, v) -> CompletableFuture.completedFuture(null);

        FollowOptions asked = plan.options(human, text -> text.replace("s3cret", "****"));
        FollowOptions alone = plan.options(null, null);

        assertThat(asked.decisions()).isEqualTo(plan.decisions().withFallback(Fallback.ASK));
        assertThat(asked.humanDecider()).isSameAs(human);
        assertThat(asked.polling()).isEqualTo(plan.polling());
        assertThat(asked.redactor().redact("a s3cret")).isEqualTo("a ****");
        assertThat(alone.decisions()).isEqualTo(plan.decisions());
        assertThat(alone.humanDecider()).isNull();
        assertThat(alone.redactor().redact("a s3cret")).isEqualTo("a s3cret");
        assertThat(alone.stopGrace()).isEqualTo(FollowOptions.DEFAULT_STOP_GRACE);
    }

    @Test
    void theBudgetIsHandedOverExplicitlyToTheFollowersRegistryForTheClientsAccount() {
        AccountBudgets registry = new AccountBudgets(new ManualClock(Instant.parse("2026-04-08T10:00:00Z")));
        TaskFollower follower = TaskFollower.builder().scheduler(new ManualScheduler(
                new ManualClock(Instant.parse("2026-04-08T10:00:00Z")))).budgets(registry).build();
        MaiaClient client = MaiaClient.builder().baseUrl("http://127.0.0.1:9/dpc").tokenSource(StaticToken.of("tok"))
                .build();
        FollowPlan plan = FollowPlan.builder().requestsPerMinute(30).burst(2).build();

        MaiaClient budgeted = plan.budgeted(follower, client);

        assertThat(registry.forAccount(client.accountKey()).settings()).isEqualTo(new BudgetSettings(30, 2));
        assertThat(budgeted.accountKey()).isEqualTo(client.accountKey());
        assertThat(AccountBudgets.shared()).isNotSameAs(registry);
    }

    @Test
    void badSettingsNameTheSetting() {
        assertThatThrownBy(() -> FollowPlan.builder().requestsPerMinute(0).build())
                .hasMessageContaining("requestsPerMinute");
        assertThatThrownBy(() -> FollowPlan.builder().fallback(null).build()).hasMessageContaining("fallback");
        assertThatThrownBy(() -> FollowPlan.builder().pollInterval(Duration.ZERO).build())
                .hasMessageContaining("initial");
        assertThatThrownBy(() -> FollowPlan.builder().giveUpAfter(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("giveUpAfter must be positive").hasMessageContaining("default is PT5M");
    }
}
