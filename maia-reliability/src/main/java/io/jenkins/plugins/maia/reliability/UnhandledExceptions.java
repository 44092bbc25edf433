package io.jenkins.plugins.maia.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts exceptions nobody handled: those that reach a thread's uncaught-exception handler, and those thrown by
 * work submitted to a scheduler, which a {@link ScheduledThreadPoolExecutor} otherwise keeps silently in a future
 * nobody reads (a follow would simply stop moving).
 *
 * <p>{@link #install()} also becomes the JVM's default uncaught-exception handler until {@link #close()}.
 */
public final class UnhandledExceptions implements AutoCloseable {

    private final List<String> uncaught = new ArrayList<>();
    private final List<String> schedulerFailures = new ArrayList<>();
    private Thread.UncaughtExceptionHandler previousDefault;

    private UnhandledExceptions() {}

    /** Starts counting, including as the JVM's default uncaught-exception handler. */
    public static UnhandledExceptions install() {
        UnhandledExceptions tally = new UnhandledExceptions();
        tally.previousDefault = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler(tally::uncaught);
        return tally;
    }

    /**
     * A scheduler of {@code threads} daemon threads whose uncaught exceptions and failed work items are counted
     * here.
     */
    public ScheduledExecutorService scheduler(int threads, String namePrefix) {
        AtomicInteger count = new AtomicInteger();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(threads, runnable -> {
            Thread thread = new Thread(runnable, namePrefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler(this::uncaught);
            return thread;
        }) {
            @Override
            protected void afterExecute(Runnable task, Throwable thrown) {
                super.afterExecute(task, thrown);
                if (thrown != null) {
                    schedulerFailure(thrown);
                } else if (task instanceof Future<?> future && future.isDone() && !future.isCancelled()) {
                    try {
                        future.get();
                    } catch (ExecutionException e) {
                        schedulerFailure(e.getCause());
                    } catch (CancellationException e) {
                        // cancelled on purpose
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    public synchronized List<String> uncaught() {
        return List.copyOf(uncaught);
    }

    public synchronized List<String> schedulerFailures() {
        return List.copyOf(schedulerFailures);
    }

    private synchronized void uncaught(Thread thread, Throwable e) {
        uncaught.add("uncaught in " + thread.getName() + ": " + describe(e));
    }

    private synchronized void schedulerFailure(Throwable e) {
        schedulerFailures.add("lost on the scheduler: " + describe(e));
    }

    static String describe(Throwable e) {
        StackTraceElement[] trace = e.getStackTrace();
        return e.getClass().getName() + ": " + e.getMessage() + (trace.length == 0 ? "" : " at " + trace[0]);
    }

    @Override
    public void close() {
        Thread.setDefaultUncaughtExceptionHandler(previousDefault);
    }
}
