package io.jenkins.plugins.maia.agenttasks.quant;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Run;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskEvent;
import io.jenkins.plugins.maia.follower.event.TextRedactor;
import io.jenkins.plugins.maia.follower.follow.FollowListener;
import io.jenkins.plugins.maia.follower.follow.FollowResult;
import io.jenkins.plugins.maia.quant.mirror.MirroredTask;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * A step's Quant task, as the step's follow drives it; {@link #NONE} when mirroring is off. Nothing here can fail or
 * hold up the follow or the step: every call only records what Quant should show and returns (the writing is the
 * mirror's, on its own threads), and an unexpected error is logged, never thrown.
 */
@Restricted(NoExternalUse.class)
public final class TaskMirror {

    private static final Logger LOGGER = Logger.getLogger(TaskMirror.class.getName());

    /** Mirroring is off: every call does nothing. */
    public static final TaskMirror NONE = new TaskMirror(null);

    @CheckForNull
    private final MirroredTask task;

    private TaskMirror(@CheckForNull MirroredTask task) {
        this.task = task;
    }

    /**
     * The Quant task of the Maia task {@code request} names, in its build's mirror; {@link #NONE} when mirroring is
     * off or cannot start. Looks up Quant's credential: call it on a Maia thread.
     *
     * @param maiaSecrets masks the step's Maia credential in what is sent to Quant
     * @param console     the step's console, for the mirror's warnings
     */
    public static TaskMirror attach(Run<?, ?> run, MirrorRequest request, TextRedactor maiaSecrets,
            Consumer<String> console) {
        try {
            BuildQuantMirror mirror = BuildQuantMirrors.forBuild(run, request.quantTaskList(), console);
            return mirror == null ? NONE : new TaskMirror(mirror.attach(request, maiaSecrets, console));
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "Quant mirror: cannot mirror a Maia task of " + run, e);
            return NONE;
        }
    }

    /** Listens to the follow beside the console: in_progress, blocked with the reason, the last agent message. */
    public @CheckForNull FollowListener listener() {
        if (task == null) {
            return null;
        }
        FollowListener mirror = task.listener();
        return new FollowListener() {
            @Override
            public void onStatus(Task t) {
                guarded(() -> mirror.onStatus(t));
            }

            @Override
            public void onEvent(TaskEvent event) {
                guarded(() -> mirror.onEvent(event));
            }
        };
    }

    /** The follow ended: completed, blocked (left paused), failed or cancelled, as {@code result} says. */
    public void ended(FollowResult result, @CheckForNull String transcript) {
        MirroredTask t = task;
        if (t != null) {
            guarded(() -> t.ended(result, transcript));
        }
    }

    /** {@code failed}: following gave up, with {@code reason} (masked by the mirror). */
    public void gaveUp(String reason) {
        MirroredTask t = task;
        if (t != null) {
            guarded(() -> t.gaveUp(reason));
        }
    }

    private static void guarded(Runnable update) {
        try {
            update.run();
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "Quant mirror: an update was dropped", e);
        }
    }
}
