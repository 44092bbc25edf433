package io.jenkins.plugins.maia.agenttasks.quant;

import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.model.listeners.RunListener;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Closes a build's Quant mirrors when it completes, while its log is still open: the log says which final states
 * could not be written, and the mirrors finish on their own threads. Never waits for Quant.
 */
@Extension
@Restricted(NoExternalUse.class)
public final class QuantMirrorRunListener extends RunListener<Run<?, ?>> {

    @Override
    public void onCompleted(Run<?, ?> run, TaskListener listener) {
        BuildQuantMirrors.buildEnded(run, listener);
    }
}
