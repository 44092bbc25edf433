package io.jenkins.plugins.maia.agenttasks.task;

import hudson.AbortException;
import hudson.model.Run;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Where a build keeps its working files for one task, on the controller: {@code <build dir>/maia/<taskId>/}
 * (the transcript being written, a paused follow's state). It lives and dies with the build, survives a
 * controller restart, and needs no workspace or agent.
 */
@Restricted(NoExternalUse.class)
public final class TaskFiles {

    /** A task id as the API issues them (a UUID); anything else is refused before it becomes a path. */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    private TaskFiles() {}

    public static Path taskDir(Run<?, ?> run, String taskId) throws AbortException {
        return run.getRootDir().toPath().resolve("maia").resolve(checkTaskId(taskId));
    }

    /** {@code taskId} if it can name a directory; a clear error otherwise. */
    public static String checkTaskId(String taskId) throws AbortException {
        if (taskId == null || !SAFE_ID.matcher(taskId).matches() || taskId.contains("..")) {
            throw new AbortException("Maia: taskId '" + taskId + "' is not a task id. Pass the id a task was "
                    + "created with (result.taskId of maiaAgentTask, or MAIA_TASK_ID).");
        }
        return taskId;
    }
}
