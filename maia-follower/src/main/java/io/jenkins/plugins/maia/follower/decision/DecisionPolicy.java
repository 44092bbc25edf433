package io.jenkins.plugins.maia.follower.decision;

import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.QuestionAnswer;
import io.jenkins.plugins.maia.client.model.QuestionDecision;
import io.jenkins.plugins.maia.client.model.ToolDecision;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Rules that answer pending decisions without a human.
 *
 * <p>First the explicit {@code rules} ({@link DecisionRules}: ordered, the first that matches wins; a rule with the
 * verdict ASK leaves the decision to a person, so nothing after it applies). What no rule matches goes to the
 * shorthands below, which act as rules after the explicit ones, unchanged.
 *
 * <p>Tools, in this order: a tool in {@code reject} is rejected (reject wins over approve); in
 * {@code approveForTask} approved for the rest of the task (scope CONVERSATION); in {@code approveOnce} approved
 * for this call (scope ONCE). Tool names match exactly (the API's names are not an enum).
 *
 * <p>Questions: answered from {@code answers} (question index, zero-based, to an option label, matched
 * case-insensitively, or an option's 1-based number; for a multi-select question several labels separated by
 * commas) when every question of
 * the pending decision has an answer that matches one of its options. Otherwise the question is unsettled.
 *
 * <p>Anything unsettled goes to the {@code fallback}: {@link Fallback#REJECT} rejects a tool, but a question
 * cannot be rejected, so it pauses; {@link Fallback#ASK} and {@link Fallback#PAUSE} give
 * {@link Verdict.NeedsHuman} and the follower asks its {@link HumanDecider} (ASK) or pauses (PAUSE, or ASK with
 * no decider).
 */
public record DecisionPolicy(
        Set<String> approveOnce,
        Set<String> approveForTask,
        Set<String> reject,
        Map<Integer, String> answers,
        Fallback fallback,
        DecisionRules rules) {

    public DecisionPolicy {
        approveOnce = approveOnce == null ? Set.of() : Set.copyOf(approveOnce);
        approveForTask = approveForTask == null ? Set.of() : Set.copyOf(approveForTask);
        reject = reject == null ? Set.of() : Set.copyOf(reject);
        answers = answers == null ? Map.of() : Map.copyOf(answers);
        Objects.requireNonNull(fallback, "fallback (ASK, PAUSE, REJECT or WAIT)");
        rules = rules == null ? DecisionRules.none() : rules;
        for (Integer index : answers.keySet()) {
            if (index < 0) {
                throw new IllegalArgumentException("answers: question index must be 0 or more, was " + index);
            }
        }
    }

    /** The approve and reject lists and answers alone, without explicit rules. */
    public DecisionPolicy(Set<String> approveOnce, Set<String> approveForTask, Set<String> reject,
            Map<Integer, String> answers, Fallback fallback) {
        this(approveOnce, approveForTask, reject, answers, fallback, DecisionRules.none());
    }

    /** No rules; everything goes to a human ({@link Fallback#ASK}), or pauses when there is none. */
    public static DecisionPolicy askForEverything() {
        return new DecisionPolicy(Set.of(), Set.of(), Set.of(), Map.of(), Fallback.ASK);
    }

    /** No rules; every decision pauses the follow ({@code NEEDS_DECISION}). */
    public static DecisionPolicy pauseForEverything() {
        return new DecisionPolicy(Set.of(), Set.of(), Set.of(), Map.of(), Fallback.PAUSE);
    }

    public DecisionPolicy withApproveOnce(String... toolNames) {
        return new DecisionPolicy(plus(approveOnce, toolNames), approveForTask, reject, answers, fallback, rules);
    }

    public DecisionPolicy withApproveForTask(String... toolNames) {
        return new DecisionPolicy(approveOnce, plus(approveForTask, toolNames), reject, answers, fallback, rules);
    }

    public DecisionPolicy withReject(String... toolNames) {
        return new DecisionPolicy(approveOnce, approveForTask, plus(reject, toolNames), answers, fallback, rules);
    }

    /** Adds the answer {@code optionLabel} for question {@code questionIndex}. */
    public DecisionPolicy withAnswer(int questionIndex, String optionLabel) {
        Map<Integer, String> more = new HashMap<>(answers);
        more.put(questionIndex, optionLabel);
        return new DecisionPolicy(approveOnce, approveForTask, reject, more, fallback, rules);
    }

    public DecisionPolicy withFallback(Fallback newFallback) {
        return new DecisionPolicy(approveOnce, approveForTask, reject, answers, newFallback, rules);
    }

    /** These lists and answers after {@code newRules}, which are matched first. */
    public DecisionPolicy withRules(DecisionRules newRules) {
        return new DecisionPolicy(approveOnce, approveForTask, reject, answers, fallback, newRules);
    }

    /** What this policy says about {@code pending}. Never throws for odd shapes. */
    public Verdict decide(PendingDecision pending) {
        Objects.requireNonNull(pending, "pending");
        String id = pending.toolId();
        if (id == null || id.isBlank()) {
            return new Verdict.NeedsHuman("the pending decision has no toolId, so it cannot be answered by the API");
        }
        Optional<RuleMatch> match = rules.match(pending);
        if (match.isPresent()) {
            RuleMatch m = match.get();
            return m.asksPerson() ? new Verdict.NeedsHuman(m.description() + " leaves it to a person")
                    : new Verdict.Settled(m.decision(), SettledDecision.Source.RULE, m.description(), m.index());
        }
        if (pending.isQuestion()) {
            Optional<QuestionDecision> answered = answerQuestion(id, DecisionView.parseQuestions(pending.toolInput()));
            if (answered.isPresent()) {
                return new Verdict.Settled(answered.get(), SettledDecision.Source.RULE, "answers");
            }
            return new Verdict.NeedsHuman("the decision policy has no matching answer for every question");
        }
        String tool = pending.toolName();
        if (tool != null) {
            if (reject.contains(tool)) {
                return new Verdict.Settled(ToolDecision.reject(id), SettledDecision.Source.RULE, "reject");
            }
            if (approveForTask.contains(tool)) {
                return new Verdict.Settled(ToolDecision.approveForTask(id), SettledDecision.Source.RULE,
                        "approve for the task");
            }
            if (approveOnce.contains(tool)) {
                return new Verdict.Settled(ToolDecision.approveOnce(id), SettledDecision.Source.RULE, "approve once");
            }
        }
        if (fallback == Fallback.REJECT) {
            return new Verdict.Settled(ToolDecision.reject(id), SettledDecision.Source.DEFAULT, "fallback REJECT");
        }
        return new Verdict.NeedsHuman((tool == null ? "the tool" : tool) + " is in no approve or reject list");
    }

    private Optional<QuestionDecision> answerQuestion(String id, List<DecisionView.Question> questions) {
        if (questions.isEmpty() || answers.isEmpty()) {
            return Optional.empty();
        }
        List<QuestionAnswer> result = new ArrayList<>();
        for (DecisionView.Question q : questions) {
            String configured = answers.get(q.index());
            if (configured == null) {
                return Optional.empty();
            }
            List<String> wanted = q.multiSelect()
                    ? Arrays.stream(configured.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList()
                    : List.of(configured.strip());
            List<String> chosen = new ArrayList<>();
            for (String w : wanted) {
                Optional<String> label = matchLabel(q.options(), w);
                if (label.isEmpty()) {
                    return Optional.empty();
                }
                chosen.add(label.get());
            }
            if (chosen.isEmpty()) {
                return Optional.empty();
            }
            result.add(new QuestionAnswer(q.index(), chosen));
        }
        return Optional.of(new QuestionDecision(id, result));
    }

    /** An option label (any case) or, failing that, its 1-based number, as the prompt and the decide command take it. */
    private static Optional<String> matchLabel(List<String> options, String wanted) {
        if (options.isEmpty()) {
            return Optional.of(wanted); // a question without options takes free text
        }
        Optional<String> label = options.stream().filter(o -> o.equalsIgnoreCase(wanted)).findFirst();
        if (label.isPresent() || !wanted.matches("\\d{1,4}")) {
            return label;
        }
        int number = Integer.parseInt(wanted);
        return number >= 1 && number <= options.size() ? Optional.of(options.get(number - 1)) : Optional.empty();
    }

    private static Set<String> plus(Set<String> set, String... more) {
        Set<String> copy = new HashSet<>(set);
        for (String s : more) {
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException("tool name must not be blank");
            }
            copy.add(s.strip());
        }
        return copy;
    }

    @Override
    public String toString() {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("approveOnce", approveOnce);
        shown.put("approveForTask", approveForTask);
        shown.put("reject", reject);
        shown.put("answers", answers);
        shown.put("fallback", fallback);
        if (!rules.isEmpty()) {
            shown.put("rules", rules.describe());
        }
        return "DecisionPolicy" + shown;
    }
}
