package io.jenkins.plugins.maia.follower.follow;

import io.jenkins.plugins.maia.client.MaiaApiException;
import io.jenkins.plugins.maia.client.model.Decision;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.follower.decision.DecisionPolicy;
import io.jenkins.plugins.maia.follower.decision.DecisionView;
import io.jenkins.plugins.maia.follower.decision.Fallback;
import io.jenkins.plugins.maia.follower.decision.HumanAnswer;
import io.jenkins.plugins.maia.follower.decision.HumanDecider;
import io.jenkins.plugins.maia.follower.decision.SettledDecision;
import io.jenkins.plugins.maia.follower.decision.Verdict;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One round of answering the decisions a task is paused on: the policy settles what it can, a human is asked the
 * rest one at a time, and every answer is sent in one call.
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
    }

    /**
     * A decision decided (by policy or human) and not yet confirmed sent: {@code decidedBy} is "policy" or the
     * human's name, as listeners are told; {@code source} and {@code rule} say which rule, default or person.
     */
    record Answer(PendingDecision pending, Decision decision, String decidedBy, SettledDecision.Source source,
            String rule) {

        /** What the result lists: the decision and who or what settled it. */
        SettledDecision settled() {
            return new SettledDecision(pending, decision, source,
                    source == SettledDecision.Source.PERSON ? decidedBy : rule);
        }
    }

    /** What to do with the pending decisions. */
    private sealed interface Plan permits Submit, AskHuman, Pause {}

    /** Everything is decided: send it. */
    private record Submit() implements Plan {}

    /** Some decisions need a human, and there is one to ask: ask them one at a time. */
    private record AskHuman() implements Plan {}

    /** Some decisions need a human and nobody can be asked: the follow pauses with NEEDS_DECISION. */
    private record Pause(List<PendingDecision> needHuman, String detail) implements Plan {}

    // Set at construction.
    private final DecisionPolicy policy;
    /** Who is asked when the policy does not settle a decision and its fallback is ASK; null = nobody. */
    private final HumanDecider decider;
    private final Executor strand;
    private final Owner owner;

    // Confined to the follow's strand.
    private final Map<String, Answer> unsent = new LinkedHashMap<>();
    private List<PendingDecision> toAsk = List.of();
    private CompletableFuture<HumanAnswer> humanFuture;

    DecisionRound(DecisionPolicy policy, HumanDecider decider, Executor strand, Owner owner) {
        this.policy = policy;
        this.decider = decider;
        this.strand = strand;
        this.owner = owner;
    }

    /**
     * Answers sent ambiguously that the task no longer lists as pending were taken by the server: forgets them here
     * and returns them.
     */
    List<Answer> takenBy(List<String> pendingIds) {
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
        if (plan instanceof Pause pause) {
            owner.paused(pause.needHuman(), pause.detail());
        } else if (plan instanceof AskHuman) {
            owner.asking();
            askNext();
        } else {
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
                settled.put(p.toolId(), new Answer(p, s.decision(), "policy", s.source(), s.rule()));
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
        String who = policy.fallback() == Fallback.ASK && decider == null
                ? "; no one to ask (fallback ASK without a human decider)" : "";
        return new Pause(needHuman, "waiting for a human decision: " + String.join("; ", reasons) + who);
    }

    /** Asks the human about the next decision, or ends the round when every one was answered. */
    private void askNext() {
        if (toAsk.isEmpty()) {
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
                SettledDecision.Source.PERSON, null));
        toAsk.remove(0);
        askNext();
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
