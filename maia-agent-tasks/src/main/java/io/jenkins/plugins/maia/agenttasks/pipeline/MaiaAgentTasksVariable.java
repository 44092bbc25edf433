package io.jenkins.plugins.maia.agenttasks.pipeline;

import hudson.Extension;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * {@code maiaAgentTasks(...)}: many agent tasks as one unit, with dependencies, in parallel branches; each task's
 * decisions asked through the {@code input} step as with {@code maiaAgentTask}.
 */
@Extension
@Restricted(NoExternalUse.class)
public final class MaiaAgentTasksVariable extends MaiaGlobalVariable {
    @Override
    String stepName() {
        return "maiaAgentTasks";
    }
}
