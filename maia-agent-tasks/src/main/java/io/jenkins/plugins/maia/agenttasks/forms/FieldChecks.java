package io.jenkins.plugins.maia.agenttasks.forms;

import io.jenkins.plugins.maia.agenttasks.Messages;
import hudson.AbortException;
import hudson.Util;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.maia.client.FieldRules;
import io.jenkins.plugins.maia.client.InvalidRequestException.Violation;
import io.jenkins.plugins.maia.client.Region;
import io.jenkins.plugins.maia.agenttasks.options.OnDecision;
import io.jenkins.plugins.maia.agenttasks.options.StepModes;
import io.jenkins.plugins.maia.agenttasks.options.TaskOptions;
import java.util.List;
import java.util.stream.Collectors;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The form checks of every Maia field, each naming the field and the fix. Where the runtime parses a value
 * ({@link TaskOptions#toolNames}, {@link StepModes#parse}, {@link OnDecision#parse}) the check runs that same
 * parser, so a form cannot accept what a build would refuse. Callers check permissions first (see
 * {@link FormAccess}).
 */
@Restricted(NoExternalUse.class)
public final class FieldChecks {

    /** A week: longer-running agents should be followed up with maiaAgentMessage. */
    public static final int MAX_TIMEOUT_MINUTES = 7 * 24 * 60;

    private FieldChecks() {}

    public static FormValidation required(String field, String value) {
        return Util.fixEmptyAndTrim(value) == null ? FormValidation.error(Messages.FieldChecks_Required(field)) : FormValidation.ok();
    }

    public static FormValidation projectId(String value) {
        String v = Util.fixEmptyAndTrim(value);
        if (v != null && v.contains("${")) {
            return FormValidation.warning(Messages.FieldChecks_ProjectIdExpression());
        }
        return fromRules(FieldRules.projectId("projectId", v));
    }

    public static FormValidation message(String value) {
        return fromRules(FieldRules.message("message", value));
    }

    /** Exactly one of targetBranchName and generateBranch (the client refuses both: the API ignores one). */
    public static FormValidation targetBranch(String value, boolean generateBranch) {
        return fromRules(FieldRules.branches("targetBranchName", Util.fixEmptyAndTrim(value), "generateBranch",
                generateBranch));
    }

    public static FormValidation toolNames(String field, String value) {
        try {
            TaskOptions.toolNames(field, value);
            return FormValidation.ok();
        } catch (AbortException e) {
            return FormValidation.error(withoutPrefix(e));
        }
    }

    public static FormValidation mode(String value) {
        try {
            StepModes.parse(value, null);
            return FormValidation.ok();
        } catch (AbortException e) {
            return FormValidation.error(withoutPrefix(e));
        }
    }

    public static FormValidation onDecision(String value, boolean inputAllowed) {
        try {
            OnDecision.parse(value, OnDecision.FAIL, inputAllowed);
            return FormValidation.ok();
        } catch (AbortException e) {
            return FormValidation.error(withoutPrefix(e));
        }
    }

    public static FormValidation submitter(String value, String onDecision) {
        if (Util.fixEmptyAndTrim(value) == null) {
            return FormValidation.ok();
        }
        String d = Util.fixEmptyAndTrim(onDecision);
        if (d != null && !d.equalsIgnoreCase(OnDecision.INPUT.value())) {
            return FormValidation.warning(Messages.FieldChecks_SubmitterWithoutInput());
        }
        return FormValidation.ok();
    }

    /** Empty is fine (the default applies); else the client's rule: https, or http to loopback only. */
    public static FormValidation baseUrl(String field, String value) {
        String v = Util.fixEmptyAndTrim(value);
        return v == null ? FormValidation.ok() : fromRules(FieldRules.endpointUrl(field, v));
    }

    /**
     * For a setter that configuration as code (or any non-form caller) calls: the value is refused with the same
     * message the form shows, so a bad value never reaches the saved configuration silently.
     *
     * @throws IllegalArgumentException naming the field and the fix, when {@code check} is an error
     */
    public static void requireValid(FormValidation check) {
        if (check.kind == FormValidation.Kind.ERROR) {
            // FormValidation keeps its message as escaped HTML; the exception's reader is a person or a log.
            throw new IllegalArgumentException(check.getMessage().replace("&#039;", "'").replace("&quot;", "\"")
                    .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"));
        }
    }

    public static FormValidation intInRange(String field, String value, int min, int max) {
        String v = Util.fixEmptyAndTrim(value);
        if (v == null) {
            return FormValidation.ok();
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                return FormValidation.error(Messages.FieldChecks_OutOfRange(field, String.valueOf(min),
                        String.valueOf(max), String.valueOf(n)));
            }
            return FormValidation.ok();
        } catch (NumberFormatException e) {
            return FormValidation.error(Messages.FieldChecks_NotANumber(field, v));
        }
    }

    public static FormValidation pollMax(String value, String initial) {
        FormValidation range = intInRange("pollMaxSeconds", value, 1, 600);
        if (range.kind != FormValidation.Kind.OK) {
            return range;
        }
        String max = Util.fixEmptyAndTrim(value);
        String min = Util.fixEmptyAndTrim(initial);
        if (max == null || min == null) {
            return FormValidation.ok(); // a blank field takes its default; nothing to compare
        }
        try {
            if (Integer.parseInt(max) < Integer.parseInt(min)) {
                return FormValidation.error(Messages.FieldChecks_PollMaxBelowInitial());
            }
        } catch (NumberFormatException e) {
            // the other field reports its own problem
        }
        return FormValidation.ok();
    }

    public static ListBoxModel regionItems(boolean includeEmpty) {
        ListBoxModel m = new ListBoxModel();
        if (includeEmpty) {
            m.add(Messages.FieldChecks_DefaultRegion(), "");
        }
        for (Region r : Region.values()) {
            m.add(r.name() + " (" + r.baseUrl() + ")", r.name());
        }
        return m;
    }

    public static ListBoxModel modeItems() {
        ListBoxModel m = new ListBoxModel();
        // An empty first entry, so a form (and the Snippet Generator) writes mode only when the user chose one.
        m.add(Messages.FieldChecks_DefaultMode(), "");
        m.add(Messages.FieldChecks_ModeAct(), "ACT");
        m.add(Messages.FieldChecks_ModePlan(), "PLAN");
        return m;
    }

    public static ListBoxModel onDecisionItems(boolean inputAllowed) {
        ListBoxModel m = new ListBoxModel();
        // An empty first entry, so saving a form where the user chose nothing stores nothing.
        m.add(inputAllowed ? Messages.FieldChecks_DefaultOnDecisionPipeline()
                : Messages.FieldChecks_DefaultOnDecisionFreestyle(), "");
        if (inputAllowed) {
            m.add(Messages.FieldChecks_OnDecisionInput(), "input");
        }
        m.add(Messages.FieldChecks_OnDecisionFail(), "fail");
        m.add(Messages.FieldChecks_OnDecisionReject(), "reject");
        return m;
    }

    /** The client's violations of one field as a form error (they already name the field and the fix). */
    private static FormValidation fromRules(List<Violation> violations) {
        if (violations.isEmpty()) {
            return FormValidation.ok();
        }
        return FormValidation.error(violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
    }

    private static String withoutPrefix(AbortException e) {
        String m = e.getMessage();
        return m.startsWith("Maia: ") ? m.substring("Maia: ".length()) : m;
    }
}
