package io.jenkins.plugins.maia.agenttasks.approval;

import hudson.AbortException;
import hudson.Util;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.follower.decision.DecisionView;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The Jenkins {@code input} that asks a human about a task's pending decisions: its id, message and one
 * parameter per tool call or question. Built from the follower's {@link DecisionView}s; this class only lays
 * them out for the input step (what is shown and how answers map back), it decides nothing.
 *
 * <p>Agent text is untrusted. The input page escapes its message and choices; parameter descriptions go through
 * the controller's markup formatter, so tag characters in them are replaced to keep agent text from becoming
 * markup even under a formatter that allows some HTML.
 */
@Restricted(NoExternalUse.class)
public record InputRequest(String id, String message, String ok, String submitter, String submitterParameter,
        List<InputField> fields) {

    /** The input result entry that records who answered (the input step fills it with the user id). */
    public static final String SUBMITTER_PARAMETER = "maiaDecidedBy";
    public static final String REJECT = "Reject";
    public static final String APPROVE_ONCE = "Approve once";
    public static final String APPROVE_FOR_TASK = "Approve for this task";
    /** Reject first: the default of a choice is its first value, so a hurried "Proceed" approves nothing. */
    public static final List<String> TOOL_CHOICES = List.of(REJECT, APPROVE_ONCE, APPROVE_FOR_TASK);

    /** Where the whole story is, said once under the first decision. */
    static final String SEE_MAIA_PAGE = "The whole conversation is on the build's Maia agent tasks page.";
    /** Said on every tool choice, so the preselection is a visible, deliberate default. */
    public static final String REJECT_PRESELECTED = "Reject is preselected: proceeding without choosing approves "
            + "nothing.";
    /** Longest text shown for one decision in a parameter description (a tool input can hold a whole file). */
    static final int MAX_DECISION_TEXT = 3_000;
    /** Longest line per decision in the input's heading. */
    static final int MAX_HEADLINE = 160;

    public InputRequest {
        fields = List.copyOf(fields);
    }

    /**
     * The input for {@code pending} (decisions the policy left to a human).
     *
     * @throws AbortException when a decision cannot be answered through the API (no id, or a kind of decision
     *                        this version does not know): the human must answer it in the Maia UI
     */
    public static InputRequest of(String taskId, List<PendingDecision> pending, String submitter)
            throws AbortException {
        // The input page shows the message as one heading (line breaks collapse): keep it to what is asked, the
        // details go into the parameters' descriptions and the build's Maia page.
        StringBuilder message = new StringBuilder("Maia task ").append(taskId).append(" asks:");
        List<InputField> fields = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        int n = 0;
        for (PendingDecision p : pending) {
            n++;
            DecisionView view = DecisionView.of(p);
            if (!view.answerable() || view.kind() == DecisionView.Kind.UNKNOWN) {
                throw new AbortException("Maia: task " + taskId + " waits for a decision of a kind Jenkins cannot "
                        + "answer (" + (view.answerable() ? "type '" + p.type() + "'" : "no toolId") + "). Answer it "
                        + "in the Maia UI, then continue the task with maiaAgentMessage.");
            }
            ids.add(view.toolId());
            message.append(n == 1 ? " " : "; ").append(pending.size() == 1 ? "" : n + ". ").append(headline(view));
            String details = neutralise(n + ". " + cut(view.describe())) + (n == 1 ? "\n" + SEE_MAIA_PAGE : "");
            String prefix = "decision" + n;
            if (view.kind() == DecisionView.Kind.TOOL) {
                fields.add(new InputField(prefix, InputField.Kind.TOOL, view.toolId(), -1, TOOL_CHOICES,
                        details + "\n" + REJECT_PRESELECTED));
            } else if (view.questions().isEmpty()) {
                // A question whose shape the follower could not parse: free text for the first question.
                fields.add(new InputField(prefix + "_q1", InputField.Kind.QUESTION_TEXT, view.toolId(), 0, List.of(),
                        neutralise(n + ". " + view.title())));
            } else {
                for (DecisionView.Question q : view.questions()) {
                    String name = prefix + "_q" + (q.index() + 1);
                    // Numbered from 0 like the console, the transcripts and the Maia page; the options' own
                    // descriptions too, so the choice is informed here and not only on the Maia page.
                    StringBuilder text = new StringBuilder().append(n).append(". question ").append(q.index())
                            .append(": ").append(q.text())
                            .append(q.multiSelect() ? " (one answer can be chosen here)" : "");
                    for (int i = 0; i < q.options().size(); i++) {
                        String description = i < q.optionDescriptions().size() ? q.optionDescriptions().get(i) : "";
                        if (!description.isBlank()) {
                            text.append('\n').append(q.options().get(i)).append(": ").append(description);
                        }
                    }
                    List<String> options = distinctNonBlank(q.options());
                    if (options.isEmpty()) {
                        fields.add(new InputField(name, InputField.Kind.QUESTION_TEXT, view.toolId(), q.index(),
                                List.of(), neutralise(text.toString())));
                    } else {
                        fields.add(new InputField(name, InputField.Kind.QUESTION_CHOICE, view.toolId(), q.index(),
                                options, neutralise(text.toString())));
                    }
                }
            }
        }
        return new InputRequest(inputId(taskId, ids), message.toString(), "Send to Maia", Util.fixEmptyAndTrim(submitter),
                SUBMITTER_PARAMETER, fields);
    }

    /**
     * The arguments the Pipeline variable hands to the {@code input} step, as plain values (they pass through the
     * CPS program): {@code id, message, ok, submitter, submitterParameter, fields: [{name, type, choices,
     * description}]}.
     */
    public Map<String, Object> toPipelineMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("message", message);
        m.put("ok", ok);
        m.put("submitter", submitter);
        m.put("submitterParameter", submitterParameter);
        List<Map<String, Object>> list = new ArrayList<>();
        for (InputField f : fields) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("name", f.name());
            p.put("type", f.kind() == InputField.Kind.QUESTION_TEXT ? "string" : "choice");
            p.put("choices", new ArrayList<>(f.choices()));
            p.put("description", f.description());
            list.add(p);
        }
        m.put("fields", list);
        return m;
    }

    /** The id the input page and the REST endpoint use: stable for the same pending decisions, URL-safe. */
    static String inputId(String taskId, Set<String> decisionIds) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(taskId.getBytes(StandardCharsets.UTF_8));
            for (String id : decisionIds) {
                sha.update((byte) 0);
                sha.update(id.getBytes(StandardCharsets.UTF_8));
            }
            return "Maia" + HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** One line for the input's heading: which tool or question, cut to {@value #MAX_HEADLINE} characters. */
    static String headline(DecisionView view) {
        String line;
        if (view.kind() == DecisionView.Kind.TOOL) {
            line = "Tool " + (view.toolName() == null ? "(unnamed)" : view.toolName()) + ": " + view.title();
        } else if (view.questions().isEmpty()) {
            line = "Question: " + view.title();
        } else {
            int more = view.questions().size() - 1;
            line = "Question: " + view.questions().get(0).text() + (more > 0 ? " (and " + more + " more)" : "");
        }
        line = line.replaceAll("\\s+", " ").strip();
        return line.length() <= MAX_HEADLINE ? line : line.substring(0, MAX_HEADLINE - 1) + "\u2026";
    }

    /** Tag characters become look-alikes so agent text cannot form markup under any markup formatter. */
    static String neutralise(String text) {
        return text.replace('<', '\u2039').replace('>', '\u203A').replace("&", "&\u200B");
    }

    private static String cut(String text) {
        return text.length() <= MAX_DECISION_TEXT ? text
                : text.substring(0, MAX_DECISION_TEXT) + "\n... (cut; the build's Maia transcript has it all)";
    }

    private static List<String> distinctNonBlank(List<String> options) {
        Set<String> set = new LinkedHashSet<>();
        for (String o : options) {
            if (o != null && !o.isBlank()) {
                set.add(o);
            }
        }
        return List.copyOf(set);
    }
}
