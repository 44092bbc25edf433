package io.jenkins.plugins.maia.follower.follow;

import static io.jenkins.plugins.maia.follower.testing.FakeMaia.question;
import static io.jenkins.plugins.maia.follower.testing.FakeMaia.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.maia.client.MaiaException;
import io.jenkins.plugins.maia.client.model.QuestionDecision;
import io.jenkins.plugins.maia.client.model.TaskStatus;
import io.jenkins.plugins.maia.client.model.ToolDecision;
import io.jenkins.plugins.maia.follower.budget.AccountBudgets;
import io.jenkins.plugins.maia.follower.budget.BudgetSettings;
import io.jenkins.plugins.maia.follower.decision.DecisionPolicy;
import io.jenkins.plugins.maia.follower.decision.Fallback;
import io.jenkins.plugins.maia.follower.decision.HumanAnswer;
import io.jenkins.plugins.maia.follower.decision.SettledDecision;
import io.jenkins.plugins.maia.follower.testing.FakeMaia;
import io.jenkins.plugins.maia.follower.testing.FakeMaia.Call;
import io.jenkins.plugins.maia.follower.testing.ManualClock;
import io.jenkins.plugins.maia.follower.testing.ManualScheduler;
import io.jenkins.plugins.maia.follower.testing.RecordingListener;
import io.jenkins.plugins.maia.follower.transcript.Redactor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue 12, items 1 to 5, in the engine: every outcome says what really happened. */
class HonestOutcomesTest {

    private static final String ACCOUNT = "http://127.0.0.1/dpc|test";
    private static final Duration LIMIT = Duration.ofHours(2);

    private ManualClock clock;
    private ManualScheduler scheduler;
    private AccountBudgets budgets;
    private FakeMaia maia;
    private RecordingListener listener;

    @BeforeEach
    void setUp() {
        clock = new ManualClock();
        scheduler = new ManualScheduler(clock);
        budgets = new AccountBudgets(clock);
        maia = new FakeMaia("t-1", clock).reportingTo(budgets.forAccount(ACCOUNT));
        listener = new RecordingListener();
    }

    private TaskFollower follower(BudgetSettings budget) {
        return TaskFollower.builder().scheduler(scheduler).clock(clock).budgets(budgets).budgetSettings(budget)
                .messagePageSize(5).build();
    }

    private FollowHandle follow(FollowOptions options, Instant deadline) {
        return follower(new BudgetSettings(6000, 100)).follow(maia, ACCOUNT, FollowState.start("t-1", deadline),
                options, listener);
    }

    private FollowResult run(FollowHandle handle) throws Exception {
        assertThat(scheduler.runUntil(() -> handle.result().isDone(), LIMIT)).as("follow ended").isTrue();
        return handle.result().get();
    }

    private static FollowOptions pauseForEverything() {
        return FollowOptions.builder().decisions(DecisionPolicy.pauseForEverything()).build();
    }

    private static JsonNode json(String text) throws Exception {
        return FakeMaia.JSON.readTree(text);
    }

    // ---- 1. stopped is not finished ------------------------------------------------------------------------------

    @Test
    void aTaskSeenStoppingThenStoppedWasStoppedElsewhereNotFinished() throws Exception {
        FollowHandle handle = follow(pauseForEverything(), null);
        scheduler.advance(Duration.ofSeconds(5));
        maia.stopElsewhere();
        scheduler.advance(Duration.ofSeconds(20));
        maia.finish();

        FollowResult result = run(handle);

        assertThat(result.outcome()).isEqualTo(FollowOutcome.STOPPED);
        assertThat(result.detail()).isEqualTo(Ending.SEEN_STOPPING);
        assertThat(result.task().status()).isEqualTo(TaskStatus.STOPPED);
        assertThat(maia.calls(Call.STOP)).as("this follow stopped nothing").isZero();
        assertThat(Conclusion.of(result, false)).isEqualTo(Conclusion.STOPPED);
    }

    @Test
    void aStopTheEventsReportIsAStopEvenWhenStoppingWasNeverSeen() throws Exception {
        FollowHandle handle = follow(pauseForEverything(), null);
        scheduler.advance(Duration.ofSeconds(5));
        maia.addText("assistant", "Stopping as requested.")
                .addEvent(json("{\"type\":\"status\",\"status\":\"STOPPED\",\"reason\":\"stopped\"}")).finish();

        FollowResult result = run(handle);

        assertThat(result.outcome()).isEqualTo(FollowOutcome.STOPPED);
        assertThat(result.detail()).isEqualTo("its events say it was stopped (reason: stopped; the API does not "
                + "say who stopped it)");
        assertThat(result.lastAgentMessage()).isEqualTo("Stopping as requested.");
    }

    @Test
    void whoStoppedTheTaskIsNamedWhenItsEventsSay() throws Exception {
        maia.addEvent(json("{\"type\":\"status\",\"status\":\"STOPPING\",\"stoppedBy\":\"alice\"}")).finish();

        FollowResult result = run(follow(pauseForEverything(), null));

        assertThat(result.outcome()).isEqualTo(FollowOutcome.STOPPED);
        assertThat(result.detail()).isEqualTo("its events say it was stopped (stopped by alice)");
    }

    @Test
    void aStopThatAFollowUpResumedIsForgottenWhenTheTaskThenFinishes() throws Exception {
        maia.addEvent(json("{\"type\":\"status\",\"status\":\"STOPPED\",\"reason\":\"stopped\"}"))
                .addText("user", "Go on, please")
                .addText("assistant", "Done.")
                .addEvent(json("{\"type\":\"status\",\"status\":\"STOPPED\",\"reason\":\"finished\"}")).finish();

        FollowResult result = run(follow(pauseForEverything(), null));

        assertThat(result.outcome()).isEqualTo(FollowOutcome.FINISHED);
        assertThat(result.lastAgentMessage()).isEqualTo("Done.");
    }

    // ---- 2. an ERRORED task shows its error ----------------------------------------------------------------------

    @Test
    void anErroredTaskCarriesTheErrorEventsTextApartFromTheLastAgentMessage() throws Exception {
        FollowOptions masking = pauseForEverything().toBuilder().redactor(Redactor.of(List.of("s3cr3t-pw"))).build();
        FollowHandle handle = follow(masking, null);
        scheduler.advance(Duration.ofSeconds(3));
        maia.addText("assistant", "Retrying the connection.")
                .addEvent(json("{\"type\":\"error\",\"message\":\"Could not connect as loader/s3cr3t-pw: refused\"}"))
                .addEvent(json("{\"type\":\"status\",\"status\":\"ERRORED\",\"reason\":\"errored\"}")).error();

        FollowResult result = run(handle);

        assertThat(result.outcome()).isEqualTo(FollowOutcome.ERRORED);
        assertThat(result.error()).isEqualTo("Could not connect as loader/****: refused");
        assertThat(result.lastAgentMessage()).isEqualTo("Retrying the connection.");
        assertThat(result.detail()).isEqualTo("the task is ERRORED: Could not connect as loader/****: refused");
    }

    @Test
    void anSdkErrorResultIsTheErrorAndAnErroredTaskWithoutOneSaysSo() throws Exception {
        maia.addEvent(json("{\"type\":\"result\",\"subtype\":\"error_during_execution\",\"is_error\":true,"
                + "\"result\":\"The warehouse is read-only\"}")).error();
        FollowResult withError = run(follow(pauseForEverything(), null));

        FakeMaia silent = new FakeMaia("t-2", clock);
        silent.addText("assistant", "Working.").error();
        FollowHandle second = follower(new BudgetSettings(6000, 100)).follow(silent, ACCOUNT,
                FollowState.start("t-2", null), pauseForEverything(), new RecordingListener());
        FollowResult without = run(second);

        assertThat(withError.error()).isEqualTo("The warehouse is read-only");
        assertThat(without.outcome()).isEqualTo(FollowOutcome.ERRORED);
        assertThat(without.error()).isNull();
        assertThat(without.detail()).isEqualTo("the task is ERRORED, and none of its events said why; see its "
                + "messages");
    }

    @Test
    void theLastAgentMessageIsTheAgentsLastTextOrItsFinalSummary() throws Exception {
        maia.addEvent(json("{\"type\":\"assistant\",\"message\":{\"role\":\"assistant\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"Querying.\"},{\"type\":\"tool_use\",\"id\":\"toolu_1\","
                + "\"name\":\"query_warehouse\",\"input\":{\"query\":\"SELECT 1\"}}]}}"))
                .addEvent(json("{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":[{\"type\":"
                        + "\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"1 row\"}]}}"))
                .addEvent(json("{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,"
                        + "\"result\":\"Loaded 1 row into sales.\"}"))
                .finish();

        FollowResult result = run(follow(pauseForEverything(), null));

        assertThat(result.outcome()).isEqualTo(FollowOutcome.FINISHED);
        assertThat(result.lastAgentMessage()).isEqualTo("Loaded 1 row into sales.");
    }

    // ---- 3. complete means complete ------------------------------------------------------------------------------

    @Test
    void afterATimeoutEveryMessageThatExistsIsReadAndTheStatusIsTheServersLast() throws Exception {
        Instant deadline = clock.instant().plus(Duration.ofSeconds(60));
        FollowHandle handle = follow(pauseForEverything(), deadline);
        scheduler.advance(Duration.ofSeconds(50)); // the polls are 15 s apart by now: the next comes after 60 s
        maia.addEvents(40);
        Instant lastChange = maia.summary().modifiedAt();

        FollowResult result = run(handle);

        assertThat(result.outcome()).isEqualTo(FollowOutcome.TIMED_OUT);
        assertThat(result.messagesComplete()).isTrue();
        assertThat(listener.events).hasSize(40);
        assertThat(result.state().cursor().delivered()).isEqualTo(40);
        assertThat(result.task().modifiedAt()).as("the server's last word").isEqualTo(lastChange);
        assertThat(clock.instant()).isBefore(deadline.plusSeconds(Finishing.FINAL_READ_GRACE.toSeconds()));
    }

    @Test
    void aTaskThatEndedByTheDeadlineIsReportedAsItsEnd() throws Exception {
        Instant deadline = clock.instant().plus(Duration.ofSeconds(60));
        FollowHandle handle = follow(pauseForEverything(), deadline);
        scheduler.advance(Duration.ofSeconds(50));
        maia.addText("assistant", "Finished just in time.").finish();

        FollowResult result = run(handle);

        assertThat(result.outcome()).isEqualTo(FollowOutcome.FINISHED);
        assertThat(result.lastAgentMessage()).isEqualTo("Finished just in time.");
        assertThat(result.messagesComplete()).isTrue();
    }

    @Test
    void theReadAfterATimeoutHasAGraceAndWhatItLeavesIsFlaggedNotClaimed() throws Exception {
        Instant deadline = clock.instant().plus(Duration.ofSeconds(60));
        FollowHandle handle = follower(new BudgetSettings(60, 1)).follow(maia, ACCOUNT,
                FollowState.start("t-1", deadline), pauseForEverything(), listener);
        scheduler.advance(Duration.ofSeconds(50));
        maia.addEvents(2_000); // 400 pages of 5 at one call a second: more than the grace allows

        FollowResult result = run(handle);

        assertThat(result.outcome()).isEqualTo(FollowOutcome.TIMED_OUT);
        assertThat(result.messagesComplete()).isFalse();
        assertThat(result.unreadReason()).isEqualTo("more messages were still being read when the final read's "
                + "grace of 30 s ran out");
        assertThat(listener.events).hasSizeBetween(5, 1_999);
        assertThat(result.state().cursor().delivered()).isEqualTo(listener.events.size());
        assertThat(clock.instant()).isBefore(deadline.plus(Finishing.FINAL_READ_GRACE).plusSeconds(2));
    }

    // ---- 4. never silent -----------------------------------------------------------------------------------------

    @Test
    void eachFailedCallIsToldWithItsCauseAttemptAndWhenItIsTriedAgain() throws Exception {
        for (int i = 0; i < 3; i++) {
            maia.failNext(Call.GET_TASK, FakeMaia::unreachable);
        }
        maia.addEvents(1).finish();

        FollowResult result = run(follow(pauseForEverything(), null));

        assertThat(result.outcome()).isEqualTo(FollowOutcome.FINISHED);
        assertThat(listener.failedCalls).extracting(RecordingListener.FailedCall::attempt).containsExactly(1, 2, 3);
        assertThat(listener.failedCalls).extracting(RecordingListener.FailedCall::retryIn)
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(listener.failedCalls).allSatisfy(f -> assertThat(f.cause()).hasMessage("connection refused"));
    }

    @Test
    void aFollowGivesUpAfterGiveUpAfterOfFailuresInARowWithTheLastCause() {
        FollowHandle handle = follow(pauseForEverything().toBuilder().giveUpAfter(Duration.ofMinutes(2)).build(),
                null);
        scheduler.advance(Duration.ofSeconds(10));
        for (int i = 0; i < 1_000; i++) {
            maia.failNext(Call.GET_TASK, FakeMaia::unreachable);
        }
        Instant firstFailureBy = clock.instant().plusSeconds(16);
        int readsBefore = maia.calls(Call.GET_TASK);

        assertThat(scheduler.runUntil(() -> handle.result().isDone(), LIMIT)).isTrue();

        assertThatThrownBy(() -> handle.result().get()).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(MaiaException.class)
                .hasMessageStartingWith("Gave up following task t-1 after ")
                .hasMessageContaining(" failures in a row over 120 s; the last: connection refused");
        assertThat(clock.instant()).isBefore(firstFailureBy.plus(Duration.ofMinutes(2)));
        int told = listener.failedCalls.size();
        assertThat(maia.calls(Call.GET_TASK) - readsBefore).as("every failure but the last told").isEqualTo(told + 1);
        assertThat(told).isBetween(4, FollowOptions.DEFAULT_MAX_CONSECUTIVE_FAILURES);
    }

    @Test
    void byDefaultAFollowGivesUpAfterFiveMinutesOfFailuresNotFifteen() {
        FollowHandle handle = follow(pauseForEverything(), null);
        scheduler.advance(Duration.ofSeconds(10));
        for (int i = 0; i < 1_000; i++) {
            maia.failNext(Call.GET_TASK, FakeMaia::unreachable);
        }
        Instant start = clock.instant();

        assertThat(scheduler.runUntil(() -> handle.result().isDone(), LIMIT)).isTrue();

        assertThat(handle.result()).isCompletedExceptionally();
        assertThat(Duration.between(start, clock.instant())).isLessThanOrEqualTo(Duration.ofMinutes(5).plusSeconds(16));
    }

    // ---- 5. denied work is visible -------------------------------------------------------------------------------

    @Test
    void everyDecisionIsListedWithTheRuleDefaultOrPersonThatSettledIt() throws Exception {
        DecisionPolicy policy = DecisionPolicy.askForEverything().withReject("delete_file")
                .withApproveOnce("query_warehouse");
        CompletableFuture<HumanAnswer> alice = CompletableFuture.completedFuture(
                new HumanAnswer(ToolDecision.approveForTask("c3"), "alice"));
        FollowHandle handle = follow(FollowOptions.builder().decisions(policy).humanDecider((p, v) -> alice).build(),
                null);
        scheduler.advance(Duration.ofSeconds(2));
        maia.pause(tool("c1", "delete_file"), tool("c2", "query_warehouse"), tool("c3", "git_push"));
        scheduler.advance(Duration.ofSeconds(10));
        maia.finish();

        FollowResult result = run(handle);

        assertThat(result.outcome()).isEqualTo(FollowOutcome.FINISHED);
        assertThat(result.decisions()).extracting(SettledDecision::toolName, SettledDecision::source,
                SettledDecision::by).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("delete_file", SettledDecision.Source.RULE, "reject"),
                        org.assertj.core.groups.Tuple.tuple("query_warehouse", SettledDecision.Source.RULE,
                                "approve once"),
                        org.assertj.core.groups.Tuple.tuple("git_push", SettledDecision.Source.PERSON, "alice"));
        assertThat(result.rejectedTools()).containsExactly("delete_file");
        assertThat(listener.decisions).extracting(RecordingListener.DecisionCall::decidedBy)
                .containsExactly("policy", "policy", "alice");
        assertThat(Conclusion.of(result, true)).isEqualTo(Conclusion.REJECTED);
        assertThat(Conclusion.of(result, false)).isEqualTo(Conclusion.SUCCEEDED);
    }

    @Test
    void aDefaultRejectionIsListedAsTheDefaultsAndAnUnansweredQuestionAsUnanswered() throws Exception {
        FollowHandle handle = follow(FollowOptions.builder().decisions(DecisionPolicy.askForEverything()
                .withFallback(Fallback.REJECT)).build(), null);
        scheduler.advance(Duration.ofSeconds(2));
        maia.pause(tool("c1", "run_pipeline"));
        scheduler.advance(Duration.ofSeconds(10));
        maia.pause(question("q1", "{\"question\":\"Which load?\",\"options\":[\"Full\",\"Incremental\"]}"));

        FollowResult result = run(handle);

        assertThat(result.outcome()).isEqualTo(FollowOutcome.NEEDS_DECISION);
        assertThat(result.decisions()).singleElement().satisfies(d -> {
            assertThat(d.source()).isEqualTo(SettledDecision.Source.DEFAULT);
            assertThat(d.settledBy()).isEqualTo("the fallback REJECT");
            assertThat(d.decision()).isEqualTo(ToolDecision.reject("c1"));
        });
        assertThat(result.rejectedTools()).containsExactly("run_pipeline");
        assertThat(result.unansweredQuestions()).extracting(p -> p.toolId()).containsExactly("q1");
        assertThat(result.decisions()).noneMatch(d -> d.decision() instanceof QuestionDecision);
    }
}
