package io.jenkins.plugins.maia.follower.follow;

import io.jenkins.plugins.maia.client.MaiaException;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskSummary;
import io.jenkins.plugins.maia.follower.budget.AccountBudget;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Watches the followed tasks of one project of one account through the task list. The API has no way to ask "has
 * this task changed?" cheaply, but one {@code GET /v1/ai/agents/tasks?projectId=...} returns the status and
 * {@code modifiedAt} of up to 100 tasks. So instead of each follow reading its own task every interval, the follows
 * of a project subscribe here, one list call per interval looks at all of them, and only the follows whose task
 * changed are woken to read it (or, for a task that stays RUNNING, are handed the row, which says everything a task
 * read would). Ten builds in one project then cost one call per interval instead of ten, which is what lets them
 * share a 60-a-minute account and still notice changes within seconds.
 *
 * <p>The interval is adaptive like a single follow's: it is the shortest any subscriber asks for (a follow whose
 * task just changed asks for its policy's {@code initial}), grows by the policy's factor after each quiet round up to
 * the policy's {@code max} divided by the number of subscribers, and never comes closer than two refill intervals
 * of the account's budget (2 s at 60 a minute), so the watch leaves at least half of the budget to message reads
 * (see {@link WatchPace}). Its list calls jump the account's queue: one call serves every subscriber. A round
 * ({@link WatchRound}) reads pages until every watched task is found.
 *
 * <p>Whenever the watch cannot tell, a follow reads its own task: a task not in the list (the watch looks for it again
 * after 4 polling {@code max} intervals); list calls that failed 3 times in a row (a failed round is retried after
 * 1 s, then 2 s; after the third the watch cools down with a growing pause and refuses subscriptions meanwhile); a
 * list the account may not read (a 4xx other than 408/425/429) or whose rows carry no {@code modifiedAt} (then the
 * watch turns itself off for good and logs why once). Each follow also keeps a slow read of its own as a safety net
 * (see {@link Follow}).
 *
 * <p>Thread-safe: subscriptions come from the follows' strands, rounds run on the scheduler; the mutable fields are
 * guarded by this watch.
 */
final class ProjectWatch {

    private static final Logger LOG = System.getLogger(ProjectWatch.class.getName());

    /** A task a round did not find is looked for again after this many polling {@code max} intervals (60 s). */
    static final int UNLISTED_RETRY_FACTOR = 4;
    /**
     * Failed rounds in a row after which the subscribers read their own tasks (before that the round is retried with
     * backoff; one failure among many calls should not make every follow read its task).
     */
    static final int WAKE_AFTER_FAILURES = 3;

    /** What a subscribed follow is told; called on a scheduler thread, so implementations only hand it on. */
    interface Subscriber {
        /** The task's row shows a change: another status, or a later {@code modifiedAt}. */
        void changed(TaskSummary row);

        /** The watch cannot tell (the task is not in the list, or the list call failed): read the task yourself. */
        void readYourself();

        /**
         * The list call made for this follow failed and is tried again after {@code retryIn} ({@code attempt}
         * failures in a row): told, so that a follow is never silent while the server is down.
         */
        default void listFailed(MaiaException cause, int attempt, Duration retryIn) {}
    }

    /** A follow's place in the watch, given up with {@link #cancel()} (after which it is told nothing more). */
    interface Subscription {
        void cancel();
    }

    // Set at construction; read from any thread.
    private final String projectId;
    private final AccountBudget budget;
    private final ScheduledExecutorService scheduler;
    private final InstantSource clock;

    // Guarded by this: subscriptions come from the follows' strands, rounds end on the scheduler's threads.
    private final Set<WatchedTask> members = new LinkedHashSet<>();
    /** Every row the last round read, subscribed or not: what a follow subscribing now can be told at once. */
    private Map<String, TaskSummary> latestRows = Map.of();
    /**
     * Tasks a round looked for and did not find (a busy project: more newer tasks than the pages a round may read),
     * with when the watch may look for them again; meanwhile their follows read their own tasks, rather than costing
     * a list call and a read each round.
     */
    private final Map<String, Instant> unlistedUntil = new HashMap<>();
    private TaskLister lister;
    private Duration interval;
    private ScheduledFuture<?> timer;
    private Instant timerDue;
    private boolean roundRunning;
    private Instant nextRoundWanted;
    private Instant lastRoundStart;
    /** Failed rounds in a row: retried after 1 s, 2 s ..., up to 60 s (or the server's Retry-After). */
    private final FailureStreak failures = new FailureStreak(Duration.ofSeconds(1), FailureStreak.MAX_WAIT);
    private Instant coolDownUntil;
    private String disabledReason;
    private long rounds;

    ProjectWatch(String projectId, AccountBudget budget, ScheduledExecutorService scheduler, InstantSource clock) {
        this.projectId = projectId;
        this.budget = budget;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /**
     * Subscribes the follow of {@code task} (as last read) to be told when its row changes, looking within
     * {@code delay} (sooner if the watch's next round is sooner). Returns null when the watch is off or cooling down
     * after failures: the follow then reads its own task.
     */
    synchronized Subscription subscribe(TaskLister via, Task task, PollingPolicy policy, Duration delay,
            Subscriber subscriber) {
        return subscribe(via, task, policy, delay, subscriber, false);
    }

    /**
     * Like {@link #subscribe(TaskLister, Task, PollingPolicy, Duration, Subscriber)}; {@code awaited}: other work
     * waits for this task's end (a graph's dependents), so while it is watched the rounds go ahead of the account's
     * urgent and routine calls ({@link AccountBudget#whenAvailableToLookOut}), the first link of the chain that starts
     * its dependents.
     */
    synchronized Subscription subscribe(TaskLister via, Task task, PollingPolicy policy, Duration delay,
            Subscriber subscriber, boolean awaited) {
        Instant now = clock.instant();
        if (!usable(now)) {
            return null;
        }
        Instant unlisted = unlistedUntil.get(task.taskId());
        if (unlisted != null) {
            if (now.isBefore(unlisted)) {
                return null;
            }
            unlistedUntil.remove(task.taskId());
        }
        lister = via;
        WatchedTask m = new WatchedTask(task, policy, subscriber, awaited, this::leave);
        TaskSummary seen = latestRows.get(m.taskId());
        if (seen != null && m.isOlderThan(seen)) {
            // The last round saw this task change while its follow was busy (reading messages, waiting for a token):
            // tell it now rather than a round later.
            try {
                scheduler.execute(() -> subscriber.changed(seen));
                return m;
            } catch (RejectedExecutionException e) {
                return null;
            }
        }
        members.add(m);
        Duration wanted = delay.isNegative() ? Duration.ZERO : delay;
        if (interval == null || wanted.compareTo(interval) < 0) {
            interval = wanted;
        }
        Instant due = WatchPace.notBeforeFloor(now.plus(wanted), lastRoundStart, budget.settings());
        if (roundRunning) {
            if (nextRoundWanted == null || due.isBefore(nextRoundWanted)) {
                nextRoundWanted = due;
            }
        } else if (timer == null || due.isBefore(timerDue)) {
            scheduleRound(due, now);
        }
        return m;
    }

    /** False while the watch is off, or cooling down after failed list calls. */
    synchronized boolean usable() {
        return usable(clock.instant());
    }

    /** How many follows are subscribed right now. */
    synchronized int subscribers() {
        return members.size();
    }

    /** How many tasks the watch is not looking for right now, having missed them (for tests). */
    synchronized int unlisted() {
        return unlistedUntil.size();
    }

    /** List rounds started so far (a statistic for tests). */
    synchronized long rounds() {
        return rounds;
    }

    private boolean usable(Instant now) {
        return disabledReason == null && (coolDownUntil == null || !now.isBefore(coolDownUntil));
    }

    // ---- rounds ------------------------------------------------------------------------------------------------

    private void startRound() {
        WatchRound round;
        synchronized (this) {
            timer = null;
            timerDue = null;
            if (members.isEmpty() || roundRunning || disabledReason != null) {
                if (members.isEmpty()) {
                    interval = null;
                }
                return;
            }
            roundRunning = true;
            nextRoundWanted = null;
            lastRoundStart = clock.instant();
            rounds++;
            round = new WatchRound(List.copyOf(members), lister);
        }
        readPageWhenPermitted(round, 0);
    }

    private void readPageWhenPermitted(WatchRound round, int page) {
        // Urgent: one list call answers for every subscriber, so it must not wait behind their message reads. Ahead
        // of everything while it looks for the end of a task others wait on (at most every 2 s, see WatchPace).
        if (round.members().stream().anyMatch(WatchedTask::awaited)) {
            budget.whenAvailableToLookOut(scheduler, () -> readPage(round, page));
        } else {
            budget.whenAvailableUrgently(scheduler, () -> readPage(round, page));
        }
    }

    private void readPage(WatchRound round, int page) {
        boolean done;
        try {
            done = round.readPage(projectId, page);
        } catch (RuntimeException e) {
            endRound(round, e);
            return;
        }
        if (done) {
            endRound(round, null);
        } else {
            readPageWhenPermitted(round, page + 1);
        }
    }

    private void endRound(WatchRound round, RuntimeException error) {
        List<Runnable> wakes = new ArrayList<>();
        synchronized (this) {
            roundRunning = false;
            Instant now = clock.instant();
            if (error != null) {
                latestRows = Map.of();
                Duration retry = onFailure(error, now);
                if (retry != null) {
                    // The subscribers stay (each still has its safety-net read); the round is tried again after a
                    // pause, as a follow retries a failed read of its own.
                    nextRoundWanted = null;
                    scheduleRound(now.plus(retry), now);
                    MaiaException cause = (MaiaException) error; // only a transient MaiaException is tried again
                    int inARow = failures.count();
                    members.forEach(m -> wakes.add(() -> m.subscriber().listFailed(cause, inARow, retry)));
                } else {
                    releaseEveryone(wakes);
                }
            } else if (round.withoutModifiedAt()) {
                // Rows without modifiedAt only show status changes: the messages of a running task would wait for
                // the safety-net read. Reading each task is better then.
                turnOff("its rows carry no modifiedAt");
                releaseEveryone(wakes);
            } else {
                failures.reset();
                latestRows = round.allRows();
                tellChanged(round, now, wakes);
                scheduleNextRound(now);
            }
        }
        for (Runnable wake : wakes) {
            try {
                wake.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, () -> "A follow watched in project " + projectId + " could not be woken: " + e);
            }
        }
    }

    /** Takes out the members whose task changed, or was not found, and queues what each must be told. */
    private void tellChanged(WatchRound round, Instant now, List<Runnable> wakes) {
        // Forget what has expired: the follows of finished tasks never come back to clear their entries.
        unlistedUntil.values().removeIf(until -> !now.isBefore(until));
        for (WatchedTask m : round.members()) {
            if (!members.contains(m)) {
                continue; // cancelled meanwhile
            }
            TaskSummary row = round.row(m.taskId());
            if (row == null) {
                members.remove(m);
                unlistedUntil.put(m.taskId(), now.plus(m.policy().max().multipliedBy(UNLISTED_RETRY_FACTOR)));
                wakes.add(m.subscriber()::readYourself);
            } else if (m.changedIn(row)) {
                members.remove(m);
                wakes.add(() -> m.subscriber().changed(row));
            }
        }
    }

    /** Plans the round after a quiet or busy one, for the members still subscribed. */
    private void scheduleNextRound(Instant now) {
        if (members.isEmpty()) {
            interval = null;
        } else {
            PollingPolicy eagerest = WatchPace.eagerest(members.stream().map(WatchedTask::policy).toList());
            interval = WatchPace.capped(eagerest.next(interval), eagerest, members.size());
            Instant due = WatchPace.notBeforeFloor(now.plus(interval), lastRoundStart, budget.settings());
            if (nextRoundWanted != null && nextRoundWanted.isBefore(due)) {
                due = nextRoundWanted;
            }
            scheduleRound(due, now);
        }
        nextRoundWanted = null;
    }

    /** Sends every subscriber back to reading its own task. */
    private void releaseEveryone(List<Runnable> wakes) {
        for (WatchedTask m : members) {
            wakes.add(m.subscriber()::readYourself);
        }
        members.clear();
        interval = null;
        nextRoundWanted = null;
    }

    /** For good: each task of the project is read on its own from now on. */
    private void turnOff(String reason) {
        disabledReason = reason;
        LOG.log(Level.INFO, () -> "Not watching the tasks of project " + projectId + " through the task list ("
                + reason + "); each task is read on its own from now on");
    }

    /**
     * Counts a failed list call. Returns when to try the round again with the subscribers kept, or null when they
     * must read their own tasks: the list is refused for good (the watch turns itself off), or
     * {@link #WAKE_AFTER_FAILURES} rounds in a row failed (the watch cools down and refuses subscriptions meanwhile).
     */
    private Duration onFailure(RuntimeException error, Instant now) {
        MaiaException e = error instanceof MaiaException m ? m : null;
        if (e == null || !e.isTransient()) {
            turnOff("listing failed: " + (error.getMessage() == null ? error.getClass().getSimpleName()
                    : error.getMessage()));
            return null;
        }
        // Never stops by itself: after WAKE_AFTER_FAILURES the watch cools down for the wait instead.
        Duration pause = ((FailureStreak.Wait) failures.onError(e, Integer.MAX_VALUE)).delay();
        int inARow = failures.count();
        if (inARow < WAKE_AFTER_FAILURES) {
            LOG.log(Level.DEBUG, () -> "Listing the tasks of project " + projectId + " failed (" + inARow
                    + " in a row), trying again in " + pause + ": " + error.getMessage());
            return pause;
        }
        coolDownUntil = now.plus(pause);
        LOG.log(Level.DEBUG, () -> "Listing the tasks of project " + projectId + " failed (" + inARow
                + " in a row), tasks are read on their own for " + pause + ": " + error.getMessage());
        return null;
    }

    private void scheduleRound(Instant due, Instant now) {
        if (timer != null) {
            timer.cancel(false);
        }
        long delayNanos = Math.max(0, Duration.between(now, due).toNanos());
        try {
            timer = scheduler.schedule(this::startRound, delayNanos, TimeUnit.NANOSECONDS);
            timerDue = due;
        } catch (RejectedExecutionException e) {
            timer = null; // the scheduler is shutting down, and the follows with it
            timerDue = null;
        }
    }

    @Override
    public synchronized String toString() {
        return "ProjectWatch[" + projectId + ", " + members.size() + " subscribed"
                + (disabledReason == null ? "" : ", off") + "]";
    }

    /** A member leaves: its follow cancelled the subscription (it is told nothing more). */
    private synchronized void leave(WatchedTask member) {
        members.remove(member);
    }
}
