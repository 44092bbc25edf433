package io.jenkins.plugins.maia.agenttasks.pipeline;

import hudson.Extension;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/** {@code maiaAgentMessage(...)}: the step, with decisions asked through the {@code input} step. */
@Extension
@Restricted(NoExternalUse.class)
public final class MaiaAgentMessageVariable extends MaiaGlobalVariable {
    @Override
    String stepName() {
        return "maiaAgentMessage";
    }
}
