package io.jenkins.plugins.maia.follower.follow;

import io.jenkins.plugins.maia.client.MaiaApiException;
import io.jenkins.plugins.maia.client.model.Decision;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.ToolDecision;
import io.jenkins.plugins.maia.follower.decision.DecisionPolicy;
import io.jenkins.plugins.maia.follower.decision.DecisionView;
import io.jenkins.plugins.maia.follower.decision.Fallback;
import io.jenkins.plugins.maia.follower.decision.HumanAnswer;
import io.jenkins.plugins.maia.follower.decision.HumanDecider;
import io.jenkins.plugins.maia.follower.decision.OnDecisionTimeout;
import io.jenkins.plugins.maia.follower.decision.SettledDecision;
import io.jenkins.plugins.maia.follower.decision.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.function.BiFunction;

/**
 * One round of answering the decisions a task is paused on: the policy settles what it can, a human is asked the
 * rest one at a time (or, with the fallback WAIT, the follow polls on while someone answers elsewhere), and every
 * answer is sent in one call. A round left to a person is told to the listener once, and ends by the
 * {@link DecisionDeadline decision timeout} when nobody answers in time.
 *
 * <p>Answers not yet confirmed sent are kept ({@link #unsent}): after an ambiguous submit (a timeout, a 502) the
 * follow reads the task first, answers the server took are settled from that read ({@link #takenBy}), and the
 * rest are sent again without asking anybody twice.
 *
 * <p>Confined to the follow's strand.
 */
final class DecisionRound {

    /** What a round needs of its follow; called on the follow's strand. */
    interface Owner {
        /** The follow's generation now: bumped whenever it changes course. */
        long generation();

        /** Whether an answer to a question asked in {@code generation} still counts (the follow still waits). */
        boolean awaitingHuman(long generation);

        /** A human is asked: the follow waits for the answer (and polls no more meanwhile). */
        void asking();

        /** Every decision of the round is decided: send them. */
        void decided();

        /** {@code pending} needs a human and there is no answer: the follow pauses with NEEDS_DECISION. */
        void paused(List<PendingDecision> pending, String detail);

        /** Plans the next call: while waiting for an answer given elsewhere, the follow polls on. */
        void advance();

        /** Forgets whatever was planned (a read, the question asked): the course changes. */
        void changeCourse();

        /** Stops the task (nobody answered in time, and the decision timeout says stop). */
        void stop();
    }

    /**
     * A decision decided (by policy or human) and not yet confirmed sent: {@code decidedBy} is "policy", the
     * explicit rule, the decision timeout or the human's name, as listeners are told; {@code source}, {@code rule}
     * and {@code ruleIndex} (-1 but for an explicit rule) say which rule, default or person.
     */
    record Answer(PendingDecision pending, Decision decision, String decidedBy, SettledDecision.Source source,
            String rule, int ruleIndex) {

        /** What the result lists: the decision and who or what settled it. */
        SettledDecision settled() {
            return new SettledDecision(pending, decision, source,
                    source == SettledDecision.Source.PERSON ? decidedBy : rule, ruleIndex);
        }
    }

    /** What to do with the pending decisions. */
    private sealed interface Plan permits Submit, AskHuman, Pause, Wait {}

    /** Everything is decided: send it. */
    private record Submit() implements Plan {}

    /** Some decisions need a human, and there is one to ask: ask them one at a time. */
    private record AskHuman() implements Plan {}

    /** Some decisions need a human and nobody can be asked: the follow pauses with NEEDS_DECISION. */
    private record Pause(List<PendingDecision> needHuman, String detail) implements Plan {}

    /** Some decisions need a human who answers elsewhere (fallback WAIT): the follow polls on. */
    private record Wait(List<PendingDecision> needHuman) implements Plan {}

    // Set at construction.
    private final DecisionPolicy policy;
    /** Who is asked when the policy does not settle a decision and its fallback is ASK; null = nobody. */
    private final HumanDecider decider;
    private final OnDecisionTimeout onTimeout;
    private final Executor strand;
    private final Owner owner;
    private final FollowRecorder recorder;
    private final DecisionDeadline deadline;

    // Confined to the follow's strand.
    private final Map<String, Answer> unsent = new LinkedHashMap<>();
    private List<PendingDecision> toAsk = List.of();
    private CompletableFuture<HumanAnswer> humanFuture;
    /** The decisions a follow under WAIT waits for someone to answer elsewhere; null when it waits for none. */
    private List<PendingDecision> waitingFor;

    DecisionRound(FollowOptions options, Executor strand, Owner owner, FollowRecorder recorder,
            BiFunction<Duration, Runnable, ScheduledFuture<?>> timers) {
        this.policy = options.decisions();
        this.decider = options.humanDecider();
        this.onTimeout = options.onDecisionTimeout();
        this.strand = strand;
        this.owner = owner;
        this.recorder = recorder;
        this.deadline = new DecisionDeadline(options.decisionTimeout(), timers);
    }

    /**
     * A read of the task lists {@code pendingIds}. Answers sent ambiguously that it no longer lists were taken by the
     * server: forgotten here and returned. A wait for decisions that are no longer pending (answered elsewhere) is
     * over, and so is its timeout.
     */
    List<Answer> takenBy(List<String> pendingIds) {
        if (waitingFor != null && !pendingIds.containsAll(TaskRead.ids(waitingFor))) {
            waitingFor = waitingFor.stream().filter(p -> pendingIds.contains(p.toolId())).toList();
            if (waitingFor.isEmpty()) {
                waitingFor = null;
                deadline.disarm();
            }
        }
        List<Answer> taken = new ArrayList<>();
        for (Iterator<Answer> it = unsent.values().iterator(); it.hasNext(); ) {
            Answer a = it.next();
            if (!pendingIds.contains(a.pending().toolId())) {
                taken.add(a);
                it.remove();
            }
        }
        return taken;
    }

    /**
     * Starts a round on {@code unanswered}: an answer kept from an earlier round stands, the policy settles what
     * it can, and the rest goes to the human decider one at a time when the policy's fallback is ASK (and each has
     * an id). Ends with {@link Owner#decided()} or {@link Owner#paused}, at once or once the human answered.
     */
    void start(List<PendingDecision> unanswered) {
        Plan plan = plan(unanswered);
        if (plan instanceof Wait wait) {
            unsent.clear(); // nothing is sent while waiting: what the rules settle goes with the rest, later
            boolean fresh = waitingFor == null || !TaskRead.ids(waitingFor).containsAll(TaskRead.ids(wait.needHuman()));
            waitingFor = wait.needHuman();
            if (fresh) {
                recorder.personNeeded(waitingFor);
                deadline.arm(this::nobodyAnswered);
            }
            owner.advance(); // polls on: the answer comes from elsewhere
            return;
        }
        waitingFor = null;
        if (plan instanceof Pause pause) {
            deadline.disarm();
            recorder.personNeeded(pause.needHuman());
            owner.paused(pause.needHuman(), pause.detail());
        } else if (plan instanceof AskHuman) {
            recorder.personNeeded(toAsk);
            deadline.arm(this::nobodyAnswered);
            owner.asking();
            askNext();
        } else {
            deadline.disarm();
            owner.decided();
        }
    }

    /**
     * The decision timeout passed with the round still left to a person: what was asked or waited for is rejected
     * (tools only), left paused, or the task is stopped, as {@link FollowOptions#onDecisionTimeout()} says.
     */
    private void nobodyAnswered() {
        List<PendingDecision> left = waitingFor != null ? waitingFor : List.copyOf(toAsk);
        waitingFor = null;
        owner.changeCourse(); // forgets the question asked, or the read planned while waiting
        String why = deadline.nobodyAnswered();
        List<String> questions = left.stream().filter(PendingDecision::isQuestion).map(PendingDecision::toolId).toList();
        if (onTimeout == OnDecisionTimeout.STOP) {
            recorder.stopReason(why + " (decision timeout, stop)");
            owner.stop();
        } else if (onTimeout == OnDecisionTimeout.FAIL || !questions.isEmpty()) {
            owner.paused(left, why + " (decision timeout); the task is left paused" + (questions.isEmpty() ? ""
                    : ", since a question cannot be rejected (" + String.join(", ", questions) + "): answer it, or "
                    + "add a rule that answers it"));
        } else {
            for (PendingDecision p : left) {
                unsent.put(p.toolId(), new Answer(p, ToolDecision.reject(p.toolId()), "decision timeout (" + why + ")",
                        SettledDecision.Source.DEFAULT, "decision timeout REJECT (" + why + ")", -1));
            }
            toAsk = List.of();
            owner.decided();
        }
    }

    private Plan plan(List<PendingDecision> unanswered) {
        Map<String, Answer> settled = new LinkedHashMap<>();
        List<PendingDecision> needHuman = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (PendingDecision p : unanswered) {
            Answer known = p.toolId() == null ? null : unsent.get(p.toolId());
            if (known != null) {
                settled.put(p.toolId(), known);
                continue;
            }
            Verdict verdict = policy.decide(p);
            if (verdict instanceof Verdict.Settled s) {
                // An explicit rule names itself to listeners; the lists, answers and fallback remain "policy".
                settled.put(p.toolId(), new Answer(p, s.decision(), s.ruleIndex() >= 0 ? s.rule() : "policy",
                        s.source(), s.rule(), s.ruleIndex()));
            } else {
                needHuman.add(p);
                reasons.add(((Verdict.NeedsHuman) verdict).reason());
            }
        }
        unsent.clear();
        unsent.putAll(settled);
        if (needHuman.isEmpty()) {
            return new Submit();
        }
        boolean answerable = needHuman.stream().allMatch(p -> p.toolId() != null && !p.toolId().isBlank());
        if (policy.fallback() == Fallback.ASK && decider != null && answerable) {
            toAsk = new ArrayList<>(needHuman);
            return new AskHuman();
        }
        if (policy.fallback() == Fallback.WAIT && answerable) {
            return new Wait(List.copyOf(needHuman));
        }
        String who = policy.fallback() == Fallback.ASK && decider == null
                ? "; no one to ask (fallback ASK without a human decider)" : "";
        return new Pause(needHuman, "waiting for a human decision: " + String.join("; ", reasons) + who);
    }

    /** Asks the human about the next decision, or ends the round when every one was answered. */
    private void askNext() {
        if (toAsk.isEmpty()) {
            deadline.disarm();
            owner.decided();
            return;
        }
        PendingDecision pending = toAsk.get(0);
        CompletableFuture<HumanAnswer> future;
        try {
            future = decider.answer(pending, DecisionView.of(pending));
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        if (future == null) {
            future = CompletableFuture.completedFuture(null);
        }
        humanFuture = future;
        long gen = owner.generation();
        future.whenComplete((answer, error) -> strand.execute(() -> answered(gen, pending, answer, error)));
    }

    /** The human answered {@code pending}, or failed to ({@code error}, a null answer): go on, or pause. */
    private void answered(long gen, PendingDecision pending, HumanAnswer answer, Throwable error) {
        if (!owner.awaitingHuman(gen)) {
            return; // moot: the follow changed course meanwhile
        }
        humanFuture = null;
        String problem = null;
        if (error != null) {
            problem = "no answer from " + decider.name() + " (" + ErrorText.of(error) + ")";
        } else if (answer == null) {
            problem = "no answer from " + decider.name();
        } else if (!pending.toolId().equals(answer.decision().id())) {
            problem = "the answer was for id " + answer.decision().id() + " but the pending decision is "
                    + pending.toolId();
        }
        if (problem != null) {
            owner.paused(toAsk, problem);
            return;
        }
        unsent.put(pending.toolId(), new Answer(pending, answer.decision(), answer.decidedBy(),
                SettledDecision.Source.PERSON, null, -1));
        toAsk.remove(0);
        askNext();
    }

    /** The follow ends (its outcome is known, or it is detached): the question and the decision timeout are moot. */
    void end() {
        cancelHuman();
        waitingFor = null;
        deadline.disarm();
    }

    /** Cancels a question a human has not answered yet: the decision is moot (stop, deadline, detach). */
    void cancelHuman() {
        if (humanFuture != null) {
            CompletableFuture<HumanAnswer> f = humanFuture;
            humanFuture = null;
            f.cancel(false);
        }
    }

    /**
     * Sends every unsent answer in one call and returns them, or returns an empty list when nothing is left to
     * send (the server took them meanwhile). A 409 (nothing pending any more: answered elsewhere) counts as sent;
     * any other failure is thrown with the answers kept for the next attempt.
     */
    List<Answer> submit(TaskApi api, String taskId) {
        List<Answer> answers = List.copyOf(unsent.values());
        if (answers.isEmpty()) {
            return answers;
        }
        try {
            api.submitDecisions(taskId, answers.stream().map(Answer::decision).toList());
        } catch (MaiaApiException e) {
            if (e.status() != 409) {
                throw e;
            }
            // 409: nothing pending any more (answered elsewhere); ours are recorded as done and the polls tell.
        }
        unsent.clear();
        return answers;
    }
}
