package io.jenkins.plugins.maia.follower.decision;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One decision rule: which pending decisions it matches, and its verdict on them. Rules are kept in order in
 * {@link DecisionRules}, where the first that matches wins.
 *
 * <p>A <b>tool rule</b> matches a tool call whose name {@code tool} matches (a name or a glob) and, with
 * {@code inputMatches}, whose input contains a match of that regular expression ({@link java.util.regex.Matcher#find()};
 * anchor it with {@code ^} and {@code $} to match it whole): the input field {@code field} (its text, or its JSON
 * when it is not text), or without {@code field} the whole input as JSON. An input without that field does not match.
 *
 * <p>A <b>question rule</b> has {@code question} (a regular expression found in the question's text) and answers it
 * with the option {@code answer} (a label in any case or a 1-based number; several labels separated by commas for a
 * multi-select question), or leaves it to a person (verdict {@link RuleVerdict#ASK}). An answer that is not one of
 * the question's options does not match, so a later rule or a person decides. {@code tool} is optional there.
 *
 * <p>An {@link RuleVerdict#ASK} rule without {@code question} applies to tool calls and questions alike:
 * {@code [tool: '*', verdict: 'ask']} leaves everything not settled before it to a person.
 *
 * @param tool         the tool name or glob; null only in a question rule (any tool)
 * @param field        the input field {@code inputMatches} is tested against; null = the whole input as JSON
 * @param inputMatches tested against the tool input; null = any input
 * @param question     tested against each question's text; null in a tool rule
 * @param answer       the option that answers a matching question, with verdict {@link RuleVerdict#ANSWER}; else null
 * @param verdict      what the rule does with what it matches
 */
public record DecisionRule(ToolGlob tool, String field, Pattern inputMatches, Pattern question, String answer,
        RuleVerdict verdict) {

    /** How much of a regular expression a rule's description shows. */
    private static final int SHOWN_PATTERN_CHARS = 80;

    public DecisionRule {
        Objects.requireNonNull(verdict, "verdict (approve, approveForTask, reject, ask or answer)");
        field = field == null || field.isBlank() ? null : field.strip();
        answer = answer == null || answer.isBlank() ? null : answer.strip();
        if (verdict == RuleVerdict.ANSWER && answer == null) {
            throw new IllegalArgumentException("answer: required with the verdict answer (an option of the question)");
        }
        if (verdict != RuleVerdict.ANSWER && answer != null) {
            throw new IllegalArgumentException("answer: only a rule with the verdict answer gives one, not "
                    + verdict.word());
        }
        if (verdict.forToolsOnly() && question != null) {
            throw new IllegalArgumentException("question: a question cannot be approved or rejected (verdict "
                    + verdict.word() + "); give answer: OPTION, or verdict: ask");
        }
        if (tool == null && question == null && verdict != RuleVerdict.ANSWER) { // fields are not set yet: no isQuestionRule()
            throw new IllegalArgumentException("tool: required (a tool name, or a glob such as git_* or *)");
        }
        if (field != null && inputMatches == null) {
            throw new IllegalArgumentException("field: only used with inputMatches; add inputMatches or remove field");
        }
    }

    /** A tool rule: {@code tool} (a name or glob) with {@code verdict}, for any input. */
    public static DecisionRule tool(String tool, RuleVerdict verdict) {
        return new DecisionRule(new ToolGlob(tool), null, null, null, null, verdict);
    }

    /** Whether it is about questions only: it has a {@code question} or an {@code answer}. */
    public boolean isQuestionRule() {
        return question != null || verdict == RuleVerdict.ANSWER;
    }

    /** Whether it may match a question: a question rule, or an ask rule. */
    boolean appliesToQuestions() {
        return !verdict.forToolsOnly();
    }

    /** Whether the decision's tool name matches {@code tool} (always, without one) and its input {@code inputMatches}. */
    boolean matchesToolAndInput(String toolName, JsonNode toolInput) {
        if (tool != null && !tool.matches(toolName)) {
            return false;
        }
        if (inputMatches == null) {
            return true;
        }
        String text = inputText(toolInput);
        return text != null && inputMatches.matcher(text).find();
    }

    /** Whether {@code questionText} matches {@code question} (always, without one). */
    boolean matchesQuestion(String questionText) {
        return question == null || question.matcher(questionText).find();
    }

    /** The text {@code inputMatches} is tested against; null when {@code field} is not in the input. */
    private String inputText(JsonNode toolInput) {
        if (field == null) {
            return toolInput == null || toolInput.isNull() || toolInput.isMissingNode() ? ""
                    : toolInput.isTextual() ? toolInput.asText() : toolInput.toString();
        }
        JsonNode value = toolInput == null ? null : toolInput.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isTextual() ? value.asText() : value.toString();
    }

    /**
     * A short description: {@code query_warehouse query ~ (?is)^\s*select\b -> approve}, {@code * -> ask},
     * {@code question ~ (?i)which load -> answer Incremental}.
     */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (tool != null) {
            sb.append(tool.text());
        }
        if (inputMatches != null) {
            sb.append(sb.isEmpty() ? "" : " ").append(field == null ? "input" : field).append(" ~ ")
                    .append(shown(inputMatches));
        }
        if (question != null) {
            sb.append(sb.isEmpty() ? "" : " ").append("question ~ ").append(shown(question));
        }
        if (sb.isEmpty()) {
            sb.append("any question");
        }
        sb.append(" -> ").append(verdict.word());
        if (answer != null) {
            sb.append(' ').append(answer);
        }
        return sb.toString();
    }

    private static String shown(Pattern pattern) {
        String p = pattern.pattern();
        return p.length() <= SHOWN_PATTERN_CHARS ? p : p.substring(0, SHOWN_PATTERN_CHARS) + "...";
    }
}
