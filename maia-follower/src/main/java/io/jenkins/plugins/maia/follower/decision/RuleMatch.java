package io.jenkins.plugins.maia.follower.decision;

import io.jenkins.plugins.maia.client.model.Decision;

/**
 * The rule of a {@link DecisionRules} that settles a pending decision, or leaves it to a person.
 *
 * @param index       the rule's index in the list, from 0 ({@code rules[0]})
 * @param description which rule, in words: {@code rules[0]: query_warehouse query ~ (?is)^\s*select\b -> approve};
 *                    for a decision with several questions, each rule that answered one, joined by {@code "; "}
 * @param verdict     the rule's verdict
 * @param decision    the decision to send; null for {@link RuleVerdict#ASK}
 */
public record RuleMatch(int index, String description, RuleVerdict verdict, Decision decision) {

    /** Whether the rule leaves the decision to a person. */
    public boolean asksPerson() {
        return verdict == RuleVerdict.ASK;
    }

    /** {@code rules[N]: } and the rule's own description. */
    static String describe(int index, DecisionRule rule) {
        return "rules[" + index + "]: " + rule.describe();
    }
}
