package io.jenkins.plugins.maia.agenttasks.options;

import hudson.AbortException;
import hudson.Util;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.io.Serializable;
import java.util.Locale;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * How the Pipeline variable asks people about decisions no rule settled: how many distinct people must approve a
 * tool ({@code approvers}), how long the input waits ({@code decisionTimeout}, minutes, 0 = no limit) and what
 * happens when nobody answered in time ({@code onDecisionTimeout}).
 */
@Restricted(NoExternalUse.class)
public record HumanGate(int approvers, int decisionTimeoutMinutes, OnDecisionTimeout onDecisionTimeout)
        implements Serializable {

    private static final long serialVersionUID = 1L;
    /** More approvers than this is a typo, not a policy. */
    public static final int MAX_APPROVERS = 10;
    public static final HumanGate DEFAULT = new HumanGate(1, 0, OnDecisionTimeout.FAIL);

    /** What the step does when nobody answered a decision within {@code decisionTimeout}. */
    public enum OnDecisionTimeout {
        /** Reject the pending tools and go on; a question cannot be rejected, so then it fails as FAIL does. */
        REJECT,
        /** Fail the step; the task stays paused in Maia, answerable there and continued with maiaAgentMessage. */
        FAIL,
        /** Stop the task and fail the step. */
        STOP;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public HumanGate {
        if (onDecisionTimeout == null) {
            onDecisionTimeout = OnDecisionTimeout.FAIL;
        }
        if (approvers < 1) {
            approvers = 1;
        }
    }

    /**
     * The step's settings, checked; each problem names the option and the fix.
     *
     * @param approvers 0 = the default, 1
     */
    public static HumanGate of(int approvers, int decisionTimeout, @CheckForNull String onDecisionTimeout)
            throws AbortException {
        if (approvers < 0 || approvers > MAX_APPROVERS) {
            throw new AbortException("Maia: approvers must be between 1 and " + MAX_APPROVERS + " (the number of "
                    + "distinct people who must approve a tool), was " + approvers + ".");
        }
        if (decisionTimeout < 0) {
            throw new AbortException("Maia: decisionTimeout must be 0 (no limit) or a number of minutes, was "
                    + decisionTimeout + ".");
        }
        String text = Util.fixEmptyAndTrim(onDecisionTimeout);
        OnDecisionTimeout action = OnDecisionTimeout.FAIL;
        if (text != null) {
            try {
                action = OnDecisionTimeout.valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new AbortException("Maia: onDecisionTimeout '" + text + "' is unknown; use reject, fail "
                        + "(the default) or stop.");
            }
            if (decisionTimeout == 0) {
                throw new AbortException("Maia: onDecisionTimeout is set but decisionTimeout is not; give "
                        + "decisionTimeout in minutes, e.g. decisionTimeout: 60.");
            }
        }
        return new HumanGate(Math.max(1, approvers), decisionTimeout, action);
    }
}
