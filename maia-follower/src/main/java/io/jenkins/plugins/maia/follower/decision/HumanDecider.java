package io.jenkins.plugins.maia.follower.decision;

import io.jenkins.plugins.maia.client.model.Decision;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import java.util.concurrent.CompletableFuture;

/**
 * Asks a human for a decision the policy could not settle ({@link Fallback#ASK}): the Jenkins input step, the
 * CLI prompt. Asynchronous on purpose: implementations must return at once and complete the future from their
 * own thread, never block the follower's scheduler.
 *
 * <p>Completing the future with {@code null}, exceptionally, or cancelling it means "no answer now": the follow
 * ends with {@code NEEDS_DECISION} and the task stays paused. The follower cancels the future when the follow is
 * stopped, detached or times out.
 *
 * <p>The follower calls {@link #answer}; implement {@link #decide} (and {@link #name()}) for the simple case, or
 * override {@link #answer} to say per decision who took it.
 */
@FunctionalInterface
public interface HumanDecider {

    /** The decision for {@code pending}; its {@code id} must be {@code pending.toolId()}. */
    CompletableFuture<Decision> decide(PendingDecision pending, DecisionView view);

    /** Who answers, as shown in the console and transcript when {@link #answer} is not overridden. */
    default String name() {
        return "human";
    }

    /** The decision with who took it. By default {@link #decide} attributed to {@link #name()}. */
    default CompletableFuture<HumanAnswer> answer(PendingDecision pending, DecisionView view) {
        CompletableFuture<Decision> decided = decide(pending, view);
        if (decided == null) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<HumanAnswer> answer = decided.thenApply(d -> d == null ? null : new HumanAnswer(d, name()));
        // The follower cancels what it holds when the question is moot: pass that on to the decider's future.
        answer.whenComplete((a, e) -> {
            if (answer.isCancelled()) {
                decided.cancel(false);
            }
        });
        return answer;
    }
}
