package io.jenkins.plugins.maia.agenttasks.options;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.Util;
import io.jenkins.plugins.maia.client.model.Mode;
import java.util.Locale;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/** Parses the {@code mode} option: {@code PLAN} or {@code ACT} (any case). */
@Restricted(NoExternalUse.class)
public final class StepModes {

    private StepModes() {}

    /** The mode; blank gives {@code defaultMode} (null = keep the task's). */
    public static @CheckForNull Mode parse(@CheckForNull String text, @CheckForNull Mode defaultMode)
            throws AbortException {
        String t = Util.fixEmptyAndTrim(text);
        if (t == null) {
            return defaultMode;
        }
        String upper = t.toUpperCase(Locale.ROOT);
        if (upper.equals(Mode.PLAN.name())) {
            return Mode.PLAN;
        }
        if (upper.equals(Mode.ACT.name())) {
            return Mode.ACT;
        }
        throw new AbortException("Maia: mode '" + t + "' is unknown. Use 'PLAN' (the agent only plans) or 'ACT' "
                + "(the agent makes changes).");
    }
}
