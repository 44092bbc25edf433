package io.jenkins.plugins.maia.follower.decision;

import java.util.List;

/**
 * Decision rules as read by {@link DecisionRulesParser}, with every problem and warning found.
 *
 * @param rules    the rules; {@link DecisionRules#none()} when there are problems
 * @param problems what makes the rules unusable, each naming the rule's index and field and the fix, e.g.
 *                 {@code rules[2].inputMatches: not a valid regular expression (...)}; refuse them before any call
 * @param warnings what is probably a mistake but is used as given, e.g. a tool name that is not documented
 */
public record ParsedRules(DecisionRules rules, List<String> problems, List<String> warnings) {

    public ParsedRules {
        rules = problems.isEmpty() ? rules : DecisionRules.none();
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }

    /** Whether the rules can be used: no problems (warnings allowed). */
    public boolean ok() {
        return problems.isEmpty();
    }

    /** The rules, or an {@link InvalidRulesException} listing every problem. */
    public DecisionRules orThrow() {
        if (!problems.isEmpty()) {
            throw new InvalidRulesException(problems);
        }
        return rules;
    }
}
