package io.jenkins.plugins.maia.agenttasks.quant;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One build's view of the plugin's Quant threads ({@code controller.MaiaThreads}): the mirror schedules its writes
 * here, and shutting this view down stops that mirror's retries without touching the shared pool (a mirror given a
 * scheduler does not stop it). After {@link #shutdownNow()} new work is refused and work already queued does nothing.
 */
final class MirrorScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final ScheduledExecutorService pool;
    private volatile boolean shutDown;

    MirrorScheduler(ScheduledExecutorService pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable command) {
        refuseWhenShutDown();
        pool.execute(guarded(command));
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        refuseWhenShutDown();
        return pool.schedule(guarded(command), delay, unit);
    }

    /** Not used by the mirror (it schedules single runs only), so not offered. */
    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("the Quant mirror schedules Runnables only");
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("the Quant mirror schedules single runs only");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("the Quant mirror schedules single runs only");
    }

    @Override
    public void shutdown() {
        shutDown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutDown = true;
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutDown;
    }

    @Override
    public boolean isTerminated() {
        return shutDown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return shutDown;
    }

    private Runnable guarded(Runnable command) {
        return () -> {
            if (!shutDown) {
                command.run();
            }
        };
    }

    private void refuseWhenShutDown() {
        if (shutDown) {
            throw new RejectedExecutionException("this build's Quant mirror is closed");
        }
    }
}
