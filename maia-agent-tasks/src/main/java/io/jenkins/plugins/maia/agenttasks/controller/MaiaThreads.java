package io.jenkins.plugins.maia.agenttasks.controller;

import hudson.init.Terminator;
import hudson.util.ClassLoaderSanityThreadFactory;
import hudson.util.DaemonThreadFactory;
import hudson.util.NamingThreadFactory;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import jenkins.util.SystemProperties;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The controller's threads for Maia work: every HTTP call, retry wait and budget wait of every Maia step runs
 * here, never on {@code jenkins.util.Timer} (ten threads shared with every {@code PeriodicWork} and cron
 * trigger), a request thread or the CPS VM thread. A slow, throttled or unreachable Maia can then only slow Maia
 * steps, not the controller's background work.
 *
 * <p>The pattern of {@code DurableTaskStep}'s own pool: a {@link ScheduledThreadPoolExecutor} with named daemon
 * threads whose context class loader is Jenkins' (so XStream and Jackson find plugin classes), idle threads
 * retired after a minute, shut down when Jenkins terminates. Bounded: {@value #DEFAULT_THREADS} threads unless
 * {@code -Dio.jenkins.plugins.maia.agenttasks.controller.MaiaThreads.size=N}. Public only because Jenkins calls
 * {@code @Terminator} methods of public classes.
 */
@Restricted(NoExternalUse.class)
public final class MaiaThreads {

    static final int DEFAULT_THREADS = 4;
    private static final Logger LOGGER = Logger.getLogger(MaiaThreads.class.getName());

    private static ScheduledThreadPoolExecutor pool; // guarded by MaiaThreads.class
    /**
     * Guarded by MaiaThreads.class. The Quant mirrors' writes: apart from {@link #pool}, because a Quant that does
     * not answer holds its thread for a whole call, and must never hold up a Maia follow.
     */
    private static ScheduledThreadPoolExecutor quantPool;
    static final int QUANT_THREADS = 2;
    private static Jenkins owner; // guarded by MaiaThreads.class: the controller the pool belongs to
    private static Jenkins terminated; // guarded by MaiaThreads.class: a controller that terminated gets no pool

    private MaiaThreads() {}

    /**
     * The pool of {@code current}, created on first use; null once that controller is terminating (nothing may
     * start then: steps continue from their saved state after the restart). A new controller in the same JVM
     * (tests that restart Jenkins) gets a new pool.
     */
    static synchronized ScheduledExecutorService get(Jenkins current) {
        if (current == null || current == terminated) {
            return null;
        }
        if (pool == null || owner != current) {
            if (pool != null) {
                pool.shutdownNow();
            }
            if (quantPool != null) {
                quantPool.shutdownNow();
                quantPool = null;
            }
            owner = current;
            int size = Math.max(1, SystemProperties.getInteger(MaiaThreads.class.getName() + ".size",
                    DEFAULT_THREADS));
            pool = new ScheduledThreadPoolExecutor(size, new NamingThreadFactory(
                    new ClassLoaderSanityThreadFactory(new DaemonThreadFactory()), "Maia agent tasks"));
            pool.setKeepAliveTime(1, TimeUnit.MINUTES);
            pool.allowCoreThreadTimeOut(true);
            pool.setRemoveOnCancelPolicy(true);
        }
        return pool;
    }

    /**
     * The Quant mirrors' pool of {@code current} ({@value #QUANT_THREADS} threads), created on first use, with the
     * same life as {@link #get}'s; null once that controller is terminating.
     */
    static synchronized ScheduledExecutorService quant(Jenkins current) {
        if (get(current) == null) {
            return null;
        }
        if (quantPool == null) {
            quantPool = new ScheduledThreadPoolExecutor(QUANT_THREADS, new NamingThreadFactory(
                    new ClassLoaderSanityThreadFactory(new DaemonThreadFactory()), "Maia Quant mirror"));
            quantPool.setKeepAliveTime(1, TimeUnit.MINUTES);
            quantPool.allowCoreThreadTimeOut(true);
            quantPool.setRemoveOnCancelPolicy(true);
        }
        return quantPool;
    }

    /** The size the pool was created with (for the benchmarks' and tests' bound checks); 0 before it exists. */
    static synchronized int size() {
        return pool == null ? 0 : pool.getCorePoolSize();
    }

    /**
     * Stops the pool when Jenkins terminates. Runs after {@link SharedFollower}'s shutdown listener detached the
     * follows, so what is cancelled here are only timers of follows that already saved their state.
     */
    @Terminator
    public static void shutDown() {
        ScheduledThreadPoolExecutor stopping;
        synchronized (MaiaThreads.class) {
            terminated = owner != null ? owner : Jenkins.getInstanceOrNull();
            stopping = pool;
            pool = null;
            owner = null;
            if (quantPool != null) {
                quantPool.shutdownNow(); // the mirrors' last writes are best effort: a build never waits for them
                quantPool = null;
            }
        }
        if (stopping != null) {
            stopping.shutdownNow();
            try {
                if (!stopping.awaitTermination(5, TimeUnit.SECONDS)) {
                    LOGGER.fine("Maia threads still busy after 5 s at shutdown");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOGGER.log(Level.FINE, "interrupted while stopping the Maia threads", e);
            }
        }
    }
}
