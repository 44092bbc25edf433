package io.jenkins.plugins.maia.follower.decision;

import java.util.List;

/** Decision rules that cannot be used; the message lists every problem, one a line, each with its fix. */
public final class InvalidRulesException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public InvalidRulesException(List<String> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem, e.g. {@code rules[2].verdict: 'aprove' is not a verdict (did you mean approve?)}. */
    public List<String> problems() {
        return problems;
    }

    private static String message(List<String> problems) {
        return problems.size() == 1 ? "Invalid decision rules: " + problems.get(0)
                : "Invalid decision rules (" + problems.size() + " problems):\n  " + String.join("\n  ", problems);
    }
}
