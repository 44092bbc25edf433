package io.jenkins.plugins.maia.follower.decision;

import io.jenkins.plugins.maia.client.model.PendingDecision;
import java.util.concurrent.CompletableFuture;

/**
 * Asks a human for a decision the policy could not settle ({@link Fallback#ASK}): the Jenkins input step, the
 * CLI prompt. One method for every kind of pending decision, a tool call or a question: {@link #answer} returns the
 * human's {@link HumanAnswer}, the decision and who took it.
 *
 * <p>Asynchronous on purpose: implementations must return at once and complete the future from their own thread,
 * never block the follower's scheduler. Completing the future with {@code null}, exceptionally, or cancelling it
 * means "no answer now": the follow ends with {@code NEEDS_DECISION} and the task stays paused. The follower
 * cancels the future it was given when the question is moot (the follow is stopped, detached or times out).
 */
@FunctionalInterface
public interface HumanDecider {

    /**
     * The human's answer to {@code pending}, shown as {@code view}; the answer's decision id must be
     * {@code pending.toolId()}. Build the decision with {@code view} ({@link DecisionView#approveOnce()},
     * {@link DecisionView#answer(int, java.util.List)} ...).
     */
    CompletableFuture<HumanAnswer> answer(PendingDecision pending, DecisionView view);

    /** Who is asked, named in the follow's detail when no answer comes (for example "console"). */
    default String name() {
        return "human";
    }
}
