package io.jenkins.plugins.maia.follower.budget;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The waiters of one {@link AccountBudget}, in four queues served in turn: every {@link Tier#FIRST} waiter, then every
 * {@link Tier#LOOKOUT} one, then every {@link Tier#URGENT} one, then the {@link Tier#ROUTINE} ones; first come, first
 * served within each.
 *
 * <p>Not thread-safe: guarded by its budget's lock.
 */
final class TieredQueue<W> {

    /** Which queue a waiter joins. */
    enum Tier {
        /**
         * The few calls other work is held back on (a task graph's creates, the reads that confirm the end of a task
         * others wait for). Under a saturated budget the urgent queue is long (a project watch's rounds alone take
         * half the rate), so a call that unblocks dependents would otherwise wait behind it at every step of the
         * chain.
         */
        FIRST,
        /**
         * The calls that look for the end of a task others wait for (a project watch's rounds while it watches such a
         * task, the task's first read): behind the first ones, since a chain already under way (an end seen, its
         * reads, the dependents' creates) finishes sooner when more looking waits a moment, and the ends it would see
         * only add to the queue.
         */
        LOOKOUT,
        /**
         * Before every routine waiter: a queue of its own, so a steady stream of urgent calls (a project watch's
         * rounds) cannot push an earlier urgent one back.
         */
        URGENT,
        /** Everything else: the follows' polls, blocked callers. */
        ROUTINE
    }

    private final Deque<W> first = new ArrayDeque<>();
    private final Deque<W> lookout = new ArrayDeque<>();
    private final Deque<W> urgent = new ArrayDeque<>();
    private final Deque<W> routine = new ArrayDeque<>();

    void add(W waiter, Tier tier) {
        switch (tier) {
            case FIRST -> first.addLast(waiter);
            case LOOKOUT -> lookout.addLast(waiter);
            case URGENT -> urgent.addLast(waiter);
            case ROUTINE -> routine.addLast(waiter);
        }
    }

    /** The waiter whose turn it is, taken out of its queue; null when none waits. */
    W poll() {
        return !first.isEmpty() ? first.pollFirst() : !lookout.isEmpty() ? lookout.pollFirst()
                : !urgent.isEmpty() ? urgent.pollFirst() : routine.pollFirst();
    }

    /** Whether the waiter whose turn it is came through the first or the lookout queue. */
    boolean aheadOfUrgentAtHead() {
        return !first.isEmpty() || !lookout.isEmpty();
    }

    boolean isEmpty() {
        return first.isEmpty() && lookout.isEmpty() && urgent.isEmpty() && routine.isEmpty();
    }

    int size() {
        return first.size() + lookout.size() + urgent.size() + routine.size();
    }

    /** Takes {@code waiter} out of whichever queue holds it; false when none does. */
    boolean remove(W waiter) {
        return first.remove(waiter) || lookout.remove(waiter) || urgent.remove(waiter) || routine.remove(waiter);
    }

    /** Every waiter, in the order they would be served. */
    List<W> inOrder() {
        List<W> all = new ArrayList<>(first);
        all.addAll(lookout);
        all.addAll(urgent);
        all.addAll(routine);
        return all;
    }
}
