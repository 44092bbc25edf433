package io.jenkins.plugins.maia.agenttasks.task;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.Map;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * How a step ends: with a result a Pipeline can read (see {@link StepResult}), or with a failure whose message
 * says what happened to the task and what to do.
 */
@Restricted(NoExternalUse.class)
public record TaskEnd(@CheckForNull Map<String, Object> result, @CheckForNull Throwable failure,
        @CheckForNull String unstable) {

    public static TaskEnd completed(Map<String, Object> result) {
        return new TaskEnd(result, null, null);
    }

    /** Completed, but the build is marked UNSTABLE for {@code why} (denied work under failOnRejection). */
    public static TaskEnd unstable(Map<String, Object> result, String why) {
        return new TaskEnd(result, null, why);
    }

    public static TaskEnd failed(Throwable failure) {
        return new TaskEnd(null, failure, null);
    }

    public boolean succeeded() {
        return failure == null;
    }
}
