package io.jenkins.plugins.maia.follower.follow;

import io.jenkins.plugins.maia.client.MaiaException;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskSummary;
import io.jenkins.plugins.maia.follower.budget.AccountBudget;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * How a follow's next call comes about: a timer, then a place in the account's budget queue, then the call on the
 * follow's strand; while polling, a place in its project's {@link ProjectWatch} besides, which may overtake the timer
 * or the queue. The plan holds at most one of each, and a wait after a failure ({@link #backOff}) that holds the next
 * call back. Callbacks carry the follow's generation: what was planned before a change of course is ignored.
 *
 * <p>Confined to the follow's strand, like the follow.
 */
final class CallPlan {

    /** The four calls a follow makes. */
    enum Call { GET_TASK, GET_MESSAGES, SUBMIT, STOP }

    /**
     * A follow watched through its project's list still reads its own task after this many polling {@code max}
     * intervals without news (60 s by default): a safety net should the list ever miss a change.
     */
    static final int WATCHED_SAFETY_READ_FACTOR = 4;

    /** What the plan needs of its follow; called on the follow's strand. */
    interface Owner {
        /** The follow's generation now: bumped whenever it changes course. */
        long generation();

        /** Whether something planned in {@code generation} still counts (no change of course, not over). */
        boolean current(long generation);

        /** Whether the outcome is known and the follow reads what comes before its result (the final read). */
        boolean finishing();

        /** Performs {@code call}, planned in {@code generation}, now that its token was granted. */
        void perform(long generation, Call call);

        /** The watch saw the task change ({@code row}) or cannot tell (null), as planned in {@code generation}. */
        void watched(long generation, TaskSummary row);
    }

    // Set at construction; used on the strand only.
    private final ScheduledExecutorService scheduler;
    private final AccountBudget budget;
    private final Strand strand;
    /** Called when the scheduler refuses work: it is shutting down. */
    private final Runnable schedulerGone;
    private final Owner owner;
    /** What the follow has seen: its last task read and its polling interval. */
    private final FollowRecorder recorder;
    /** The watch of a project by id, or null when the follow reads its own task (its api cannot list). */
    private final Function<String, ProjectWatch> watches;
    private final TaskLister lister;
    /** Other work waits for this task's end (a graph's dependents): the reads that confirm it go first. */
    private final boolean awaited;

    // Confined to the follow's strand: at most one of each is planned at a time.
    private ScheduledFuture<?> timer;
    private AccountBudget.Reservation reservation;
    private ProjectWatch.Subscription subscription;
    /** The planned task read follows up on a change the project's watch saw (it jumps the budget queue). */
    private boolean urgentTaskRead;
    /** The wait after a failure, which the next call takes instead of its own delay; null when none. */
    private Duration backoff;

    CallPlan(ScheduledExecutorService scheduler, AccountBudget budget, Strand strand, Runnable schedulerGone,
            TaskApi api, Function<String, ProjectWatch> watches, FollowRecorder recorder, Owner owner,
            boolean awaited) {
        this.awaited = awaited;
        this.schedulerGone = schedulerGone;
        this.scheduler = scheduler;
        this.recorder = recorder;
        this.budget = budget;
        this.strand = strand;
        this.owner = owner;
        this.lister = api instanceof TaskLister l ? l : null;
        this.watches = lister == null ? null : watches;
    }

    /** Waits {@code delay}, then queues for a budget token, then performs {@code call} on the strand. */
    void call(Call call, Duration delay) {
        long gen = owner.generation();
        Runnable queueForToken = () -> {
            if (!owner.current(gen)) {
                return;
            }
            timer = null;
            // A watched follow's safety-net read keeps its subscription while it waits for a token: under a saturated
            // budget that wait is long, and the watch may see a pause first (it then overtakes the read).
            Runnable onPermit = () -> strand.execute(() -> owner.perform(gen, call));
            if (first(call)) {
                // The end read has two calls of the chain after it (the final read, the dependent's create).
                reservation = budget.whenAvailableFirst(scheduler, onPermit, call == Call.GET_TASK ? 2 : 1);
            } else if (lookout(call)) {
                reservation = budget.whenAvailableToLookOut(scheduler, onPermit);
            } else if (urgent(call)) {
                reservation = budget.whenAvailableUrgently(scheduler, onPermit);
            } else {
                reservation = budget.whenAvailable(scheduler, onPermit);
            }
        };
        if (delay.isZero() || delay.isNegative()) {
            queueForToken.run();
        } else {
            timer = after(delay, queueForToken);
        }
    }

    /**
     * Calls that follow up on a change jump the account's queue: a stop, sending decisions, a follow's first task
     * read, the task read after its project's watch saw a change, and the message read after a status change or at
     * the end. They are rare (a few per task), so routine polls stay fair, and the moments users wait for (the
     * start, the end, a question) are not delayed by a whole round of the queue.
     */
    private boolean urgent(Call call) {
        return switch (call) {
            case STOP, SUBMIT -> true;
            // A message read jumps the queue when it follows a status change, or it is the final read.
            case GET_MESSAGES -> owner.finishing() || recorder.messages().afterStatusChange();
            case GET_TASK -> urgentTaskRead || recorder.lastTask() == null; // not seen its task yet: it is blind
        };
    }

    /**
     * The reads that confirm the end of a task others wait for go ahead of the whole queue: the task read after the
     * watch saw its status change (its end, or a pause), and the message read before its result (dependents start only
     * after it: that read is what tells a stop from elsewhere). A few per task, so the rest keeps its order.
     */
    private boolean first(Call call) {
        return awaited && switch (call) {
            case GET_TASK -> urgentTaskRead;
            case GET_MESSAGES -> owner.finishing();
            case STOP, SUBMIT -> false;
        };
    }

    /**
     * The first read of a task others wait for goes ahead of the urgent calls, behind the first ones: until it, the
     * follow knows nothing of the task, not even its project, so no watch can look at it (in a saturated graph that
     * read, among the urgent ones, waited longer than the task ran).
     */
    private boolean lookout(Call call) {
        return awaited && call == Call.GET_TASK && recorder.lastTask() == null;
    }

    /**
     * Plans the next read of the task while polling: through the project's watch when there is one (one list call
     * for every follow of the project says whose task changed), with a read of its own only as a slow safety net;
     * otherwise a read of its own after the polling interval. After a failure the follow reads on its own.
     */
    void readTask() {
        Task lastTask = recorder.lastTask();
        PollingPolicy policy = recorder.policy();
        boolean afterFailure = backoff != null;
        Duration delay = takeBackoff(recorder.interval());
        ProjectWatch watch = afterFailure ? null : watch(lastTask);
        if (watch != null) {
            subscription = watch.subscribe(lister, lastTask, policy, delay, subscriber(), awaited);
            if (subscription != null) {
                call(Call.GET_TASK, policy.max().multipliedBy(WATCHED_SAFETY_READ_FACTOR));
                return;
            }
        }
        call(Call.GET_TASK, delay);
    }

    /** Reads the task at once: the watch cannot tell, or saw a change ({@code urgent}: it then jumps the queue). */
    void readTaskNow(boolean urgent) {
        urgentTaskRead = urgent;
        call(Call.GET_TASK, Duration.ZERO);
    }

    /**
     * While a call waits for its token (behind other follows when the budget is saturated), the project's watch goes
     * on looking at the task: a pause or the end is then read at once instead of after the queue.
     */
    void watchWhileWaiting() {
        if (reservation == null || subscription != null) {
            return;
        }
        Task lastTask = recorder.lastTask();
        ProjectWatch watch = watch(lastTask);
        if (watch != null) {
            subscription = watch.subscribe(lister, lastTask, recorder.policy(), recorder.interval(), subscriber(),
                    awaited);
        }
    }

    /** Hands what the project's watch tells onto the follow's strand, for what is planned now. */
    private ProjectWatch.Subscriber subscriber() {
        long gen = owner.generation();
        return new ProjectWatch.Subscriber() {
            @Override
            public void changed(TaskSummary row) {
                strand.execute(() -> owner.watched(gen, row));
            }

            @Override
            public void readYourself() {
                strand.execute(() -> owner.watched(gen, null));
            }

            @Override
            public void listFailed(MaiaException cause, int attempt, Duration retryIn) {
                strand.execute(() -> {
                    if (owner.current(gen)) {
                        recorder.callFailed(cause, attempt, retryIn);
                    }
                });
            }
        };
    }

    private ProjectWatch watch(Task lastTask) {
        if (watches == null || lastTask == null || lastTask.agentConfig() == null) {
            return null;
        }
        String projectId = lastTask.agentConfig().projectId();
        return projectId == null || projectId.isBlank() ? null : watches.apply(projectId);
    }

    /** Whether other follows wait for the account's budget right now. */
    boolean congested() {
        return budget.waiting() > 0;
    }

    /** Whether a call waits for its budget token right now. */
    boolean waitingForToken() {
        return reservation != null;
    }

    /** The watch spoke: the follow is no longer subscribed (the watch forgets it on its side). */
    void watchSpoke() {
        subscription = null;
    }

    /** The token for {@code call} was granted: what the watch would say now, the call reads itself. */
    void granted(Call call) {
        reservation = null;
        cancelSubscription();
        if (call == Call.GET_TASK) {
            urgentTaskRead = false;
        }
    }

    /** After a failure, the next call waits {@code wait} instead of its own delay. */
    void backOff(Duration wait) {
        backoff = wait;
    }

    /** Forgets a wait after a failure: the next call keeps its own delay. */
    void clearBackoff() {
        backoff = null;
    }

    /** {@code normal}, or the wait after a failure instead (used up by this). */
    Duration takeBackoff(Duration normal) {
        Duration d = backoff == null ? normal : backoff;
        backoff = null;
        return d;
    }

    /** Runs {@code work} on the strand after {@code delay}; null when the scheduler is shutting down. */
    ScheduledFuture<?> after(Duration delay, Runnable work) {
        try {
            return scheduler.schedule(() -> strand.execute(work), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            schedulerGone.run();
            return null;
        }
    }

    /** Forgets whatever was planned: the timer, the place in the queue, the place in the watch. */
    void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        if (reservation != null) {
            reservation.cancel();
            reservation = null;
        }
        cancelSubscription();
        urgentTaskRead = false;
    }

    private void cancelSubscription() {
        if (subscription != null) {
            subscription.cancel();
            subscription = null;
        }
    }
}
