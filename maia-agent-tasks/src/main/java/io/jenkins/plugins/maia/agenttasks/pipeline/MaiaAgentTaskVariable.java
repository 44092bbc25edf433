package io.jenkins.plugins.maia.agenttasks.pipeline;

import hudson.Extension;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/** {@code maiaAgentTask(...)}: the step, with decisions asked through the {@code input} step. */
@Extension
@Restricted(NoExternalUse.class)
public final class MaiaAgentTaskVariable extends MaiaGlobalVariable {
    @Override
    String stepName() {
        return "maiaAgentTask";
    }
}
