package io.jenkins.plugins.maia.agenttasks.options;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.Util;
import io.jenkins.plugins.maia.follower.decision.Fallback;
import java.util.Locale;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * What a job does with a decision its approve/reject lists do not settle. Only an adapter onto the follower's
 * {@link Fallback}: {@code input} and {@code fail} both pause the follow (the Pipeline variable then asks a
 * Jenkins input, or the step fails), {@code reject} rejects tool calls (a question cannot be rejected, so it
 * still pauses and the step fails).
 */
@Restricted(NoExternalUse.class)
public enum OnDecision {
    INPUT("input", Fallback.PAUSE),
    FAIL("fail", Fallback.PAUSE),
    REJECT("reject", Fallback.REJECT);

    private final String value;
    private final Fallback fallback;

    OnDecision(String value, Fallback fallback) {
        this.value = value;
        this.fallback = fallback;
    }

    /** The option's value as written in a Jenkinsfile or form. */
    public String value() {
        return value;
    }

    public Fallback fallback() {
        return fallback;
    }

    /** Parses {@code input}, {@code fail} or {@code reject}; blank gives {@code defaultValue}. */
    public static OnDecision parse(@CheckForNull String text, OnDecision defaultValue, boolean inputAllowed)
            throws AbortException {
        String t = Util.fixEmptyAndTrim(text);
        if (t == null) {
            return defaultValue;
        }
        for (OnDecision d : values()) {
            if (d.value.equals(t.toLowerCase(Locale.ROOT))) {
                if (d == INPUT && !inputAllowed) {
                    throw new AbortException("Maia: onDecision 'input' works only through the maiaAgentTask and "
                            + "maiaAgentMessage global variables of a Pipeline (call maiaAgentTask(...), not "
                            + "steps.maiaAgentTask(...); a freestyle build cannot pause for input). Use 'fail' or "
                            + "'reject', or list the tools in approveTools.");
                }
                return d;
            }
        }
        throw new AbortException("Maia: onDecision '" + t + "' is unknown. Use "
                + (inputAllowed ? "'input', " : "") + "'fail' or 'reject'.");
    }
}
