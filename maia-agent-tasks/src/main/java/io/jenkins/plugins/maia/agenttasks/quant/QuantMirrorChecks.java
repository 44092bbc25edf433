package io.jenkins.plugins.maia.agenttasks.quant;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Util;
import hudson.util.FormValidation;
import io.jenkins.plugins.maia.agenttasks.Messages;
import io.jenkins.plugins.maia.agenttasks.settings.QuantMirrorSettings;
import io.jenkins.plugins.maia.client.InvalidRequestException;
import io.jenkins.plugins.maia.quant.client.QuantClient;
import java.util.stream.Collectors;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The checks of the Quant mirror's fields, for the forms and for the setters Configuration as Code calls. The URL
 * and organisation rules are the Quant client's own (maia-quant), so the form refuses exactly what a build would.
 */
@Restricted(NoExternalUse.class)
public final class QuantMirrorChecks {

    /** Quant task list ids: one line, as the mirror requires. */
    static final int MAX_TASK_LIST_LENGTH = 500;

    private QuantMirrorChecks() {}

    /** Quant's URL: https, or http to loopback only; empty means the default. */
    public static FormValidation url(@CheckForNull String value) {
        String v = Util.fixEmptyAndTrim(value);
        return v == null ? FormValidation.ok() : clientRule("quantUrl", "url", v, "placeholder-org");
    }

    public static FormValidation organisation(@CheckForNull String value) {
        String v = Util.fixEmptyAndTrim(value);
        if (v == null) {
            return FormValidation.ok(Messages.QuantMirror_OffWithoutOrganisation());
        }
        return clientRule("organisation", "organisation", QuantMirrorSettings.DEFAULT_URL, v);
    }

    /** A step's or build step's {@code quantTaskList}: empty (the default name) or one line of 1 to 500 characters. */
    public static FormValidation taskList(@CheckForNull String value) {
        String message = taskListProblem(value);
        return message == null ? FormValidation.ok() : FormValidation.error(message);
    }

    /** What is wrong with a {@code quantTaskList}, naming the field and the fix; null when nothing is. */
    public static @CheckForNull String taskListProblem(@CheckForNull String value) {
        String v = Util.fixEmptyAndTrim(value);
        if (v == null) {
            return null;
        }
        if (v.length() > MAX_TASK_LIST_LENGTH || v.chars().anyMatch(Character::isISOControl)) {
            return Messages.QuantMirror_BadTaskList(MAX_TASK_LIST_LENGTH);
        }
        return null;
    }

    /** The Quant client's rule for one field: build a client that would use it, and report what it refuses. */
    private static FormValidation clientRule(String clientField, String formField, String url, String organisation) {
        try {
            QuantClient.builder().baseUrl(url).organisation(organisation).token("form-check").build();
            return FormValidation.ok();
        } catch (InvalidRequestException e) {
            String problems = e.violations().stream().filter(v -> v.field().equals(clientField))
                    .map(v -> formField + ": " + v.message()).collect(Collectors.joining("; "));
            return problems.isEmpty() ? FormValidation.ok() : FormValidation.error(problems);
        }
    }
}
