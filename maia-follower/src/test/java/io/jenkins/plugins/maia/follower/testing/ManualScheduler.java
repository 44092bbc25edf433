package io.jenkins.plugins.maia.follower.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A deterministic {@link ScheduledExecutorService} for tests: nothing runs until the test says so, everything
 * runs on the test's thread, in time order, and time is a {@link ManualClock} moved from task to task.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final ManualClock clock;
    private final PriorityQueue<Entry> queue = new PriorityQueue<>();
    private long seq;
    private boolean shutdown;
    private long executed;

    public ManualScheduler(ManualClock clock) {
        this.clock = clock;
    }

    public ManualClock clock() {
        return clock;
    }

    /** Tasks run so far. */
    public long executed() {
        return executed;
    }

    /** Scheduled tasks not yet run (cancelled ones excluded). */
    public int pending() {
        return (int) queue.stream().filter(e -> !e.cancelled).count();
    }

    /** Runs everything due now (including what those tasks schedule for now). */
    public void runReady() {
        advance(Duration.ZERO);
    }

    /** Moves time forward by {@code d}, running every task due on the way at its own time. */
    public void advance(Duration d) {
        Instant target = clock.instant().plus(d);
        while (true) {
            Entry next = peek();
            if (next == null || next.time.isAfter(target)) {
                break;
            }
            runNext();
        }
        clock.set(target);
    }

    /**
     * Runs tasks in time order until {@code done} holds or {@code limit} of simulated time has passed.
     * Returns whether {@code done} holds.
     */
    public boolean runUntil(BooleanSupplier done, Duration limit) {
        Instant end = clock.instant().plus(limit);
        while (!done.getAsBoolean()) {
            Entry next = peek();
            if (next == null || next.time.isAfter(end)) {
                if (next == null) {
                    return done.getAsBoolean();
                }
                clock.set(end);
                return done.getAsBoolean();
            }
            runNext();
        }
        return true;
    }

    private Entry peek() {
        Entry e;
        while ((e = queue.peek()) != null && e.cancelled) {
            queue.poll();
        }
        return e;
    }

    private void runNext() {
        Entry e = queue.poll();
        if (e.time.isAfter(clock.instant())) {
            clock.set(e.time);
        }
        e.done = true;
        executed++;
        e.task.run();
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        if (shutdown) {
            throw new RejectedExecutionException("shut down");
        }
        Entry e = new Entry(clock.instant().plusNanos(Math.max(0, unit.toNanos(delay))), seq++, command);
        queue.add(e);
        return e;
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("not needed by the follower");
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("not needed by the follower");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("not needed by the follower");
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> left = new ArrayList<>();
        queue.forEach(e -> left.add(e.task));
        queue.clear();
        return left;
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown && queue.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    private final class Entry implements ScheduledFuture<Object>, Comparable<Delayed> {
        final Instant time;
        final long order;
        final Runnable task;
        boolean cancelled;
        boolean done;

        Entry(Instant time, long order, Runnable task) {
            this.time = time;
            this.order = order;
            this.task = task;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(Duration.between(clock.instant(), time));
        }

        @Override
        public int compareTo(Delayed o) {
            Entry other = (Entry) o;
            int c = time.compareTo(other.time);
            return c != 0 ? c : Long.compare(order, other.order);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (done || cancelled) {
                return false;
            }
            cancelled = true;
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done || cancelled;
        }

        @Override
        public Object get() {
            return null;
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return null;
        }
    }
}
