package io.jenkins.plugins.maia.forms;

import hudson.AbortException;
import hudson.Util;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.maia.client.MaiaClient;
import io.jenkins.plugins.maia.client.Region;
import io.jenkins.plugins.maia.task.OnDecision;
import io.jenkins.plugins.maia.task.StepModes;
import io.jenkins.plugins.maia.task.TaskOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
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
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private FieldChecks() {}

    public static FormValidation required(String field, String value) {
        return Util.fixEmptyAndTrim(value) == null ? FormValidation.error(field + " is required.") : FormValidation.ok();
    }

    public static FormValidation projectId(String value) {
        String v = Util.fixEmptyAndTrim(value);
        if (v == null) {
            return FormValidation.error("projectId is required: the ID (a UUID) of the Maia project.");
        }
        if (v.contains("${")) {
            return FormValidation.warning("Cannot check a projectId given as an expression.");
        }
        try {
            UUID.fromString(v);
            return FormValidation.ok();
        } catch (IllegalArgumentException e) {
            return FormValidation.error("projectId must be a UUID such as 550e8400-e29b-41d4-a716-446655440001; "
                    + "copy it from the project's settings in Maia.");
        }
    }

    public static FormValidation message(String value) {
        if (value == null || value.isBlank()) {
            return FormValidation.error("message is required: tell the agent what to do.");
        }
        if (value.length() > MaiaClient.MAX_MESSAGE_LENGTH) {
            return FormValidation.error("message is " + value.length() + " characters long; the limit is "
                    + MaiaClient.MAX_MESSAGE_LENGTH + ". Point the agent at files instead of pasting them.");
        }
        return FormValidation.ok();
    }

    public static FormValidation targetBranch(String value, boolean generateBranch) {
        boolean set = Util.fixEmptyAndTrim(value) != null;
        if (!set && !generateBranch) {
            return FormValidation.error("Set targetBranchName, or tick generateBranch to let the agent name a new "
                    + "branch (exported as MAIA_TARGET_BRANCH / result.targetBranchName).");
        }
        if (set && generateBranch) {
            return FormValidation.warning("generateBranch is ignored when targetBranchName is set.");
        }
        return FormValidation.ok();
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
            return FormValidation.warning("submitter only matters with onDecision 'input'.");
        }
        return FormValidation.ok();
    }

    /** Empty is fine (the default applies); else https, or http to this machine only (a local sandbox). */
    public static FormValidation baseUrl(String field, String value) {
        String v = Util.fixEmptyAndTrim(value);
        if (v == null) {
            return FormValidation.ok();
        }
        try {
            URI uri = new URI(v);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
            if (host.isEmpty()) {
                return FormValidation.error(field + " needs a host, e.g. " + Region.EU1.baseUrl());
            }
            if (scheme.equals("https") || (scheme.equals("http") && LOOPBACK.contains(host))) {
                return FormValidation.ok();
            }
            return FormValidation.error(field + " must be an https URL (http only to this machine), e.g. "
                    + Region.EU1.baseUrl());
        } catch (URISyntaxException e) {
            return FormValidation.error(field + " is not a URL: " + e.getReason());
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
                return FormValidation.error(field + " must be between " + min + " and " + max + ", was " + n + ".");
            }
            return FormValidation.ok();
        } catch (NumberFormatException e) {
            return FormValidation.error(field + " must be a whole number, was '" + v + "'.");
        }
    }

    public static FormValidation pollMax(String value, String initial) {
        FormValidation range = intInRange("pollMaxSeconds", value, 1, 600);
        if (range.kind != FormValidation.Kind.OK) {
            return range;
        }
        try {
            if (Integer.parseInt(value.trim()) < Integer.parseInt(initial.trim())) {
                return FormValidation.error("pollMaxSeconds must not be shorter than pollInitialSeconds.");
            }
        } catch (NumberFormatException | NullPointerException e) {
            // the other field reports its own problem
        }
        return FormValidation.ok();
    }

    public static ListBoxModel regionItems(boolean includeEmpty) {
        ListBoxModel m = new ListBoxModel();
        if (includeEmpty) {
            m.add("(default)", "");
        }
        for (Region r : Region.values()) {
            m.add(r.name() + " (" + r.baseUrl() + ")", r.name());
        }
        return m;
    }

    public static ListBoxModel modeItems() {
        ListBoxModel m = new ListBoxModel();
        m.add("ACT: make changes", "ACT");
        m.add("PLAN: only plan", "PLAN");
        return m;
    }

    public static ListBoxModel onDecisionItems(boolean inputAllowed) {
        ListBoxModel m = new ListBoxModel();
        if (inputAllowed) {
            m.add("input: ask with a Jenkins input (default)", "input");
        }
        m.add("fail: fail the build, leave the task paused", "fail");
        m.add("reject: reject the tool call", "reject");
        return m;
    }

    private static String withoutPrefix(AbortException e) {
        String m = e.getMessage();
        return m.startsWith("Maia: ") ? m.substring("Maia: ".length()) : m;
    }
}
