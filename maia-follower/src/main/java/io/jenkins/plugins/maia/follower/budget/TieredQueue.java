package io.jenkins.plugins.maia.follower.budget;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The waiters of one {@link AccountBudget}, in four queues served in turn: every {@link Tier#FIRST} waiter, then every
 * {@link Tier#LOOKOUT} one, then every {@link Tier#URGENT} one, then the {@link Tier#ROUTINE} ones; first come, first
 * served within each, except that the first queue serves the chains nearest their end first ({@link #addFirst}).
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

    /**
     * Most calls a chain has after one of its calls in the first queue: a task graph's dependent is started by three
     * calls after the watch's round (the end read, the final message read, the create).
     */
    static final int MAX_CALLS_LEFT = 2;

    /**
     * The first queue, by the calls left after each waiter's ({@code first.get(n)}: {@code n} left): a chain nearest
     * its end goes first. When several tasks others wait on end at once, one dependent then starts as soon as can be
     * and the next after it, instead of every chain's reads first and all the creates at the end.
     */
    private final List<Deque<W>> first = List.of(new ArrayDeque<>(), new ArrayDeque<>(), new ArrayDeque<>());
    private final Deque<W> lookout = new ArrayDeque<>();
    private final Deque<W> urgent = new ArrayDeque<>();
    private final Deque<W> routine = new ArrayDeque<>();

    void add(W waiter, Tier tier) {
        switch (tier) {
            case FIRST -> first.get(MAX_CALLS_LEFT).addLast(waiter);
            case LOOKOUT -> lookout.addLast(waiter);
            case URGENT -> urgent.addLast(waiter);
            case ROUTINE -> routine.addLast(waiter);
        }
    }

    /** Adds {@code waiter} to the first queue, {@code callsLeft} calls before its chain's end (0 to 2). */
    void addFirst(W waiter, int callsLeft) {
        if (callsLeft < 0 || callsLeft > MAX_CALLS_LEFT) {
            throw new IllegalArgumentException("callsLeft must be 0 to " + MAX_CALLS_LEFT + ", was " + callsLeft);
        }
        first.get(callsLeft).addLast(waiter);
    }

    /** The waiter whose turn it is, taken out of its queue; null when none waits. */
    W poll() {
        for (Deque<W> q : first) {
            if (!q.isEmpty()) {
                return q.pollFirst();
            }
        }
        return !lookout.isEmpty() ? lookout.pollFirst() : !urgent.isEmpty() ? urgent.pollFirst() : routine.pollFirst();
    }

    /** Whether the waiter whose turn it is came through the first or the lookout queue. */
    boolean aheadOfUrgentAtHead() {
        return firstSize() > 0 || !lookout.isEmpty();
    }

    boolean isEmpty() {
        return size() == 0;
    }

    int size() {
        return firstSize() + lookout.size() + urgent.size() + routine.size();
    }

    private int firstSize() {
        return first.stream().mapToInt(Deque::size).sum();
    }

    /** Takes {@code waiter} out of whichever queue holds it; false when none does. */
    boolean remove(W waiter) {
        for (Deque<W> q : first) {
            if (q.remove(waiter)) {
                return true;
            }
        }
        return lookout.remove(waiter) || urgent.remove(waiter) || routine.remove(waiter);
    }

    /** Every waiter, in the order they would be served. */
    List<W> inOrder() {
        List<W> all = new ArrayList<>();
        first.forEach(all::addAll);
        all.addAll(lookout);
        all.addAll(urgent);
        all.addAll(routine);
        return all;
    }
}
