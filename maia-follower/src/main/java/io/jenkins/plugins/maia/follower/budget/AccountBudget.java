package io.jenkins.plugins.maia.follower.budget;

import io.jenkins.plugins.maia.client.RequestBudget;
import io.jenkins.plugins.maia.follower.budget.TieredQueue.Tier;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The request budget of one account (base URL + credential identity), shared by every follow in the JVM.
 *
 * <p>A token bucket: {@link BudgetSettings#bucketCapacity()} tokens at most (one fewer than the burst), refilled at
 * {@link BudgetSettings#requestsPerMinute()} per minute. Each API request takes one token.
 *
 * <p>Followers never block for a token: they call {@link #whenAvailable} and are called back on their own
 * scheduler when their turn comes. Waiters are served first come, first served, and a follow queues at most
 * once at a time, so when the account is saturated the tasks take turns (round robin) instead of the
 * fastest poller taking everything.
 *
 * <p>A 429 ({@link #onRateLimited}) pauses the whole account for the server's {@code Retry-After} and empties
 * the bucket, so after the pause requests resume at the steady rate, without a burst.
 *
 * <p>{@link #acquire()} (the blocking {@link RequestBudget} contract) is for one-shot callers such as a
 * create or list call; it queues behind the same FIFO, so followers cannot starve it. Thread-safe.
 */
public final class AccountBudget implements RequestBudget {

    /** A place in the queue; {@link #cancel()} gives it up if it has not been served yet. */
    public interface Reservation {
        /** Leaves the queue. Returns false when the permit was already granted (the callback ran or will run). */
        boolean cancel();
    }

    /** Tokens held back for the first and lookout queues while a {@link #holdBackForFirst() hold} is open. */
    public interface Hold extends AutoCloseable {
        @Override
        void close(); // gives the hold up; again: nothing
    }

    /**
     * Tokens only the first and lookout queues may take while a hold is open (fewer in a smaller bucket: one is
     * always left to the others). A graph's dependent is started by three calls after the watch's round (its
     * dependency's end read and final read, its create): with the default bucket of four, all three go out at once.
     * Measured in maia-benchmarks (benchmark 6): three held gave a lower median than two at the same p95.
     */
    static final int FIRST_RESERVE = 3;

    private static final long NANOS_PER_MINUTE = TimeUnit.MINUTES.toNanos(1);

    private final InstantSource clock;
    private final TieredQueue<Waiter> waiters = new TieredQueue<>();

    // Guarded by this.
    private BudgetSettings settings;
    private double tokens;
    private long lastRefillNanos;
    private long pausedUntilNanos;
    private ScheduledFuture<?> dispatchTimer;
    private long granted;
    private long rateLimited;
    /** Open {@link Hold}s: while there is one, {@link #reserve()} tokens are for the first and lookout queues. */
    private int holds;

    public AccountBudget(BudgetSettings settings) {
        this(settings, InstantSource.system());
    }

    /** With a clock of the caller's choice (tests use a manual one). */
    public AccountBudget(BudgetSettings settings, InstantSource clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tokens = settings.bucketCapacity();
        this.lastRefillNanos = nowNanos();
        this.pausedUntilNanos = Long.MIN_VALUE;
    }

    public synchronized BudgetSettings settings() {
        return settings;
    }

    /** Applies new settings from now on (a configuration change); tokens already saved are capped. */
    public synchronized void updateSettings(BudgetSettings newSettings) {
        refill(nowNanos());
        this.settings = Objects.requireNonNull(newSettings, "settings");
        tokens = Math.min(tokens, newSettings.bucketCapacity());
    }

    /** Takes a token if one is free and nobody is queued before us; never waits. */
    public boolean tryAcquire() {
        synchronized (this) {
            refill(nowNanos());
            if (!hasWaiters() && tokens >= 1 + reserve()) {
                tokens -= 1;
                granted++;
                return true;
            }
            return false;
        }
    }

    /**
     * How long until a token is free for a routine caller (zero if one is free now), including a pause after a 429
     * and the tokens a {@link #holdBackForFirst() hold} keeps for the first and lookout queues.
     */
    public synchronized Duration timeUntilAvailable() {
        return Duration.ofNanos(nanosUntil(nowNanos(), 1 + reserve()));
    }

    /** When the pause caused by the last 429 ends, or null if the account is not paused. */
    public synchronized Instant pausedUntil() {
        long now = nowNanos();
        return pausedUntilNanos > now ? Instant.EPOCH.plusNanos(pausedUntilNanos) : null;
    }

    /** How many follows (and blocked callers) are waiting for a token right now. */
    public synchronized int waiting() {
        return waiters.size();
    }

    /** Tokens handed out since this budget was created (a statistic for tests and benchmarks). */
    public synchronized long granted() {
        return granted;
    }

    /** 429s reported since this budget was created. */
    public synchronized long rateLimitedCount() {
        return rateLimited;
    }

    /**
     * Queues {@code onPermit} at the end of the FIFO; when its turn comes a token is taken on its behalf and it is
     * submitted to {@code scheduler}. Never blocks.
     */
    public Reservation whenAvailable(ScheduledExecutorService scheduler, Runnable onPermit) {
        return enqueue(new Waiter(this, Objects.requireNonNull(scheduler, "scheduler"),
                Objects.requireNonNull(onPermit, "onPermit"), null), Tier.ROUTINE);
    }

    /**
     * Like {@link #whenAvailable} but ahead of every routine waiter (behind earlier urgent ones): for a user's stop
     * request, decisions, and reads that follow up on a change.
     */
    public Reservation whenAvailableUrgently(ScheduledExecutorService scheduler, Runnable onPermit) {
        return enqueue(new Waiter(this, Objects.requireNonNull(scheduler, "scheduler"),
                Objects.requireNonNull(onPermit, "onPermit"), null), Tier.URGENT);
    }

    /**
     * Like {@link #whenAvailable} but ahead of every urgent and routine waiter: for the calls other work waits on, such
     * as the create of a task whose dependencies just finished or the reads that confirm the end of a task others
     * depend on. {@code callsLeft}: how many calls of that chain come after this one (0: the create that starts the
     * dependent; 1: the final message read before it; {@value TieredQueue#MAX_CALLS_LEFT}: the task read that sees
     * the end). A chain nearer its end goes first, first come, first served among equals: when several tasks others
     * wait on end together, their dependents start one after the other instead of all after every chain's reads. The
     * rate is the same; only the order changes.
     *
     * @throws IllegalArgumentException when {@code callsLeft} is not 0 to {@value TieredQueue#MAX_CALLS_LEFT}
     */
    public Reservation whenAvailableFirst(ScheduledExecutorService scheduler, Runnable onPermit, int callsLeft) {
        Waiter waiter = new Waiter(this, Objects.requireNonNull(scheduler, "scheduler"),
                Objects.requireNonNull(onPermit, "onPermit"), null);
        synchronized (this) {
            waiters.addFirst(waiter, callsLeft);
        }
        dispatch();
        return waiter;
    }

    /**
     * Like {@link #whenAvailableFirst} but behind its waiters (ahead of every urgent and routine one): for the calls
     * that look for the end of a task others wait on (a project watch's rounds while it watches one, that task's
     * first read). They may take the tokens a {@link #holdBackForFirst() hold} keeps.
     */
    public Reservation whenAvailableToLookOut(ScheduledExecutorService scheduler, Runnable onPermit) {
        return enqueue(new Waiter(this, Objects.requireNonNull(scheduler, "scheduler"),
                Objects.requireNonNull(onPermit, "onPermit"), null), Tier.LOOKOUT);
    }

    /**
     * Holds back {@link #FIRST_RESERVE} tokens of the bucket for {@link #whenAvailableFirst} (and
     * {@link #whenAvailableToLookOut}) until the hold is closed: the urgent and routine queues are served only while
     * more than that many are left. Under a saturated budget the bucket is otherwise always empty, and each call of a
     * chain others wait on (a task graph's dependent is started by four in a row) waits up to a refill interval for
     * its token even at the head of the queue. The rate is unchanged: the held tokens are spent by those two queues,
     * or by the others once the bucket is fuller. A task graph holds one while it has tasks others wait on; holds do
     * not add up.
     */
    public Hold holdBackForFirst() {
        synchronized (this) {
            holds++;
        }
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                synchronized (this) {
                    holds--;
                }
                dispatch();
            }
        };
    }

    /** Blocks until a token is granted, in FIFO order with the followers. */
    @Override
    public void acquire() throws InterruptedException {
        CountDownLatch latch = new CountDownLatch(1);
        Waiter waiter = new Waiter(this, null, null, latch);
        enqueue(waiter, Tier.ROUTINE);
        try {
            while (true) {
                long waitNanos;
                synchronized (this) {
                    waitNanos = nanosUntil(nowNanos(), tokensNeeded());
                }
                // Bounded waits so a blocked caller also drives the queue when no scheduler does.
                long slice = Math.max(TimeUnit.MILLISECONDS.toNanos(1),
                        Math.min(waitNanos, TimeUnit.MILLISECONDS.toNanos(250)));
                if (latch.await(slice, TimeUnit.NANOSECONDS)) {
                    return;
                }
                dispatch();
            }
        } catch (InterruptedException e) {
            waiter.cancel();
            throw e;
        }
    }

    /**
     * The server answered 429: pause the whole account for {@code retryAfter} and empty the bucket, so every
     * follow of the account slows down, not only the one that was refused.
     */
    @Override
    public void onRateLimited(Duration retryAfter) {
        Duration pause = retryAfter == null || retryAfter.isNegative() ? Duration.ZERO : retryAfter;
        synchronized (this) {
            long now = nowNanos();
            refill(now);
            rateLimited++;
            long until = now + clampNanos(pause);
            pausedUntilNanos = Math.max(pausedUntilNanos, until);
            tokens = Math.min(tokens, 0);
            lastRefillNanos = Math.max(lastRefillNanos, pausedUntilNanos);
        }
        dispatch();
    }

    /**
     * A view for a client whose requests were already paid for through {@link #whenAvailable} or
     * {@link #tryAcquire}: {@code acquire()} takes nothing, while 429s still pause this account.
     */
    public RequestBudget preAuthorized() {
        return new PreAuthorizedBudget(this);
    }

    @Override
    public synchronized String toString() {
        return "AccountBudget[" + settings.requestsPerMinute() + "/min, burst " + settings.burst()
                + ", waiting " + waiters.size() + "]";
    }

    private Reservation enqueue(Waiter waiter, Tier tier) {
        synchronized (this) {
            waiters.add(waiter, tier);
        }
        dispatch();
        return waiter;
    }

    /** Grants tokens to the head of the queue while there are some, then arms a timer for the next one. */
    private void dispatch() {
        List<Waiter> grants = new ArrayList<>();
        synchronized (this) {
            long now = nowNanos();
            refill(now);
            while (hasWaiters() && tokens >= tokensNeeded()) {
                Waiter w = waiters.poll();
                tokens -= 1;
                granted++;
                w.granted = true;
                grants.add(w);
            }
            if (hasWaiters()) {
                armTimer(nanosUntil(now, tokensNeeded()));
            }
        }
        for (Waiter w : grants) {
            w.run();
        }
    }

    private void onTimer() {
        synchronized (this) {
            dispatchTimer = null; // this timer is running: the next dispatch must arm a new one
        }
        dispatch();
    }

    // Guarded by this. At most one timer; it re-arms itself while the queue is not empty.
    private void armTimer(long delayNanos) {
        if (dispatchTimer != null && !dispatchTimer.isDone()) {
            long remaining = dispatchTimer.getDelay(TimeUnit.NANOSECONDS);
            if (remaining <= delayNanos) {
                return;
            }
            dispatchTimer.cancel(false);
        }
        dispatchTimer = null;
        for (Waiter w : waiters.inOrder()) {
            if (w.scheduler == null) {
                continue; // a blocked caller drives the queue itself
            }
            try {
                dispatchTimer = w.scheduler.schedule(this::onTimer, Math.max(delayNanos, 1), TimeUnit.NANOSECONDS);
                return;
            } catch (RejectedExecutionException e) {
                // That follower's scheduler is shutting down: try the next waiter's.
            }
        }
    }

    // Guarded by this.
    private boolean hasWaiters() {
        return !waiters.isEmpty();
    }

    // Guarded by this.
    private int reserve() {
        return holds > 0 ? Math.min(FIRST_RESERVE, settings.bucketCapacity() - 1) : 0;
    }

    /** Tokens the head needs: one for the first and lookout queues, one more than the reserve for the others. */
    // Guarded by this.
    private int tokensNeeded() {
        return waiters.aheadOfUrgentAtHead() ? 1 : 1 + reserve();
    }

    // Guarded by this.
    private void refill(long now) {
        if (now > lastRefillNanos) {
            double perNano = (double) settings.requestsPerMinute() / NANOS_PER_MINUTE;
            tokens = Math.min(settings.bucketCapacity(), tokens + (now - lastRefillNanos) * perNano);
            lastRefillNanos = now;
        }
    }

    // Guarded by this.
    private long nanosUntil(long now, int needed) {
        refill(now);
        if (tokens >= needed) {
            return 0;
        }
        double perNano = (double) settings.requestsPerMinute() / NANOS_PER_MINUTE;
        long refillWait = (long) Math.ceil((needed - tokens) / perNano);
        return Math.max(0, lastRefillNanos - now) + refillWait;
    }

    private long nowNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static long clampNanos(Duration d) {
        return d.compareTo(Duration.ofDays(1)) > 0 ? TimeUnit.DAYS.toNanos(1) : d.toNanos();
    }

    /** Takes {@code waiter} out of the queue unless it was granted already; see {@link Waiter#cancel()}. */
    synchronized boolean cancel(Waiter waiter) {
        return !waiter.granted && waiters.remove(waiter);
    }
}
