package io.jenkins.plugins.maia.follower.follow;

import static io.jenkins.plugins.maia.follower.testing.FakeMaia.question;
import static io.jenkins.plugins.maia.follower.testing.FakeMaia.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.maia.follower.budget.AccountBudgets;
import io.jenkins.plugins.maia.follower.budget.BudgetSettings;
import io.jenkins.plugins.maia.client.MaiaApiException;
import io.jenkins.plugins.maia.client.MaiaException;
import io.jenkins.plugins.maia.client.MaiaTransportException;
import io.jenkins.plugins.maia.client.model.Decision;
import io.jenkins.plugins.maia.client.model.DecisionScope;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.QuestionDecision;
import io.jenkins.plugins.maia.client.model.TaskEvent;
import io.jenkins.plugins.maia.client.model.TaskStatus;
import io.jenkins.plugins.maia.client.model.ToolDecision;
import io.jenkins.plugins.maia.follower.decision.DecisionPolicy;
import io.jenkins.plugins.maia.follower.decision.DecisionView;
import io.jenkins.plugins.maia.follower.decision.Fallback;
import io.jenkins.plugins.maia.follower.decision.HumanAnswer;
import io.jenkins.plugins.maia.follower.decision.HumanDecider;
import io.jenkins.plugins.maia.follower.testing.FakeMaia;
import io.jenkins.plugins.maia.follower.testing.FakeMaia.Call;
import io.jenkins.plugins.maia.follower.testing.ManualClock;
import io.jenkins.plugins.maia.follower.testing.ManualScheduler;
import io.jenkins.plugins.maia.follower.testing.RecordingListener;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TaskFollowerTest {

    private static final String ACCOUNT = "http://127.0.0.1/dpc|test";
    private static final Duration LIMIT = Duration.ofHours(2);

    private ManualClock clock;
    private ManualScheduler scheduler;
    private AccountBudgets budgets;
    private TaskFollower follower;
    private FakeMaia maia;
    private RecordingListener listener;

    @BeforeEach
    void setUp() {
        clock = new ManualClock();
        scheduler = new ManualScheduler(clock);
        budgets = new AccountBudgets(clock);
        follower = newFollower(new BudgetSettings(6000, 100));
        maia = new FakeMaia("t-1", clock).reportingTo(budgets.forAccount(ACCOUNT));
        listener = new RecordingListener();
    }

    private TaskFollower newFollower(BudgetSettings settings) {
        return TaskFollower.builder().scheduler(scheduler).clock(clock).budgets(budgets).budgetSettings(settings)
                .messagePageSize(5).build();
    }

    private FollowHandle follow(FollowOptions options) {
        return follower.follow(maia, ACCOUNT, FollowState.start("t-1", null), options, listener);
    }

    private FollowResult run(FollowHandle handle) throws Exception {
        assertThat(scheduler.runUntil(() -> handle.result().isDone(), LIMIT)).as("follow ended").isTrue();
        return handle.result().get();
    }

    private static FollowOptions options() {
        return FollowOptions.builder().decisions(DecisionPolicy.pauseForEverything()).build();
    }

    // ---- outcomes ------------------------------------------------------------------------------------------------

    @Test
    void finishedWhenStoppedWithNothingPendingAndEveryEventDeliveredOnceInOrder() throws Exception {
        maia.addEvents(3);
        FollowHandle handle = follow(options());
        scheduler.advance(Duration.ofSeconds(5));
        maia.addEvents(9);
        scheduler.advance(Duration.ofSeconds(20));
        maia.addText("assistant", "All done: pipeline fixed").finish();

        FollowResult result = run(handle);

        assertThat(result.outcome()).isEqualTo(FollowOutcome.FINISHED);
        assertThat(result.pending()).isEmpty();
        assertThat(result.lastAgentMessage()).isEqualTo("All done: pipeline fixed");
        assertThat(result.targetBranchName()).isEqualTo("maia/feature");
        assertThat(result.task().status()).isEqualTo(TaskStatus.STOPPED);
        List<String> expected = new ArrayList<>(IntStream.range(0, 12).mapToObj(i -> "message " + i).toList());
        expected.add("All done: pipeline fixed");
        assertThat(listener.texts()).containsExactlyElementsOf(expected);
        assertThat(result.state().cursor().delivered()).isEqualTo(13);
        assertThat(listener.order.get(listener.order.size() - 1)).isEqualTo("status:STOPPED");
    }

    @Test
    void erroredTaskEndsErrored() throws Exception {
        FollowHandle handle = follow(options());
        scheduler.advance(Duration.ofSeconds(3));
        maia.addText("assistant", "boom").error();

        FollowResult result = run(handle);

        assertThat(result.outcome()).isEqualTo(FollowOutcome.ERRORED);
        assertThat(result.lastAgentMessage()).isEqualTo("boom");
    }

    @Test
    void deadlineGivesTimedOutAndLeavesTheTaskAlone() throws Exception {
        FollowHandle handle = follower.follow(maia, ACCOUNT,
                FollowState.start("t-1", clock.instant().plus(Duration.ofMinutes(5))), options(), listener);

        FollowResult result = run(handle);

        assertThat(result.outcome()).isEqualTo(FollowOutcome.TIMED_OUT);
        assertThat(clock.instant()).isAfterOrEqualTo(Instant.parse("2025-01-01T00:05:00Z"));
        assertThat(maia.calls(Call.STOP)).isZero();
        assertThat(maia.status()).isEqualTo(TaskStatus.RUNNING);
    }

    @Test
    void stoppedWithPendingDecisionIsAPauseNotTheEnd() throws Exception {
        FollowHandle handle = follow(options());
        scheduler.advance(Duration.ofSeconds(2));
        maia.pause(tool("call_1", "git_push"));

        FollowResult result = run(handle);

        assertThat(result.outcome()).isEqualTo(FollowOutcome.NEEDS_DECISION);
        assertThat(result.pending()).extracting(PendingDecision::toolId).containsExactly("call_1");
        assertThat(maia.calls(Call.SUBMIT)).isZero();
        assertThat(result.state().answeredDecisionIds()).isEmpty();
    }

    @Test
    void policyAnswersAndTheFollowContinuesToTheEnd() throws Exception {
        FollowOptions opts = options().toBuilder().decisions(DecisionPolicy.pauseForEverything()
                .withApproveOnce("query_warehouse").withApproveForTask("git_push").withReject("delete_file")).build();
        FollowHandle handle = follow(opts);
        scheduler.advance(Duration.ofSeconds(2));
        maia.pause(tool("c1", "query_warehouse"), tool("c2", "git_push"), tool("c3", "delete_file"));
        scheduler.advance(Duration.ofSeconds(10));
        maia.addText("assistant", "pushed").finish();

        FollowResult result = run(handle);

        assertThat(result.outcome()).isEqualTo(FollowOutcome.FINISHED);
        assertThat(maia.decisionsReceived()).containsExactly(List.of(
                new ToolDecision("c1", true, DecisionScope.ONCE),
                new ToolDecision("c2", true, DecisionScope.CONVERSATION),
                new ToolDecision("c3", false, DecisionScope.ONCE)));
        assertThat(listener.decisions).extracting(RecordingListener.DecisionCall::decidedBy)
                .containsExactly("policy", "policy", "policy");
        assertThat(result.state().answeredDecisionIds()).containsExactly("c1", "c2", "c3");
    }

    @Test
    void staleStoppedReadAfterADecisionIsNeitherAnsweredAgainNorTakenAsTheEnd() throws Exception {
        maia.onDecisions(FakeMaia.OnDecisions.STALE_UNTIL_RESUMED);
        FollowHandle handle = follow(options().toBuilder().decisions(DecisionPolicy.pauseForEverything()
                .withApproveOnce("git_push")).build());
        scheduler.advance(Duration.ofSeconds(2));
        maia.pause(tool("c1", "git_push"));
        scheduler.advance(Duration.ofSeconds(60)); // many stale reads: STOPPED, the answered c1 still listed

        assertThat(handle.result()).isNotDone();
        assertThat(maia.calls(Call.SUBMIT)).isEqualTo(1);
        int readsWhileStale = maia.calls(Call.GET_TASK);

        maia.resume();
        scheduler.advance(Duration.ofSeconds(20));
        maia.finish();
        FollowResult result = run(handle);

        assertThat(readsWhileStale).isGreaterThan(5);
        assertThat(result.outcome()).isEqualTo(FollowOutcome.FINISHED);
        assertThat(maia.calls(Call.SUBMIT)).isEqualTo(1);
    }

    @Test
    void decisionsSentButStillListedAfterTheSettleTimeAreReportedAsNeedsDecision() throws Exception {
        maia.onDecisions(FakeMaia.OnDecisions.STALE_UNTIL_RESUMED);
        FollowHandle handle = follow(options().toBuilder().decisions(DecisionPolicy.pauseForEverything()
                .withApproveOnce("git_push")).build());
        scheduler.advance(Duration.ofSeconds(2));
        maia.pause(tool("c1", "git_push"));

        FollowResult result = run(handle);

        assertThat(result.outcome()).isEqualTo(FollowOutcome.NEEDS_DECISION);
        assertThat(result.detail()).contains("still lists them");
        assertThat(maia.calls(Call.SUBMIT)).isEqualTo(1);
        assertThat(clock.instant()).isAfterOrEqualTo(Instant.parse("2025-01-01T00:02:00Z"));
    }

    @Test
    void aFinishedReadWithTheSameModifiedAtRightAfterAFollowUpIsStale() throws Exception {
        maia.finish();
        FollowResult first = run(follow(options()));
        assertThat(first.outcome()).isEqualTo(FollowOutcome.FINISHED);

        // A follow-up was sent; the first read still shows the old STOPPED task.
        FollowState afterSend = first.state().expectingProgress(clock.instant());
        FollowHandle handle = follower.follow(maia, ACCOUNT, afterSend, options(), listener);
        scheduler.advance(Duration.ofSeconds(30));
        assertThat(handle.result()).isNotDone();

        maia.resume().addText("assistant", "answer to the follow-up");
        scheduler.advance(Duration.ofSeconds(20));
        maia.finish();
        FollowResult result = run(handle);
        assertThat(result.outcome()).isEqualTo(FollowOutcome.FINISHED);
        assertThat(result.lastAgentMessage()).isEqualTo("answer to the follow-up");
    }

    // ---- humans --------------------------------------------------------------------------------------------------

    @Test
    void askFallbackCallsTheHumanAndDoesNotPollWhileWaiting() throws Exception {
        List<CompletableFuture<HumanAnswer>> asked = new ArrayList<>();
        List<DecisionView> views = new ArrayList<>();
        HumanDecider human = new HumanDecider() {
            @Override
            public CompletableFuture<HumanAnswer> answer(PendingDecision pending, DecisionView view) {
                CompletableFuture<HumanAnswer> f = new CompletableFuture<>();
                asked.add(f);
                views.add(view);
                return f;
            }

            @Override
            public String name() {
                return "alice";
            }
        };
        FollowHandle handle = follow(FollowOptions.builder().humanDecider(human).build());
        scheduler.advance(Duration.ofSeconds(2));
        maia.pause(question("q1", "{\"questions\":[{\"question\":\"Which table?\",\"options\":[\"a\",\"b\"]}]}"));
        scheduler.advance(Duration.ofSeconds(30));
        assertThat(asked).hasSize(1);
        int readsBefore = maia.calls(Call.GET_TASK);
        int messagesBefore = maia.calls(Call.GET_MESSAGES);

        scheduler.advance(Duration.ofMinutes(30)); // the human takes their time

        assertThat(maia.calls(Call.GET_TASK)).isEqualTo(readsBefore);
        assertThat(maia.calls(Call.GET_MESSAGES)).isEqualTo(messagesBefore);
        assertThat(views.get(0).questions().get(0).options()).containsExactly("a", "b");

        asked.get(0).complete(new HumanAnswer(views.get(0).answer(0, List.of("b")), "alice"));
        scheduler.advance(Duration.ofSeconds(10));
        maia.finish();
        FollowResult result = run(handle);

        assertThat(result.outcome()).isEqualTo(FollowOutcome.FINISHED);
        assertThat(maia.decisionsReceived()).hasSize(1);
        assertThat(maia.decisionsReceived().get(0).get(0)).isInstanceOf(QuestionDecision.class);
        assertThat(listener.decisions).singleElement()
                .satisfies(d -> assertThat(d.decidedBy()).isEqualTo("alice"));
    }

    @Test
    void deadlineWhileWaitingForAHumanTimesOutAndCancelsTheQuestion() throws Exception {
        CompletableFuture<HumanAnswer> question = new CompletableFuture<>();
        FollowHandle handle = follower.follow(maia, ACCOUNT,
                FollowState.start("t-1", clock.instant().plus(Duration.ofMinutes(10))),
                FollowOptions.builder().humanDecider((p, v) -> question).build(), listener);
        scheduler.advance(Duration.ofSeconds(2));
        maia.pause(tool("c1", "git_push"));

        FollowResult result = run(handle);

        assertThat(result.outcome()).isEqualTo(FollowOutcome.TIMED_OUT);
        assertThat(result.pending()).isEmpty();
        assertThat(question).isCancelled();
        assertThat(maia.calls(Call.SUBMIT)).isZero();
    }

    @Test
    void anAnswerForAnotherDecisionIsNotSent() throws Exception {
        FollowHandle handle = follow(FollowOptions.builder().humanDecider((p, v) ->
                CompletableFuture.completedFuture(new HumanAnswer(ToolDecision.approveOnce("someone-else"), "bob")))
                .build());
        scheduler.advance(Duration.ofSeconds(2));
        maia.pause(tool("c1", "git_push"));

        FollowResult result = run(handle);

        assertThat(result.outcome()).isEqualTo(FollowOutcome.NEEDS_DECISION);
        assertThat(result.detail()).contains("someone-else").contains("c1");
        assertThat(maia.calls(Call.SUBMIT)).isZero();
    }

    @Test
    void theFinalReadIsRetriedLikeAnyPollUntilItGetsTheLastMessages() throws Exception {
        maia.addEvents(3).finish();
        for (int i = 0; i < 7; i++) {
            maia.failNext(Call.GET_MESSAGES, () -> FakeMaia.status(503));
        }

        FollowResult result = run(follow(options()));

        assertThat(result.outcome()).isEqualTo(FollowOutcome.FINISHED);
        assertThat(result.messagesComplete()).isTrue();
        assertThat(result.detail()).doesNotContain("could not be read");
        assertThat(listener.texts()).containsExactly("message 0", "message 1", "message 2");
        assertThat(maia.calls(Call.GET_MESSAGES)).isEqualTo(8);
    }

    @Test
    void theFinalReadWaitsForRetryAfter() throws Exception {
        List<Instant> calls = new ArrayList<>();
        maia.recordingCallsTo(calls).addEvents(1).finish();
        maia.failNext(Call.GET_MESSAGES, () -> FakeMaia.rateLimited(Duration.ofSeconds(30)));

        FollowResult result = run(follow(options()));

        assertThat(result.messagesComplete()).isTrue();
        assertThat(listener.texts()).containsExactly("message 0");
        assertThat(calls).hasSize(3); // the task, the refused read, the read
        assertThat(Duration.between(calls.get(1), calls.get(2))).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aFinalReadThatKeepsFailingEndsWithTheTrueOutcomeFlaggedAndItsStateReadsTheRestLater() throws Exception {
        maia.addEvents(2);
        FollowHandle first = follow(options().toBuilder().maxConsecutiveFailures(4).build());
        scheduler.advance(Duration.ofSeconds(5));
        assertThat(listener.texts()).hasSize(2);
        maia.addText("assistant", "Done: the pipeline is fixed").finish();
        for (int i = 0; i < 4; i++) {
            maia.failNext(Call.GET_MESSAGES, () -> FakeMaia.status(502));
        }

        FollowResult result = run(first);

        assertThat(result.outcome()).isEqualTo(FollowOutcome.FINISHED);
        assertThat(result.messagesComplete()).isFalse();
        assertThat(result.unreadReason()).isEqualTo("4 attempts in a row failed; the last: HTTP 502");
        assertThat(result.detail()).contains("the last messages could not be read (4 attempts in a row failed",
                "a new follow from this result's state reads them");
        assertThat(listener.texts()).hasSize(2);

        RecordingListener again = new RecordingListener();
        FollowResult reread = run(follower.follow(maia, ACCOUNT, result.state(), options(), again));
        assertThat(reread.messagesComplete()).isTrue();
        assertThat(again.texts()).containsExactly("Done: the pipeline is fixed");
    }

    @Test
    void aFinalReadRefusedForGoodEndsAtOnceFlagged() throws Exception {
        maia.addEvents(1).finish();
        maia.failNext(Call.GET_MESSAGES, () -> FakeMaia.status(403));

        FollowResult result = run(follow(options()));

        assertThat(result.outcome()).isEqualTo(FollowOutcome.FINISHED);
        assertThat(result.messagesComplete()).isFalse();
        assertThat(result.detail()).contains("could not be read (HTTP 403)");
        assertThat(maia.calls(Call.GET_MESSAGES)).isEqualTo(1);
    }

    @Test
    void afterATimeoutTheFinalReadStaysBrief() throws Exception {
        Instant deadline = clock.instant().plus(Duration.ofMinutes(1));
        FollowHandle handle = follower.follow(maia, ACCOUNT, FollowState.start("t-1", deadline), options(), listener);
        scheduler.advance(Duration.ofSeconds(58));
        maia.addEvents(1);
        for (int i = 0; i < 10; i++) {
            maia.failNext(Call.GET_MESSAGES, () -> FakeMaia.status(503));
        }
        int readsBefore = maia.calls(Call.GET_MESSAGES);

        FollowResult result = run(handle);

        assertThat(result.outcome()).isEqualTo(FollowOutcome.TIMED_OUT);
        assertThat(result.messagesComplete()).isFalse();
        assertThat(maia.calls(Call.GET_MESSAGES) - readsBefore).as("reads after the deadline")
                .isLessThanOrEqualTo(Ending.BOUNDED_FINAL_READ_ATTEMPTS + 1);
        assertThat(clock.instant()).as("ended soon after the deadline").isBefore(deadline.plusSeconds(10));
    }

    /**
     * A server whose {@code more} tokens go round: first page, then A, then B, then A again. The events of the three
     * pages are t0..t8 once each.
     */
    private TaskApi cyclingPages(AtomicInteger messageReads) {
        List<TaskEvent> all = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            all.add(new TaskEvent(FakeMaia.JSON.createObjectNode().put("type", "text").put("role", "assistant")
                    .put("content", "t" + i), "g", clock.instant(), null));
        }
        return new TaskApi() {
            @Override
            public io.jenkins.plugins.maia.client.model.Task getTask(String id) {
                return maia.getTask(id);
            }

            @Override
            public io.jenkins.plugins.maia.client.model.MessagePage getMessages(String id, int limit, String token) {
                messageReads.incrementAndGet();
                int page = token == null ? 0 : token.equals("A") ? 1 : 2;
                return new io.jenkins.plugins.maia.client.model.MessagePage(all.subList(page * 3, page * 3 + 3),
                        page == 1 ? "B" : "A");
            }

            @Override
            public List<PendingDecision> submitDecisions(String id, List<Decision> decisions) {
                return maia.submitDecisions(id, decisions);
            }

            @Override
            public void stopTask(String id) {
                maia.stopTask(id);
            }
        };
    }

    @Test
    void pageTokensThatGoRoundFailTheReadClearlyInsteadOfReadingForever() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        FollowHandle handle = follower.follow(cyclingPages(reads), ACCOUNT, FollowState.start("t-1", null),
                options().toBuilder().maxConsecutiveFailures(4).build(), listener);

        assertThat(scheduler.runUntil(() -> handle.result().isDone(), LIMIT)).as("follow ended").isTrue();

        assertThatThrownBy(() -> handle.result().get()).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(MaiaException.class)
                .hasMessageContaining("after 4 failures in a row")
                .hasMessageContaining("go round in a loop").hasMessageContaining("'A'");
        assertThat(listener.texts()).as("each page's events once, none again")
                .containsExactly("t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8");
        // The first pass reads 3 pages; each of the 3 retries re-reads page B and meets A again.
        assertThat(reads.get()).isEqualTo(3 + 3);
        assertThat(listener.lastState().cursor().delivered()).isEqualTo(9);
    }

    @Test
    void aFinishedTaskWhosePagesLoopEndsFlaggedSoonAfterTheDeadline() throws Exception {
        maia.finish();
        AtomicInteger reads = new AtomicInteger();
        Instant deadline = clock.instant().plus(Duration.ofSeconds(30));

        FollowResult result = run(follower.follow(cyclingPages(reads), ACCOUNT, FollowState.start("t-1", deadline),
                options(), listener));

        assertThat(result.outcome()).isEqualTo(FollowOutcome.FINISHED);
        assertThat(result.messagesComplete()).isFalse();
        assertThat(result.unreadReason()).contains("attempts in a row failed", "go round in a loop");
        assertThat(listener.texts()).containsExactly("t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8");
        assertThat(clock.instant()).as("the deadline bounds the retries").isBefore(deadline.plusSeconds(1));
    }

    @Test
    void aLongChainOfDistinctPageTokensIsNotALoop() throws Exception {
        maia.addEvents(600); // 120 pages of 5
        maia.finish();

        FollowResult result = run(follow(options()));

        assertThat(result.outcome()).isEqualTo(FollowOutcome.FINISHED);
        assertThat(listener.texts()).hasSize(600).doesNotHaveDuplicates();
    }

    @Test
    void anAgentEchoingASecretPutsItNeitherIntoTheStateNorTheResult() throws Exception {
        String secret = "tok-ECHOED-5f3a9d1c";
        // The last agent message has the secret straddling the state's 4,000-character cut.
        maia.addText("assistant", "Here is your token: " + secret);
        maia.addText("assistant", "x".repeat(FollowState.MAX_AGENT_MESSAGE_CHARS - 8) + secret);
        maia.pause(tool("c1", "print_env"));
        FollowOptions options = options().toBuilder()
                .redactor(io.jenkins.plugins.maia.follower.transcript.Redactor.of(List.of(secret)))
                .decisions(DecisionPolicy.askForEverything())
                .humanDecider((p, v) -> CompletableFuture.failedFuture(
                        new IllegalStateException("the agent said " + secret))).build();

        FollowResult result = run(follow(options));

        assertThat(result.outcome()).isEqualTo(FollowOutcome.NEEDS_DECISION);
        assertThat(result.lastAgentMessage()).isEqualTo("x".repeat(FollowState.MAX_AGENT_MESSAGE_CHARS - 8) + "****");
        assertThat(result.detail()).contains("the agent said ****").doesNotContain(secret);
        List<String> kept = new ArrayList<>();
        for (FollowState state : listener.states) {
            kept.add(state.encode());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(state);
            }
            kept.add(bytes.toString(java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        kept.add(result.state().encode());
        assertThat(kept).hasSizeGreaterThan(2).noneMatch(text -> text.contains(secret.substring(0, 8)));
        // Listeners get the events as received: the transcript writer redacts with its own Redactor.
        assertThat(listener.texts()).anyMatch(text -> text.contains(secret));
    }

    @Test
    void aRestoredStateWithAnUnmaskedMessageIsMaskedBeforeItIsKeptAgain() throws Exception {
        String secret = "tok-OLDSTATE-9b8c7d6e";
        FollowState old = FollowState.decode(FollowState.start("t-1", null).encode()
                .replace("}", ",\"lastAgentMessage\":\"it is " + secret + "\"}"));
        assertThat(old.lastAgentMessage()).contains(secret);
        maia.finish();

        FollowResult result = run(follower.follow(maia, ACCOUNT, old,
                options().toBuilder().redactor(text -> text.replace(secret, "****")).build(), listener));

        assertThat(result.lastAgentMessage()).isEqualTo("it is ****");
        assertThat(listener.states).isNotEmpty().noneMatch(state -> state.encode().contains(secret));
    }

    @Test
    void askWithoutAHumanDeciderPauses() throws Exception {
        FollowHandle handle = follow(FollowOptions.defaults());
        scheduler.advance(Duration.ofSeconds(2));
        maia.pause(tool("c1", "run_pipeline"));

        FollowResult result = run(handle);

        assertThat(result.outcome()).isEqualTo(FollowOutcome.NEEDS_DECISION);
        assertThat(result.detail()).contains("no one to ask");
    }

    @Test
    void aHumanWhoGivesNoAnswerLeavesTheTaskPaused() throws Exception {
        FollowHandle handle = follow(FollowOptions.builder().humanDecider((p, v) ->
                CompletableFuture.completedFuture(null)).build());
        scheduler.advance(Duration.ofSeconds(2));
        maia.pause(tool("c1", "run_pipeline"));

        FollowResult result = run(handle);

        assertThat(result.outcome()).isEqualTo(FollowOutcome.NEEDS_DECISION);
        assertThat(result.pending()).extracting(PendingDecision::toolId).containsExactly("c1");
        assertThat(maia.calls(Call.SUBMIT)).isZero();
    }

    @Test
    void rejectFallbackRejectsToolsButPausesOnQuestions() throws Exception {
        FollowHandle handle = follow(options().toBuilder().decisions(DecisionPolicy.pauseForEverything()
                .withFallback(Fallback.REJECT)).build());
        scheduler.advance(Duration.ofSeconds(2));
        maia.pause(tool("c1", "delete_file"));
        scheduler.advance(Duration.ofSeconds(10));
        maia.pause(question("q1", "{\"question\":\"Go on?\",\"options\":[\"yes\",\"no\"]}"));

        FollowResult result = run(handle);

        assertThat(maia.decisionsReceived()).containsExactly(List.of(ToolDecision.reject("c1")));
        assertThat(result.outcome()).isEqualTo(FollowOutcome.NEEDS_DECISION);
        assertThat(result.pending()).extracting(PendingDecision::toolId).containsExactly("q1");
    }

    @Test
    void answersKeptWhenASubmitMayHaveFailedSoTheHumanIsNotAskedTwice() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        HumanDecider human = (p, v) -> {
            asked.incrementAndGet();
            return CompletableFuture.completedFuture(new HumanAnswer(v.approveOnce(), "carol"));
        };
        maia.failNext(Call.SUBMIT, () -> new MaiaTransportException("read timed out", null, 0, null, true));
        FollowHandle handle = follow(FollowOptions.builder().humanDecider(human).build());
        scheduler.advance(Duration.ofSeconds(2));
        maia.pause(tool("c1", "run_pipeline"));
        scheduler.advance(Duration.ofSeconds(30));
        maia.finish();

        FollowResult result = run(handle);

        assertThat(result.outcome()).isEqualTo(FollowOutcome.FINISHED);
        assertThat(asked).hasValue(1);
        assertThat(maia.calls(Call.SUBMIT)).isEqualTo(2);
        assertThat(listener.decisions).hasSize(1);
    }

    // ---- stop ----------------------------------------------------------------------------------------------------

    @Test
    void stopSendsStopAndCompletesConfirmedWhenTheTaskStops() throws Exception {
        maia.stopsAfterReads(2);
        FollowHandle handle = follow(options());
        scheduler.advance(Duration.ofSeconds(10));

        handle.stop();
        FollowResult result = run(handle);

        assertThat(result.outcome()).isEqualTo(FollowOutcome.STOPPED_ON_REQUEST);
        assertThat(result.stopConfirmed()).isTrue();
        assertThat(result.detail()).contains("confirmed");
        assertThat(maia.calls(Call.STOP)).isEqualTo(1);
    }

    @Test
    void stopGivesUpAfterTheGraceWithAnUnconfirmedResult() throws Exception {
        FollowHandle handle = follow(options().toBuilder().stopGrace(Duration.ofSeconds(30)).build());
        scheduler.advance(Duration.ofSeconds(5));
        Instant stopAt = clock.instant();

        handle.stop();
        FollowResult result = run(handle);

        assertThat(result.outcome()).isEqualTo(FollowOutcome.STOPPED_ON_REQUEST);
        assertThat(result.stopConfirmed()).isFalse();
        assertThat(result.detail()).contains("not confirmed").contains("STOPPING");
        assertThat(Duration.between(stopAt, clock.instant())).isGreaterThanOrEqualTo(Duration.ofSeconds(30))
                .isLessThan(Duration.ofSeconds(40));
    }

    @Test
    void stopWhileWaitingForAHumanCancelsTheQuestion() throws Exception {
        CompletableFuture<HumanAnswer> question = new CompletableFuture<>();
        maia.stopsAfterReads(0);
        FollowHandle handle = follow(FollowOptions.builder().humanDecider((p, v) -> question).build());
        scheduler.advance(Duration.ofSeconds(2));
        maia.pause(tool("c1", "git_push"));
        scheduler.advance(Duration.ofSeconds(10));

        handle.stop();
        FollowResult result = run(handle);

        assertThat(question).isCancelled();
        assertThat(result.outcome()).isEqualTo(FollowOutcome.STOPPED_ON_REQUEST);
        assertThat(result.stopConfirmed()).isTrue();
    }

    @Test
    void detachCancelsTheResultAndTouchesNothing() {
        FollowHandle handle = follow(options());
        scheduler.advance(Duration.ofSeconds(5));
        int calls = maia.totalCalls();

        handle.detach();
        scheduler.advance(Duration.ofMinutes(5));

        assertThat(handle.result()).isCancelled();
        assertThat(maia.totalCalls()).isEqualTo(calls);
        assertThat(follower.activeFollows()).isZero();
    }

    // ---- polling -------------------------------------------------------------------------------------------------

    @Test
    void intervalGrowsByTheFactorUpToTheMaxAndResetsAfterAChange() {
        follow(options());
        scheduler.advance(Duration.ofSeconds(120));
        maia.addEvents(1);
        scheduler.advance(Duration.ofSeconds(40));

        List<Instant> reads = maia.getTaskTimes();
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < reads.size(); i++) {
            gaps.add(Duration.between(reads.get(i - 1), reads.get(i)).toMillis());
        }
        // 1 s (after the first, changed read), then x1.5 each quiet poll, capped at 15 s.
        assertThat(gaps.subList(0, 8)).containsExactly(1000L, 1500L, 2250L, 3375L, 5062L, 7593L, 11390L, 15000L);
        int reset = -1;
        for (int i = 8; i < gaps.size(); i++) {
            if (gaps.get(i) == 1000L) {
                reset = i;
                break;
            }
        }
        assertThat(reset).as("interval back to 1 s after the change").isPositive();
        assertThat(gaps.subList(8, reset)).allMatch(g -> g <= 15000L);
    }

    @Test
    void messagesAreReadOnlyWhenTheTaskShowsAChange() {
        follow(options());
        scheduler.advance(Duration.ofMinutes(10));
        assertThat(maia.calls(Call.GET_MESSAGES)).isEqualTo(1); // the first read of a follow
        assertThat(maia.calls(Call.GET_TASK)).isGreaterThan(30);

        maia.addEvents(2);
        scheduler.advance(Duration.ofSeconds(16));
        assertThat(maia.calls(Call.GET_MESSAGES)).isEqualTo(2);
        assertThat(listener.events).hasSize(2);
    }

    @Test
    void aNewFollowReadsItsTaskAheadOfTheRoutineQueueOfABusyAccount() {
        follower = newFollower(BudgetSettings.defaults());
        var budget = budgets.forAccount(ACCOUNT);
        List<String> routine = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            budget.whenAvailable(scheduler, () -> routine.add("routine"));
        }
        Instant start = clock.instant();
        follow(options());

        scheduler.runUntil(() -> maia.calls(Call.GET_MESSAGES) > 0, Duration.ofMinutes(1));

        // The first task read, then the first message read (a status seen for the first time): both urgent.
        assertThat(maia.getTaskTimes().get(0)).isBefore(start.plusSeconds(2));
        assertThat(routine).as("routine waiters served meanwhile").hasSizeLessThan(5);
        assertThat(budget.waiting()).isGreaterThan(25);
    }

    @Test
    void retryAfterOfA429IsHonoured() {
        follow(options());
        scheduler.advance(Duration.ofSeconds(30));
        maia.failNext(Call.GET_TASK, () -> FakeMaia.rateLimited(Duration.ofSeconds(40)));
        scheduler.advance(Duration.ofSeconds(16)); // the next poll gets the 429
        List<Instant> before = maia.getTaskTimes();
        Instant refused = before.get(before.size() - 1);

        scheduler.advance(Duration.ofSeconds(60));

        List<Instant> after = maia.getTaskTimes();
        Instant next = after.get(before.size());
        assertThat(Duration.between(refused, next)).isGreaterThanOrEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void transientFailuresAreRetriedWithBackoffAndTheFollowContinues() throws Exception {
        for (int i = 0; i < 5; i++) {
            maia.failNext(Call.GET_TASK, FakeMaia::unreachable);
        }
        maia.failNext(Call.GET_MESSAGES, () -> FakeMaia.status(503));
        maia.addEvents(2).finish();

        FollowResult result = run(follow(options()));

        assertThat(result.outcome()).isEqualTo(FollowOutcome.FINISHED);
        assertThat(listener.events).hasSize(2);
        List<Instant> reads = maia.getTaskTimes();
        // backoff 1, 2, 4, 8, 16 s between the failed attempts
        assertThat(Duration.between(reads.get(4), reads.get(5))).isEqualTo(Duration.ofSeconds(16));
    }

    @Test
    void tooManyTransientFailuresInARowFailTheFollow() {
        for (int i = 0; i < 3; i++) {
            maia.failNext(Call.GET_TASK, FakeMaia::unreachable);
        }
        FollowHandle handle = follow(options().toBuilder().maxConsecutiveFailures(3).build());
        scheduler.runUntil(() -> handle.result().isDone(), LIMIT);

        assertThatThrownBy(() -> handle.result().get()).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(MaiaException.class).hasMessageContaining("after 3 failures in a row");
    }

    @Test
    void aVanishedTaskFailsAtOnceWithTheApiError() {
        maia.failNext(Call.GET_TASK, () -> FakeMaia.status(404));
        FollowHandle handle = follow(options());
        scheduler.runUntil(() -> handle.result().isDone(), LIMIT);

        assertThatThrownBy(() -> handle.result().get()).cause().isInstanceOf(MaiaApiException.class)
                .satisfies(e -> assertThat(((MaiaApiException) e).status()).isEqualTo(404));
        assertThat(maia.calls(Call.GET_TASK)).isEqualTo(1);
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheFollow() throws Exception {
        listener = new RecordingListener() {
            @Override
            public void onEvent(TaskEvent event) {
                super.onEvent(event);
                throw new IllegalStateException("console broke");
            }
        };
        maia.addEvents(3).finish();

        FollowResult result = run(follow(options()));

        assertThat(result.outcome()).isEqualTo(FollowOutcome.FINISHED);
        assertThat(listener.events).hasSize(3);
    }

    // ---- resumption ----------------------------------------------------------------------------------------------

    @Test
    void aRestoredStateInANewFollowerContinuesWithoutDuplicatesOrGaps() throws Exception {
        maia.addEvents(7); // page size 5: the cursor stops in the middle of the second page
        FollowHandle first = follow(options());
        scheduler.advance(Duration.ofSeconds(3));
        first.detach();
        FollowState saved = listener.lastState();
        assertThat(saved.cursor().delivered()).isEqualTo(7);
        assertThat(saved.cursor().deliveredInPage()).isEqualTo(2);

        FollowState restored = deserialize(serialize(saved));
        assertThat(restored).isEqualTo(saved);
        maia.addEvents(11).finish();
        RecordingListener second = new RecordingListener();
        TaskFollower another = newFollower(new BudgetSettings(6000, 100));
        FollowHandle handle = another.follow(maia, ACCOUNT, restored, options(), second);
        assertThat(scheduler.runUntil(() -> handle.result().isDone(), LIMIT)).isTrue();

        List<String> all = new ArrayList<>(listener.texts());
        all.addAll(second.texts());
        assertThat(all).containsExactlyElementsOf(IntStream.range(0, 18).mapToObj(i -> "message " + i).toList());
        assertThat(handle.result().get().state().cursor().delivered()).isEqualTo(18);
    }

    @Test
    void encodedStateRoundTripsAndResumes() throws Exception {
        maia.addEvents(4);
        FollowHandle first = follow(options());
        scheduler.advance(Duration.ofSeconds(3));
        first.detach();
        String text = listener.lastState().encode();

        FollowState decoded = FollowState.decode(text);
        assertThat(decoded).isEqualTo(listener.lastState());
        maia.addEvents(2).finish();
        RecordingListener second = new RecordingListener();
        FollowHandle handle = follower.follow(maia, ACCOUNT, decoded, options(), second);
        scheduler.runUntil(() -> handle.result().isDone(), LIMIT);

        assertThat(second.texts()).containsExactly("message 4", "message 5");
    }

    @Test
    void refusedTokenAfterRestoreReReadsFromTheStartWithoutDuplicates() throws Exception {
        assertResumeDeliversExactlyOnce(() -> maia.changeTokenScheme("v2:"));
    }

    @Test
    void serverThatRePagedIsDetectedByTheEventKeyAndSkippedCorrectly() throws Exception {
        assertResumeDeliversExactlyOnce(() -> maia.shiftTokens(3));
    }

    @Test
    void serverThatDroppedOldEventsStillDeliversOnlyTheNewOnes() throws Exception {
        assertResumeDeliversExactlyOnce(() -> maia.dropHead(4));
    }

    private void assertResumeDeliversExactlyOnce(Runnable serverChange) throws Exception {
        maia.addEvents(13); // pages of 5: cursor in the third page
        FollowHandle first = follow(options());
        scheduler.advance(Duration.ofSeconds(3));
        first.detach();
        FollowState saved = listener.lastState();
        assertThat(saved.cursor().pageToken()).isNotNull();

        serverChange.run();
        maia.addEvents(6).finish();
        RecordingListener second = new RecordingListener();
        FollowHandle handle = follower.follow(maia, ACCOUNT, deserialize(serialize(saved)), options(), second);
        assertThat(scheduler.runUntil(() -> handle.result().isDone(), LIMIT)).isTrue();

        assertThat(handle.result().get().outcome()).isEqualTo(FollowOutcome.FINISHED);
        List<String> all = new ArrayList<>(listener.texts());
        all.addAll(second.texts());
        assertThat(all).containsExactlyElementsOf(IntStream.range(0, 19).mapToObj(i -> "message " + i).toList());
        assertThat(((Follow) handle).resyncs()).isGreaterThan(0);
    }

    @Test
    void exactlyOnceAcrossManyReReadsOfAGrowingLastPage() throws Exception {
        FollowHandle handle = follow(options());
        for (int i = 0; i < 40; i++) {
            maia.addEvents(i % 4);
            scheduler.advance(Duration.ofMillis(1700));
        }
        maia.finish();
        run(handle);

        int total = maia.events().size();
        assertThat(listener.texts()).containsExactlyElementsOf(
                IntStream.range(0, total).mapToObj(i -> "message " + i).toList());
    }

    @Test
    void stateStaysSmallAfterTenThousandEvents() throws Exception {
        follower = TaskFollower.builder().scheduler(scheduler).clock(clock).budgets(budgets)
                .budgetSettings(new BudgetSettings(60000, 1000)).messagePageSize(1000).build();
        maia.addEvents(10_000).finish();
        FollowHandle handle = follower.follow(maia, ACCOUNT, FollowState.start("t-1", null), options(), listener);
        FollowResult result = run(handle);

        assertThat(listener.events).hasSize(10_000);
        byte[] bytes = serialize(result.state());
        assertThat(bytes.length).isLessThan(2_048);
        assertThat(result.state().encode().length()).isLessThan(512);
    }

    @Test
    void answeredIdsAreBoundedAndStayDistinct() {
        FollowState s = FollowState.start("t", null);
        for (int i = 0; i < 1000; i++) {
            s = s.withAnsweredDecisions(List.of("id" + i, "id" + i), clock.instant());
        }
        assertThat(s.answeredDecisionIds()).hasSize(FollowState.MAX_ANSWERED_IDS).doesNotHaveDuplicates()
                .endsWith("id999");
        assertThat(s.answered("id999")).isTrue();
        assertThat(s.answered("id0")).isFalse();
    }

    @Test
    void badStateInputsGetClearErrors() {
        assertThatThrownBy(() -> FollowState.start(" ", null)).hasMessageContaining("taskId");
        assertThatThrownBy(() -> FollowState.decode("{\"v\":9}")).hasMessageContaining("version 1");
        assertThatThrownBy(() -> FollowState.decode("{not json")).hasMessageContaining("damaged");
        assertThatThrownBy(() -> new PollingPolicy(Duration.ZERO, 1.5, Duration.ofSeconds(1)))
                .hasMessageContaining("initial");
        assertThatThrownBy(() -> new PollingPolicy(Duration.ofSeconds(2), 0.5, Duration.ofSeconds(3)))
                .hasMessageContaining("factor");
        assertThatThrownBy(() -> new PollingPolicy(Duration.ofSeconds(2), 1.5, Duration.ofSeconds(1)))
                .hasMessageContaining("max");
        assertThatThrownBy(() -> FollowOptions.builder().maxConsecutiveFailures(0).build())
                .hasMessageContaining("maxConsecutiveFailures");
        assertThatThrownBy(() -> TaskFollower.builder().build()).hasMessageContaining("scheduler");
    }

    @Test
    void closeCancelsEveryFollow() {
        FollowHandle a = follow(options());
        FollowHandle b = follower.follow(new FakeMaia("t-2", clock), ACCOUNT, FollowState.start("t-2", null),
                options(), null);
        scheduler.advance(Duration.ofSeconds(3));

        follower.close();

        assertThat(a.result()).isCancelled();
        assertThat(b.result()).isCancelled();
        assertThat(Set.of(a.taskId(), b.taskId())).containsExactlyInAnyOrder("t-1", "t-2");
        assertThatThrownBy(() -> follow(options())).isInstanceOf(IllegalStateException.class);
    }

    static byte[] serialize(Object o) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    static FollowState deserialize(byte[] bytes) throws Exception {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (FollowState) in.readObject();
        }
    }
}
