package io.jenkins.plugins.maia.follower.follow;

import static io.jenkins.plugins.maia.follower.testing.FakeMaia.question;
import static io.jenkins.plugins.maia.follower.testing.FakeMaia.tool;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.ToolDecision;
import io.jenkins.plugins.maia.follower.budget.AccountBudgets;
import io.jenkins.plugins.maia.follower.budget.BudgetSettings;
import io.jenkins.plugins.maia.follower.decision.DecisionPolicy;
import io.jenkins.plugins.maia.follower.decision.DecisionRule;
import io.jenkins.plugins.maia.follower.decision.DecisionRules;
import io.jenkins.plugins.maia.follower.decision.Fallback;
import io.jenkins.plugins.maia.follower.decision.HumanAnswer;
import io.jenkins.plugins.maia.follower.decision.HumanDecider;
import io.jenkins.plugins.maia.follower.decision.OnDecisionTimeout;
import io.jenkins.plugins.maia.follower.decision.RuleVerdict;
import io.jenkins.plugins.maia.follower.decision.SettledDecision;
import io.jenkins.plugins.maia.follower.testing.FakeMaia;
import io.jenkins.plugins.maia.follower.testing.FakeMaia.Call;
import io.jenkins.plugins.maia.follower.testing.ManualClock;
import io.jenkins.plugins.maia.follower.testing.ManualScheduler;
import io.jenkins.plugins.maia.follower.testing.RecordingListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 in the engine, on the manual clock: explicit rules through a follow, the decision timeout (reject, fail,
 * stop) of a person asked or waited for, and the fallback WAIT, which polls on while someone answers elsewhere.
 */
class DecisionTimeoutTest {

    private static final String ACCOUNT = "http://127.0.0.1/dpc|test";
    private static final Duration LIMIT = Duration.ofHours(2);
    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

    private ManualClock clock;
    private ManualScheduler scheduler;
    private TaskFollower follower;
    private FakeMaia maia;
    private RecordingListener listener;
    private final List<List<PendingDecision>> personNeeded = new ArrayList<>();
    private final List<CompletableFuture<HumanAnswer>> asked = new ArrayList<>();

    /** A person who answers only when the test says so. */
    private final HumanDecider slowPerson = new HumanDecider() {
        @Override
        public CompletableFuture<HumanAnswer> answer(PendingDecision pending,
                io.jenkins.plugins.maia.follower.decision.DecisionView view) {
            CompletableFuture<HumanAnswer> f = new CompletableFuture<>();
            asked.add(f);
            return f;
        }

        @Override
        public String name() {
            return "alice";
        }
    };

    @BeforeEach
    void setUp() {
        clock = new ManualClock();
        scheduler = new ManualScheduler(clock);
        AccountBudgets budgets = new AccountBudgets(clock);
        follower = TaskFollower.builder().scheduler(scheduler).clock(clock).budgets(budgets)
                .budgetSettings(new BudgetSettings(6000, 100)).build();
        maia = new FakeMaia("t-1", clock).reportingTo(budgets.forAccount(ACCOUNT));
        listener = new RecordingListener() {
            @Override
            public void onPersonNeeded(List<PendingDecision> pending) {
                personNeeded.add(pending);
            }
        };
    }

    private FollowHandle follow(FollowOptions options) {
        FollowHandle handle = follower.follow(maia, ACCOUNT, FollowState.start("t-1", null), options, listener);
        scheduler.advance(Duration.ofSeconds(2));
        return handle;
    }

    private FollowResult run(FollowHandle handle) throws Exception {
        assertThat(scheduler.runUntil(() -> handle.result().isDone(), LIMIT)).as("follow ended").isTrue();
        return handle.result().get();
    }

    private FollowOptions.Builder askingWithTimeout(OnDecisionTimeout onTimeout) {
        return FollowOptions.builder().decisions(DecisionPolicy.askForEverything()).humanDecider(slowPerson)
                .decisionTimeout(TEN_MINUTES).onDecisionTimeout(onTimeout);
    }

    @Test
    void aRuleSettlesThroughTheFollowAndIsNamedToListenersAndInTheResult() throws Exception {
        DecisionRules rules = DecisionRules.of(DecisionRule.tool("git_*", RuleVerdict.REJECT));
        FollowHandle handle = follow(FollowOptions.builder()
                .decisions(DecisionPolicy.pauseForEverything().withApproveOnce("git_push").withRules(rules)).build());
        maia.pause(tool("c1", "git_push"));
        scheduler.advance(Duration.ofSeconds(20));
        maia.finish();

        FollowResult result = run(handle);

        assertThat(result.outcome()).isEqualTo(FollowOutcome.FINISHED);
        assertThat(maia.decisionsReceived()).containsExactly(List.of(ToolDecision.reject("c1")));
        assertThat(listener.decisions).singleElement().satisfies(d ->
                assertThat(d.decidedBy()).isEqualTo("rules[0]: git_* -> reject"));
        SettledDecision settled = result.decisions().get(0);
        assertThat(settled.source()).isEqualTo(SettledDecision.Source.RULE);
        assertThat(settled.ruleIndex()).isZero();
        assertThat(settled.by()).isEqualTo("rules[0]: git_* -> reject");
        assertThat(personNeeded).as("no person was needed").isEmpty();
    }

    @Test
    void failLeavesTheTaskPausedWhenNobodyAnsweredInTime() throws Exception {
        FollowHandle handle = follow(askingWithTimeout(OnDecisionTimeout.FAIL).build());
        maia.pause(tool("c1", "git_push"));
        scheduler.advance(Duration.ofSeconds(20));
        assertThat(asked).hasSize(1);
        assertThat(personNeeded).singleElement().satisfies(p -> assertThat(p).extracting(PendingDecision::toolId)
                .containsExactly("c1"));

        scheduler.advance(TEN_MINUTES.minusSeconds(30));
        assertThat(handle.result()).as("still asking just before the timeout").isNotDone();
        FollowResult result = run(handle);

        assertThat(result.outcome()).isEqualTo(FollowOutcome.NEEDS_DECISION);
        assertThat(result.detail()).contains("nobody answered within 10m", "the task is left paused");
        assertThat(result.pending()).extracting(PendingDecision::toolId).containsExactly("c1");
        assertThat(asked.get(0)).as("the question is withdrawn").isCancelled();
        assertThat(maia.calls(Call.SUBMIT)).isZero();
        assertThat(maia.calls(Call.STOP)).isZero();
    }

    @Test
    void rejectRejectsTheToolsNobodyAnsweredAndFollowsOn() throws Exception {
        FollowHandle handle = follow(askingWithTimeout(OnDecisionTimeout.REJECT).build());
        maia.pause(tool("c1", "git_push"));
        scheduler.advance(TEN_MINUTES.plusSeconds(30));
        assertThat(maia.decisionsReceived()).containsExactly(List.of(ToolDecision.reject("c1")));
        maia.finish();

        FollowResult result = run(handle);

        assertThat(result.outcome()).isEqualTo(FollowOutcome.FINISHED);
        assertThat(result.rejectedTools()).containsExactly("git_push");
        SettledDecision settled = result.decisions().get(0);
        assertThat(settled.source()).isEqualTo(SettledDecision.Source.DEFAULT);
        assertThat(settled.settledBy()).isEqualTo("the decision timeout REJECT (nobody answered within 10m)");
        assertThat(listener.decisions).singleElement().satisfies(d ->
                assertThat(d.decidedBy()).isEqualTo("decision timeout (nobody answered within 10m)"));
    }

    @Test
    void anAnswerInTimeDisarmsTheTimeout() throws Exception {
        FollowHandle handle = follow(askingWithTimeout(OnDecisionTimeout.STOP).build());
        maia.pause(tool("c1", "git_push"));
        scheduler.advance(Duration.ofMinutes(9));
        asked.get(0).complete(new HumanAnswer(ToolDecision.approveOnce("c1"), "alice"));
        scheduler.advance(Duration.ofMinutes(5));
        maia.finish();

        FollowResult result = run(handle);

        assertThat(result.outcome()).isEqualTo(FollowOutcome.FINISHED);
        assertThat(maia.calls(Call.STOP)).isZero();
        assertThat(result.decisions()).singleElement().extracting(SettledDecision::by).isEqualTo("alice");
    }

    @Test
    void aQuestionCannotBeRejectedSoItEndsAsFailSaysWhy() throws Exception {
        FollowHandle handle = follow(askingWithTimeout(OnDecisionTimeout.REJECT).build());
        maia.pause(question("q1", "{\"questions\":[{\"question\":\"Which load?\",\"options\":[\"Full\"]}]}"));

        FollowResult result = run(handle);

        assertThat(result.outcome()).isEqualTo(FollowOutcome.NEEDS_DECISION);
        assertThat(result.detail()).contains("nobody answered within 10m", "a question cannot be rejected (q1)");
        assertThat(maia.calls(Call.SUBMIT)).isZero();
    }

    @Test
    void stopStopsTheTaskAndSaysWhy() throws Exception {
        FollowHandle handle = follow(askingWithTimeout(OnDecisionTimeout.STOP).build());
        maia.pause(tool("c1", "git_push"));

        FollowResult result = run(handle);

        assertThat(result.outcome()).isEqualTo(FollowOutcome.STOPPED_ON_REQUEST);
        assertThat(result.detail()).startsWith("nobody answered within 10m (decision timeout, stop): ");
        assertThat(maia.calls(Call.STOP)).isEqualTo(1);
        assertThat(asked.get(0)).isCancelled();
        assertThat(clock.instant()).isAfterOrEqualTo(java.time.Instant.EPOCH.plus(TEN_MINUTES));
    }

    @Test
    void waitPollsOnWhileSomeoneAnswersElsewhereAndTellsThePersonOnce() throws Exception {
        FollowHandle handle = follow(FollowOptions.builder()
                .decisions(DecisionPolicy.askForEverything().withFallback(Fallback.WAIT)).build());
        maia.pause(tool("c1", "git_push"));
        scheduler.advance(Duration.ofSeconds(20));
        int reads = maia.calls(Call.GET_TASK);
        scheduler.advance(Duration.ofMinutes(30));

        assertThat(handle.result()).isNotDone();
        assertThat(maia.calls(Call.GET_TASK)).as("it polls on").isGreaterThan(reads + 10);
        assertThat(maia.calls(Call.SUBMIT)).isZero();
        assertThat(personNeeded).as("told once, not at every read").hasSize(1);

        maia.resume(); // answered in the Maia UI
        scheduler.advance(Duration.ofSeconds(30));
        maia.finish();
        FollowResult result = run(handle);

        assertThat(result.outcome()).isEqualTo(FollowOutcome.FINISHED);
        assertThat(result.decisions()).isEmpty();
    }

    @Test
    void waitEndsByTheDecisionTimeoutButNotAfterTheDecisionWasAnsweredElsewhere() throws Exception {
        FollowOptions options = FollowOptions.builder()
                .decisions(DecisionPolicy.askForEverything().withFallback(Fallback.WAIT))
                .decisionTimeout(TEN_MINUTES).onDecisionTimeout(OnDecisionTimeout.REJECT).build();
        FollowHandle handle = follow(options);
        maia.pause(tool("c1", "git_push"));
        scheduler.advance(Duration.ofMinutes(5));
        maia.resume(); // answered elsewhere within the timeout
        scheduler.advance(Duration.ofMinutes(2));
        maia.pause(tool("c2", "git_push")); // a new round: a timeout of its own
        scheduler.advance(Duration.ofMinutes(9));
        assertThat(maia.calls(Call.SUBMIT)).as("c1's timeout was disarmed when it was answered").isZero();

        scheduler.advance(Duration.ofMinutes(2));
        assertThat(maia.decisionsReceived()).containsExactly(List.of(ToolDecision.reject("c2")));
        maia.finish();
        FollowResult result = run(handle);

        assertThat(result.outcome()).isEqualTo(FollowOutcome.FINISHED);
        assertThat(personNeeded).extracting(p -> p.get(0).toolId()).containsExactly("c1", "c2");
        assertThat(handle.state().answered("c2")).isTrue();
    }
}
