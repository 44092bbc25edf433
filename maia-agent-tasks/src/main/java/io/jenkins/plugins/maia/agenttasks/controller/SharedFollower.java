package io.jenkins.plugins.maia.agenttasks.controller;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import hudson.model.listeners.ItemListener;
import io.jenkins.plugins.maia.follower.follow.TaskFollower;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The controller's one {@link TaskFollower}, ticking on the {@link MaiaThreads Maia threads}: every Maia follow
 * of every build shares those threads (no thread per task) and, through the follower, the account's rate budget.
 *
 * <p>On an orderly shutdown the follows are detached before Pipeline saves its programs, and a tick under way
 * (a step saving its state) gets up to 5 s to finish, so the state a step saved last is whole and is where it
 * continues after the restart; a step whose follow ends because of the shutdown does not complete (see
 * {@link #isShuttingDown()}), and no follower is started again for that controller. A new controller in the same
 * JVM (tests restarting Jenkins) gets a new follower on new threads.
 */
@Restricted(NoExternalUse.class)
final class SharedFollower {

    private static final Logger LOGGER = Logger.getLogger(SharedFollower.class.getName());

    private static TaskFollower follower; // guarded by SharedFollower.class
    private static Jenkins owner; // guarded by SharedFollower.class: the controller the follower belongs to
    private static Jenkins shutDown; // guarded by SharedFollower.class: the controller that is shutting down

    private SharedFollower() {}

    static synchronized @CheckForNull TaskFollower get() {
        Jenkins current = Jenkins.getInstanceOrNull();
        if (current == null || current == shutDown) {
            return null;
        }
        if (follower == null || owner != current) {
            ScheduledExecutorService threads = MaiaThreads.get(current);
            if (threads == null) {
                return null;
            }
            if (follower != null) {
                follower.close();
            }
            follower = TaskFollower.create(threads);
            owner = current;
        }
        return follower;
    }

    static synchronized boolean isShuttingDown() {
        Jenkins current = Jenkins.getInstanceOrNull();
        return current == null || current == shutDown;
    }

    static void shutDown() {
        TaskFollower closing;
        synchronized (SharedFollower.class) {
            shutDown = Jenkins.getInstanceOrNull();
            closing = follower;
            follower = null;
            owner = null;
        }
        if (closing != null) {
            LOGGER.fine(() -> "detaching " + closing.activeFollows() + " Maia follows for shutdown");
            // Waits (at most TaskFollower.DEFAULT_CLOSE_GRACE) for ticks under way, such as a step saving its
            // state, so none is cut off half-way; outside the lock, so such a tick never waits for it.
            closing.close();
        }
    }

    /**
     * Runs at the start of an orderly shutdown, before any {@code Terminator} (so before Pipeline suspends and
     * saves its running programs, and before {@link MaiaThreads#shutDown()}).
     */
    @Extension
    public static final class ShutdownListener extends ItemListener {
        @Override
        public void onBeforeShutdown() {
            shutDown();
        }
    }
}
