package io.jenkins.plugins.maia.agenttasks.controller;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.ExtensionList;
import io.jenkins.plugins.maia.agenttasks.settings.MaiaDefaults;
import io.jenkins.plugins.maia.agenttasks.settings.QuantMirrorSettings;
import io.jenkins.plugins.maia.follower.follow.TaskFollower;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The one way the plugin reaches the running controller: the Jenkins instance (for permission checks and
 * credential look-ups), the global configuration, the Maia threads and the shared follower. An ArchUnit rule
 * keeps every other class from calling {@code Jenkins.get()}, {@code jenkins.util.Timer} or
 * {@code MaiaGlobalConfiguration.get()} (the rule plugin-util-api calls {@code NO_JENKINS_INSTANCE_CALL}), so the
 * question "what does this code need from the controller, and on which thread?" has one answer, here.
 *
 * <p>Threads: everything that talks to Maia runs on {@link MaiaThreads}, never on a Jenkins shared thread.
 */
@Restricted(NoExternalUse.class)
public final class MaiaController {

    private MaiaController() {}

    /** The running controller. */
    public static @NonNull Jenkins jenkins() {
        return Jenkins.get();
    }

    /**
     * The controller-wide Maia defaults (in memory: no I/O), from the global configuration, found through the
     * {@link MaiaDefaults} interface it implements.
     */
    public static @NonNull MaiaDefaults defaults() {
        for (GlobalConfiguration c : ExtensionList.lookup(GlobalConfiguration.class)) {
            if (c instanceof MaiaDefaults d) {
                return d;
            }
        }
        throw new IllegalStateException("the Maia AI Agent Tasks global configuration is not loaded");
    }

    /** The Quant mirror settings of the global configuration (in memory: no I/O); off when none is loaded. */
    public static @NonNull QuantMirrorSettings quantMirrorSettings() {
        for (GlobalConfiguration c : ExtensionList.lookup(GlobalConfiguration.class)) {
            if (c instanceof QuantMirrorSettings.Source s) {
                return s.quantMirrorSettings();
            }
        }
        return QuantMirrorSettings.OFF;
    }

    /**
     * The threads the Quant mirrors write on: the plugin's own, apart from the Maia threads so that a hung Quant
     * cannot hold up a follow; null when the controller is shutting down.
     */
    public static @CheckForNull ScheduledExecutorService quantMirrorThreads() {
        return MaiaThreads.quant(Jenkins.getInstanceOrNull());
    }

    /**
     * Runs {@code work} on a Maia thread. False when the controller is shutting down: the caller's step keeps its
     * saved state and continues after the restart.
     */
    public static boolean execute(Runnable work) {
        ScheduledExecutorService threads = threads();
        if (threads == null) {
            return false;
        }
        try {
            threads.execute(work);
            return true;
        } catch (RejectedExecutionException e) {
            return false; // shut down between the look-up and the call
        }
    }

    /** Runs {@code work} on a Maia thread after {@code delay}; null when the controller is shutting down. */
    public static @CheckForNull ScheduledFuture<?> schedule(Runnable work, Duration delay) {
        ScheduledExecutorService threads = threads();
        if (threads == null) {
            return null;
        }
        try {
            return threads.schedule(work, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    /**
     * The controller's one follower, on the Maia threads; null when the controller is shutting down (no follower
     * is started again after {@link SharedFollower} detached them).
     */
    public static @CheckForNull TaskFollower follower() {
        return SharedFollower.get();
    }

    /** True once the controller began shutting down: follows then end without ending their steps. */
    public static boolean isShuttingDown() {
        return SharedFollower.isShuttingDown();
    }

    static @CheckForNull ScheduledExecutorService threads() {
        return MaiaThreads.get(Jenkins.getInstanceOrNull());
    }
}
