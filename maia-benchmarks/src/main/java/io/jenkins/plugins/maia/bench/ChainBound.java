package io.jenkins.plugins.maia.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * What an ideal client could have achieved on one run of benchmark 6: given the server's end time of every task (as
 * the run saw them), how soon could each dependent have been created after its last dependency's end, under the same
 * budget, by a client that makes only the calls the API's contract requires for it, in the best order?
 *
 * <p>The calls: the project watch's round that sees the end (a list call, at most one every {@code pace}, only while
 * some end is still unseen), then for the dependency its task read (a STOPPED task is paused or finished only its
 * pending decisions tell) and its final message read (only the events tell a stop from elsewhere from a finish), then
 * one create per dependent. Nothing else: no message read while tasks run, no decision, no first read, no retry. The
 * chain nearest its end goes first, then a due round. The budget: {@code perSecond} tokens a second, a bucket of
 * {@code bucket}, full at the start. Simulated in steps of 10 ms with whole thousandths of a token, so it is exact
 * and the same on every machine.
 *
 * <p>A bound for that run's ends, not for every run: a client that starts tasks sooner also moves their ends. It
 * tells how much of a measured gap the client's order and extra calls cost, and how much the budget and the contract
 * leave no client to win.
 */
final class ChainBound {

    private static final long STEP_MILLIS = 10;
    private static final long TOKEN = 1_000;

    /** @param gaps each dependent's create after its last dependency's end; @param rounds the list calls made */
    record Result(Distribution gaps, int rounds) {}

    private record Call(int callsLeft, long order, String dependency) {}

    private ChainBound() {}

    /**
     * @param ends       every task's end (the server's {@code modifiedAt} once it ended), by task id
     * @param dependsOn  each task's dependencies, by task id (tasks without any may be left out)
     * @param perSecond  the budget's rate
     * @param bucket     the client's bucket
     * @param pace       the shortest time between two rounds
     */
    static Result of(Map<String, Instant> ends, Map<String, List<String>> dependsOn, int perSecond, int bucket,
            Duration pace) {
        // Each dependent is started by the chain of its last dependency to end.
        Map<String, List<String>> startedBy = new HashMap<>();
        dependsOn.forEach((task, deps) -> {
            if (!deps.isEmpty()) {
                String last = deps.stream().max(Comparator.comparing(ends::get)).orElseThrow();
                startedBy.computeIfAbsent(last, k -> new ArrayList<>()).add(task);
            }
        });
        List<String> unseen = new ArrayList<>(startedBy.keySet());
        unseen.sort(Comparator.comparing(ends::get));
        if (unseen.isEmpty()) {
            return new Result(Distribution.EMPTY, 0);
        }
        long origin = ends.get(unseen.get(0)).toEpochMilli() - 5_000;
        long now = 0;
        long tokens = (long) bucket * TOKEN;
        long nextRound = 0;
        long order = 0;
        int rounds = 0;
        int seen = 0;
        List<Double> gaps = new ArrayList<>();
        PriorityQueue<Call> queue = new PriorityQueue<>(
                Comparator.comparingInt(Call::callsLeft).thenComparingLong(Call::order));
        while (seen < unseen.size() || !queue.isEmpty()) {
            if (tokens >= TOKEN && !queue.isEmpty()) {
                tokens -= TOKEN;
                Call call = queue.poll();
                if (call.callsLeft() == 2) {
                    queue.add(new Call(1, order++, call.dependency()));
                } else if (call.callsLeft() == 1) {
                    for (int i = 0; i < startedBy.get(call.dependency()).size(); i++) {
                        queue.add(new Call(0, order++, call.dependency()));
                    }
                } else {
                    gaps.add((double) (origin + now - ends.get(call.dependency()).toEpochMilli()));
                }
                continue;
            }
            if (tokens >= TOKEN && now >= nextRound && seen < unseen.size()) {
                tokens -= TOKEN;
                rounds++;
                nextRound = now + pace.toMillis();
                while (seen < unseen.size() && ends.get(unseen.get(seen)).toEpochMilli() <= origin + now) {
                    queue.add(new Call(2, order++, unseen.get(seen++)));
                }
                continue;
            }
            now += STEP_MILLIS;
            tokens = Math.min((long) bucket * TOKEN, tokens + perSecond * STEP_MILLIS);
        }
        return new Result(Distribution.of(gaps), rounds);
    }
}
