package io.jenkins.plugins.maia.follower.follow;

import io.jenkins.plugins.maia.client.MaiaException;
import io.jenkins.plugins.maia.client.model.Decision;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskEvent;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a follow reports. Every method has a no-op default. Calls come from the follower's scheduler threads,
 * one at a time and in order for a given follow, so an implementation needs no locking for one follow; it must
 * return quickly (no network, no waiting for a human). An exception thrown here is logged and ignored.
 */
public interface FollowListener {

    /** A new message event: each event exactly once, in the task's order, across re-reads and resumes. */
    default void onEvent(TaskEvent event) {}

    /** The task's status, {@code modifiedAt} or pending decisions changed (also the first read of a follow). */
    default void onStatus(Task task) {}

    /**
     * A pending decision was answered and sent; {@code decidedBy} is "policy" (the approve and reject lists, the
     * answers, the fallback), the explicit rule that settled it ({@code "rules[0]: git_* -> reject"}), the decision
     * timeout ({@code "decision timeout (nobody answered within 10m)"}) or the human's name.
     */
    default void onDecision(PendingDecision pending, Decision decision, String decidedBy) {}

    /**
     * A round of decisions is left to a person: {@code pending} (those no rule settled) are asked of the follow's
     * human (fallback ASK), waited for while someone answers elsewhere (WAIT), or the follow is about to pause on
     * them (PAUSE). Once per round; a follow that waits hears it again only when what it waits for changes. A hook
     * that tells someone (a chat message, an e-mail) belongs here; like every method, it must return quickly.
     */
    default void onPersonNeeded(List<PendingDecision> pending) {}

    /** The state moved on: persist it now if the follow must survive a restart. */
    default void onStateChanged(FollowState state) {}

    /**
     * A call of the follow failed and will be tried again after {@code retryIn}: one call per failed call, so a
     * follow is never silent while the server is down. {@code attempt} counts the failures in a row (1 for the
     * first). A failure that ends the follow is not told here but by its result: {@link FollowHandle#result()}
     * completes exceptionally (after {@link FollowOptions#giveUpAfter()} of failures, with the last cause), or the
     * final read's failure flags the result ({@link FollowResult#unreadReason()}).
     */
    default void onCallFailed(MaiaException cause, int attempt, Duration retryIn) {}

    /** A listener that calls each of {@code listeners} in order (nulls skipped). */
    static FollowListener all(FollowListener... listeners) {
        List<FollowListener> list = java.util.Arrays.stream(listeners).filter(Objects::nonNull).toList();
        return new FollowListener() {
            @Override
            public void onEvent(TaskEvent event) {
                list.forEach(l -> l.onEvent(event));
            }

            @Override
            public void onStatus(Task task) {
                list.forEach(l -> l.onStatus(task));
            }

            @Override
            public void onDecision(PendingDecision pending, Decision decision, String decidedBy) {
                list.forEach(l -> l.onDecision(pending, decision, decidedBy));
            }

            @Override
            public void onPersonNeeded(List<PendingDecision> pending) {
                list.forEach(l -> l.onPersonNeeded(pending));
            }

            @Override
            public void onStateChanged(FollowState state) {
                list.forEach(l -> l.onStateChanged(state));
            }

            @Override
            public void onCallFailed(MaiaException cause, int attempt, Duration retryIn) {
                list.forEach(l -> l.onCallFailed(cause, attempt, retryIn));
            }
        };
    }
}
