package io.jenkins.plugins.maia.agenttasks.approval;

import hudson.AbortException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Maps the values a human submitted in the input (one per {@link InputField}, in field order) back to answers
 * per pending decision. The values come from the input step's own record ({@link SubmittedInput}), and every
 * one is still checked against the field it answers, so the agent is never sent something the input did not
 * offer.
 */
@Restricted(NoExternalUse.class)
public final class InputAnswers {

    private InputAnswers() {}

    /**
     * The answers in {@code submitted} (the input step's own record), one per field; every field must have a value.
     *
     * @param decidedBy the approver the input step recorded
     */
    public static List<AnsweredDecision> map(List<InputField> fields, Map<String, Object> submitted,
            String decidedBy) throws AbortException {
        List<String> values = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (InputField f : fields) {
            Object v = submitted.get(f.name());
            if (v == null) {
                missing.add(f.name());
            }
            values.add(v == null ? "" : v.toString());
        }
        if (!missing.isEmpty()) {
            throw new AbortException("Maia: the input's answer has no value for " + String.join(", ", missing)
                    + "; nothing was sent to Maia.");
        }
        return map(fields, values, decidedBy);
    }

    /** The answers in {@code values}, one per field in field order. */
    static List<AnsweredDecision> map(List<InputField> fields, List<String> values, String decidedBy)
            throws AbortException {
        if (values == null || values.size() != fields.size()) {
            throw new AbortException("Maia: expected " + fields.size() + " input value(s) (one per input parameter: "
                    + names(fields) + "), got " + (values == null ? 0 : values.size()) + ".");
        }
        Map<String, ToolChoice> tools = new LinkedHashMap<>();
        Map<String, TreeMap<Integer, List<String>>> questions = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            InputField f = fields.get(i);
            String v = values.get(i) == null ? "" : values.get(i).strip();
            if (!order.contains(f.toolId())) {
                order.add(f.toolId());
            }
            switch (f.kind()) {
                case TOOL -> tools.put(f.toolId(), toolChoice(f, v));
                case QUESTION_CHOICE -> {
                    if (!f.choices().contains(v)) {
                        throw new AbortException("Maia: '" + v + "' is not one of the options of input parameter "
                                + f.name() + " (" + String.join(", ", f.choices()) + ").");
                    }
                    questions.computeIfAbsent(f.toolId(), k -> new TreeMap<>()).put(f.questionIndex(), List.of(v));
                }
                case QUESTION_TEXT -> {
                    if (v.isEmpty()) {
                        throw new AbortException("Maia: input parameter " + f.name() + " needs an answer; it is empty.");
                    }
                    questions.computeIfAbsent(f.toolId(), k -> new TreeMap<>()).put(f.questionIndex(), List.of(v));
                }
            }
        }
        List<AnsweredDecision> answers = new ArrayList<>();
        for (String toolId : order) {
            if (tools.containsKey(toolId)) {
                answers.add(new AnsweredDecision(toolId, tools.get(toolId), null, decidedBy));
            } else {
                answers.add(new AnsweredDecision(toolId, null, questions.get(toolId), decidedBy));
            }
        }
        return answers;
    }

    private static ToolChoice toolChoice(InputField f, String v) throws AbortException {
        return switch (v) {
            case InputRequest.APPROVE_ONCE -> ToolChoice.APPROVE_ONCE;
            case InputRequest.APPROVE_FOR_TASK -> ToolChoice.APPROVE_FOR_TASK;
            case InputRequest.REJECT -> ToolChoice.REJECT;
            default -> throw new AbortException("Maia: '" + v + "' is not an answer for input parameter " + f.name()
                    + "; use one of " + String.join(", ", InputRequest.TOOL_CHOICES) + ".");
        };
    }

    private static String names(List<InputField> fields) {
        List<String> n = new ArrayList<>();
        fields.forEach(f -> n.add(f.name()));
        return String.join(", ", n);
    }
}
