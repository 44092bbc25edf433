package io.jenkins.plugins.maia.agenttasks.approval;

import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/** The three answers a person can give to a tool call in the input. */
@Restricted(NoExternalUse.class)
public enum ToolChoice {
    APPROVE_ONCE,
    APPROVE_FOR_TASK,
    REJECT
}
