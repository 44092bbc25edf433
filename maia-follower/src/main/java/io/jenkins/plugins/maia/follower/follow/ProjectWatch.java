package io.jenkins.plugins.maia.follower.follow;

import io.jenkins.plugins.maia.follower.budget.AccountBudget;
import io.jenkins.plugins.maia.client.MaiaClient;
import io.jenkins.plugins.maia.client.MaiaException;
import io.jenkins.plugins.maia.client.MaiaTransportException;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskPage;
import io.jenkins.plugins.maia.client.model.TaskQuery;
import io.jenkins.plugins.maia.client.model.TaskStatus;
import io.jenkins.plugins.maia.client.model.TaskSummary;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
 * the policy's {@code max} divided by the number of subscribers (see {@link #capped}), and never comes closer than two refill intervals of the account's budget (2 s at 60 a minute), so the watch leaves at
 * least half of the budget to message reads. Its list calls jump the account's queue: one call serves every
 * subscriber.
 *
 * <p>Whenever the watch cannot tell, a follow reads its own task: a task not in the list (the watch looks for it again
 * after 4 polling {@code max} intervals); list calls that failed 3 times in a row (a failed round is retried after
 * 1 s, then 2 s; after the third the watch cools down with a growing pause and refuses subscriptions meanwhile); a
 * list the account may not read (a 4xx other than 408/425/429) or whose rows carry no {@code modifiedAt} (then the
 * watch turns itself off for good and logs why once). Each follow also keeps a slow read of its own as a safety net
 * (see {@link Follow}).
 *
 * <p>Thread-safe: subscriptions come from the follows' strands, rounds run on the scheduler.
 */
final class ProjectWatch {

    private static final Logger LOG = System.getLogger(ProjectWatch.class.getName());

    /** Tasks per list call: the API's maximum. */
    static final int PAGE_SIZE = MaiaClient.MAX_LIST_SIZE;
    /** The watch's rounds take at most this share of the account's rate (1/2: two refill intervals apart). */
    static final int BUDGET_SHARE_DIVISOR = 2;
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
    }

    /** A follow's place in the watch, given up with {@link #cancel()} (after which it is told nothing more). */
    interface Subscription {
        void cancel();
    }

    private final String projectId;
    private final AccountBudget budget;
    private final ScheduledExecutorService scheduler;
    private final InstantSource clock;

    // Guarded by this.
    private final Set<Member> members = new LinkedHashSet<>();
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
    private int failures;
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
        Member m = new Member(task.taskId(), task.status(), task.modifiedAt(), task.createdAt(), policy, subscriber);
        TaskSummary seen = latestRows.get(m.taskId);
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
        Instant due = notBeforeFloor(now.plus(wanted));
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

    /** One round: the members it looks for and what the pages read so far said about them. */
    private static final class Round {
        final List<Member> members;
        final Set<String> wanted = new HashSet<>();
        final Map<String, TaskSummary> rows = new HashMap<>();
        final Map<String, TaskSummary> allRows = new HashMap<>();
        final TaskLister lister;
        final Instant createdAfter;
        /** Reading more pages than tasks looked for would cost more than the tasks reading themselves. */
        final int pageCap;

        Round(List<Member> members, TaskLister lister) {
            this.members = members;
            this.lister = lister;
            Instant earliest = null;
            boolean allKnown = true;
            for (Member m : members) {
                wanted.add(m.taskId);
                if (m.createdAt == null) {
                    allKnown = false;
                } else if (earliest == null || m.createdAt.isBefore(earliest)) {
                    earliest = m.createdAt;
                }
            }
            // Only tasks created since the oldest one watched: older history of the project is never paged through.
            this.createdAfter = allKnown ? earliest : null;
            this.pageCap = Math.max(1, wanted.size());
        }
    }

    private void startRound() {
        Round round;
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
            round = new Round(List.copyOf(members), lister);
        }
        readPageWhenPermitted(round, 0);
    }

    private void readPageWhenPermitted(Round round, int page) {
        // Urgent: one list call answers for every subscriber, so it must not wait behind their message reads.
        budget.whenAvailableUrgently(scheduler, () -> readPage(round, page));
    }

    private void readPage(Round round, int page) {
        TaskPage result;
        try {
            result = round.lister.listTasks(new TaskQuery(projectId, null, null, round.createdAfter, null, page,
                    PAGE_SIZE));
        } catch (RuntimeException e) {
            endRound(round, e);
            return;
        }
        for (TaskSummary row : result.tasks()) {
            if (row == null || row.taskId() == null) {
                continue;
            }
            round.allRows.put(row.taskId(), row);
            if (round.wanted.contains(row.taskId())) {
                round.rows.put(row.taskId(), row);
            }
        }
        boolean lastPage = result.tasks().size() < PAGE_SIZE || (long) (page + 1) * PAGE_SIZE >= result.total();
        if (round.rows.size() == round.wanted.size() || lastPage || page + 1 >= round.pageCap) {
            endRound(round, null);
        } else {
            readPageWhenPermitted(round, page + 1);
        }
    }

    private void endRound(Round round, RuntimeException error) {
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
                } else {
                    releaseEveryone(wakes);
                }
            } else if (withoutModifiedAt(round)) {
                // Rows without modifiedAt only show status changes: the messages of a running task would wait for
                // the safety-net read. Reading each task is better then.
                turnOff("its rows carry no modifiedAt");
                releaseEveryone(wakes);
            } else {
                failures = 0;
                latestRows = round.allRows;
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
    private void tellChanged(Round round, Instant now, List<Runnable> wakes) {
        // Forget what has expired: the follows of finished tasks never come back to clear their entries.
        unlistedUntil.values().removeIf(until -> !now.isBefore(until));
        for (Member m : round.members) {
            if (!members.contains(m)) {
                continue; // cancelled meanwhile
            }
            TaskSummary row = round.rows.get(m.taskId);
            if (row == null) {
                members.remove(m);
                unlistedUntil.put(m.taskId, now.plus(m.policy.max().multipliedBy(UNLISTED_RETRY_FACTOR)));
                wakes.add(m.subscriber::readYourself);
            } else if (m.changedIn(row)) {
                members.remove(m);
                wakes.add(() -> m.subscriber.changed(row));
            }
        }
    }

    /** Plans the round after a quiet or busy one, for the members still subscribed. */
    private void scheduleNextRound(Instant now) {
        if (members.isEmpty()) {
            interval = null;
        } else {
            PollingPolicy eagerest = null;
            for (Member m : members) {
                eagerest = eagerest == null ? m.policy : eagerOf(eagerest, m.policy);
            }
            interval = capped(eagerest.next(interval), eagerest, members.size());
            Instant due = notBeforeFloor(now.plus(interval));
            if (nextRoundWanted != null && nextRoundWanted.isBefore(due)) {
                due = nextRoundWanted;
            }
            scheduleRound(due, now);
        }
        nextRoundWanted = null;
    }

    /** Sends every subscriber back to reading its own task. */
    private void releaseEveryone(List<Runnable> wakes) {
        for (Member m : members) {
            wakes.add(m.subscriber::readYourself);
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

    private static boolean withoutModifiedAt(Round round) {
        for (Member m : round.members) {
            TaskSummary row = round.rows.get(m.taskId);
            if (row != null && row.modifiedAt() == null && m.modifiedAt != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Counts a failed list call. Returns when to try the round again with the subscribers kept, or null when they
     * must read their own tasks: the list is refused for good (the watch turns itself off), or
     * {@link #WAKE_AFTER_FAILURES} rounds in a row failed (the watch cools down and refuses subscriptions meanwhile).
     */
    private Duration onFailure(RuntimeException error, Instant now) {
        failures++;
        MaiaException e = error instanceof MaiaException m ? m : null;
        if (e == null || !e.isTransient()) {
            turnOff("listing failed: " + (error.getMessage() == null ? error.getClass().getSimpleName()
                    : error.getMessage()));
            return null;
        }
        long nanos = TimeUnit.SECONDS.toNanos(1) << Math.min(failures - 1, 16);
        Duration pause = Duration.ofNanos(Math.min(nanos, FailureStreak.MAX_WAIT.toNanos()));
        if (e instanceof MaiaTransportException t && t.retryAfter().isPresent()
                && t.retryAfter().get().compareTo(pause) > 0) {
            pause = t.retryAfter().get();
        }
        Duration shown = pause;
        if (failures < WAKE_AFTER_FAILURES) {
            LOG.log(Level.DEBUG, () -> "Listing the tasks of project " + projectId + " failed (" + failures
                    + " in a row), trying again in " + shown + ": " + error.getMessage());
            return pause;
        }
        coolDownUntil = now.plus(pause);
        LOG.log(Level.DEBUG, () -> "Listing the tasks of project " + projectId + " failed (" + failures
                + " in a row), tasks are read on their own for " + shown + ": " + error.getMessage());
        return null;
    }

    /**
     * A quiet watch waits longer, but not as long as a single follow would: one round serves every subscriber, so
     * with {@code n} of them it looks every {@code max / n} at most (never more often than {@code initial}). Per task
     * that is never more calls than a follow reading its own task at its longest interval, and the more tasks a
     * project has running, the sooner each change is seen.
     */
    static Duration capped(Duration next, PollingPolicy policy, int subscribers) {
        Duration cap = policy.max().dividedBy(Math.max(1, subscribers));
        if (cap.compareTo(policy.initial()) < 0) {
            cap = policy.initial();
        }
        return next.compareTo(cap) > 0 ? cap : next;
    }

    /** Not sooner than the account's budget allows the watch: {@link #BUDGET_SHARE_DIVISOR} refill intervals. */
    private Instant notBeforeFloor(Instant due) {
        if (lastRoundStart == null) {
            return due;
        }
        long perMinute = budget.settings().requestsPerMinute();
        Duration floor = Duration.ofNanos(TimeUnit.MINUTES.toNanos(1) * BUDGET_SHARE_DIVISOR / perMinute);
        Instant earliest = lastRoundStart.plus(floor);
        return due.isBefore(earliest) ? earliest : due;
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

    private static PollingPolicy eagerOf(PollingPolicy a, PollingPolicy b) {
        return new PollingPolicy(min(a.initial(), b.initial()), Math.min(a.factor(), b.factor()),
                min(a.max(), b.max()));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public synchronized String toString() {
        return "ProjectWatch[" + projectId + ", " + members.size() + " subscribed"
                + (disabledReason == null ? "" : ", off") + "]";
    }

    /** One subscribed follow and what it last saw of its task. Identity equality: one per subscription. */
    private final class Member implements Subscription {
        final String taskId;
        final TaskStatus status;
        final Instant modifiedAt;
        final Instant createdAt;
        final PollingPolicy policy;
        final Subscriber subscriber;

        Member(String taskId, TaskStatus status, Instant modifiedAt, Instant createdAt, PollingPolicy policy,
                Subscriber subscriber) {
            this.taskId = taskId;
            this.status = status;
            this.modifiedAt = modifiedAt;
            this.createdAt = createdAt;
            this.policy = policy;
            this.subscriber = subscriber;
        }

        /**
         * A later {@code modifiedAt}, or another status at the same one. A row older than the follow's last read
         * (lists and task reads need not come from the same replica) is no change.
         */
        boolean changedIn(TaskSummary row) {
            if (row.modifiedAt() != null && modifiedAt != null) {
                if (row.modifiedAt().isBefore(modifiedAt)) {
                    return false;
                }
                return row.modifiedAt().isAfter(modifiedAt) || row.status() != status;
            }
            return row.status() != status || (row.modifiedAt() != null && modifiedAt == null);
        }

        /** Strictly newer than the follow's last read: only then may a row of an earlier round wake it. */
        boolean isOlderThan(TaskSummary row) {
            return modifiedAt != null && row.modifiedAt() != null && row.modifiedAt().isAfter(modifiedAt);
        }

        @Override
        public void cancel() {
            synchronized (ProjectWatch.this) {
                members.remove(this);
            }
        }
    }
}
