package io.jenkins.plugins.maia.follower.decision;

import io.jenkins.plugins.maia.client.model.Decision;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.ToolDecision;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Ordered decision rules: the first rule that matches a pending decision wins ({@link #match}). What no rule
 * matches is left to the rest of the {@link DecisionPolicy} (its approve and reject lists, its answers, then its
 * fallback). Build them with {@link DecisionRulesParser} from Pipeline data or YAML text, or from
 * {@link DecisionRule}s.
 *
 * <p>A tool call is matched by the tool rules and the ask rules. A question decision is settled by rules only when
 * every one of its questions is: each question takes the first rule that matches it (an answer rule whose answer
 * is one of its options, or an ask rule, which leaves the whole decision to a person).
 *
 * @param rules the rules, in order
 */
public record DecisionRules(List<DecisionRule> rules) {

    private static final DecisionRules NONE = new DecisionRules(List.of());

    public DecisionRules {
        rules = List.copyOf(rules);
    }

    /** No rules: every decision is left to the rest of the policy. */
    public static DecisionRules none() {
        return NONE;
    }

    public static DecisionRules of(DecisionRule... rules) {
        return new DecisionRules(Arrays.asList(rules));
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    public int size() {
        return rules.size();
    }

    /** Each rule in words, with its index: {@code rules[0]: query_warehouse query ~ ... -> approve}. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            lines.add(RuleMatch.describe(i, rules.get(i)));
        }
        return lines;
    }

    /**
     * The rule that settles {@code pending} or leaves it to a person, or empty when no rule matches it (then the
     * rest of the policy decides). {@code pending} must have an id to be settled.
     */
    public Optional<RuleMatch> match(PendingDecision pending) {
        if (rules.isEmpty()) {
            return Optional.empty();
        }
        return pending.isQuestion() ? matchQuestion(pending) : matchTool(pending);
    }

    private Optional<RuleMatch> matchTool(PendingDecision pending) {
        for (int i = 0; i < rules.size(); i++) {
            DecisionRule rule = rules.get(i);
            if (rule.isQuestionRule() || !rule.matchesToolAndInput(pending.toolName(), pending.toolInput())) {
                continue;
            }
            Decision decision = switch (rule.verdict()) {
                case APPROVE -> ToolDecision.approveOnce(pending.toolId());
                case APPROVE_FOR_TASK -> ToolDecision.approveForTask(pending.toolId());
                case REJECT -> ToolDecision.reject(pending.toolId());
                case ASK, ANSWER -> null;
            };
            return Optional.of(new RuleMatch(i, RuleMatch.describe(i, rule), rule.verdict(), decision));
        }
        return Optional.empty();
    }

    private Optional<RuleMatch> matchQuestion(PendingDecision pending) {
        DecisionView view = DecisionView.of(pending);
        if (view.questions().isEmpty()) {
            // A question whose text is not understood: only an ask rule for any question can say anything about it.
            for (int i = 0; i < rules.size(); i++) {
                DecisionRule rule = rules.get(i);
                if (rule.verdict() == RuleVerdict.ASK && rule.question() == null
                        && rule.matchesToolAndInput(pending.toolName(), pending.toolInput())) {
                    return Optional.of(new RuleMatch(i, RuleMatch.describe(i, rule), RuleVerdict.ASK, null));
                }
            }
            return Optional.empty();
        }
        Map<Integer, List<String>> selected = new LinkedHashMap<>();
        Set<Integer> answeredBy = new LinkedHashSet<>();
        for (DecisionView.Question q : view.questions()) {
            Optional<Integer> ruleIndex = Optional.empty();
            for (int i = 0; i < rules.size() && ruleIndex.isEmpty(); i++) {
                DecisionRule rule = rules.get(i);
                if (!rule.appliesToQuestions() || !rule.matchesToolAndInput(pending.toolName(), pending.toolInput())
                        || !rule.matchesQuestion(q.text())) {
                    continue;
                }
                if (rule.verdict() == RuleVerdict.ASK) {
                    return Optional.of(new RuleMatch(i, RuleMatch.describe(i, rule), RuleVerdict.ASK, null));
                }
                Optional<List<String>> options = options(view, q, rule.answer());
                if (options.isPresent()) {
                    selected.put(q.index(), options.get());
                    ruleIndex = Optional.of(i);
                }
            }
            if (ruleIndex.isEmpty()) {
                return Optional.empty(); // the rules do not settle every question: the rest of the policy decides
            }
            answeredBy.add(ruleIndex.get());
        }
        List<String> descriptions = answeredBy.stream().map(i -> RuleMatch.describe(i, rules.get(i))).toList();
        return Optional.of(new RuleMatch(answeredBy.iterator().next(), String.join("; ", descriptions),
                RuleVerdict.ANSWER, view.answers(selected)));
    }

    /** The option labels {@code answer} means for {@code q}, or empty when any part is not one of its options. */
    private static Optional<List<String>> options(DecisionView view, DecisionView.Question q, String answer) {
        List<String> parts = q.multiSelect()
                ? Arrays.stream(answer.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList()
                : List.of(answer);
        List<String> labels = new ArrayList<>();
        for (String part : parts) {
            Optional<String> label = view.matchOption(q.index(), part);
            if (label.isEmpty()) {
                return Optional.empty();
            }
            labels.add(label.get());
        }
        return labels.isEmpty() ? Optional.empty() : Optional.of(labels);
    }
}
