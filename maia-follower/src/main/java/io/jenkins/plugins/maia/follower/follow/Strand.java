package io.jenkins.plugins.maia.follower.follow;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one follow's work one piece at a time, in submission order, on a shared executor: whatever thread
 * triggers it (a timer, a budget grant, a human answering, {@code stop()}), a follow's state is only ever
 * touched by one thread at a time, so it needs no locks and listeners see calls in order.
 */
final class Strand implements Executor {

    /** Pieces run per turn before yielding the thread to other follows. */
    private static final int BATCH = 16;

    private final Executor executor;
    private final Runnable onRejected;
    private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** The thread running this strand's work right now, or null; guarded by {@link #idle} for waiting. */
    private volatile Thread runner;
    private final Object idle = new Object();

    Strand(Executor executor, Runnable onRejected) {
        this.executor = executor;
        this.onRejected = onRejected;
    }

    @Override
    public void execute(Runnable work) {
        queue.add(work);
        trySchedule();
    }

    private void trySchedule() {
        if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                // The scheduler is shutting down: nothing of this follow can run any more.
                queue.clear();
                scheduled.set(false);
                onRejected.run();
            }
        }
    }

    private void drain() {
        runner = Thread.currentThread();
        try {
            for (int i = 0; i < BATCH; i++) {
                Runnable work = queue.poll();
                if (work == null) {
                    break;
                }
                work.run();
            }
        } finally {
            synchronized (idle) {
                runner = null;
                idle.notifyAll();
            }
            scheduled.set(false);
            trySchedule();
        }
    }

    /**
     * Waits until the work running on this strand right now (if any) has returned, or until {@code deadlineNanos}
     * ({@link System#nanoTime()} scale). Work queued but not started is not waited for. Returns at once when called
     * from this strand's own work. False if the deadline passed first.
     */
    boolean awaitRunningWork(long deadlineNanos) throws InterruptedException {
        synchronized (idle) {
            while (runner != null && runner != Thread.currentThread()) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
        }
        return true;
    }
}
