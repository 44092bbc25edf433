package io.jenkins.plugins.maia.agenttasks.freestyle;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.model.EnvironmentContributingAction;
import hudson.model.Run;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Exports the last successful Maia task of a freestyle build to the build steps after it:
 * {@code MAIA_TASK_ID} and {@code MAIA_TARGET_BRANCH} (the generated branch too). Invisible on the page.
 */
@Restricted(NoExternalUse.class)
public final class MaiaTaskEnvironmentAction implements EnvironmentContributingAction {

    public static final String TASK_ID = "MAIA_TASK_ID";
    public static final String TARGET_BRANCH = "MAIA_TARGET_BRANCH";

    private final String taskId;
    private final String targetBranchName;

    public MaiaTaskEnvironmentAction(String taskId, @CheckForNull String targetBranchName) {
        this.taskId = taskId;
        this.targetBranchName = targetBranchName;
    }

    @Override
    public void buildEnvironment(@NonNull Run<?, ?> run, @NonNull EnvVars env) {
        env.put(TASK_ID, taskId);
        if (targetBranchName != null) {
            env.put(TARGET_BRANCH, targetBranchName);
        }
    }

    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return null;
    }

    @Override
    public String getUrlName() {
        return null;
    }
}
