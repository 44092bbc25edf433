package io.jenkins.plugins.maia.bench;

/**
 * A figure's target as a rule: a figure's verdict is always decided here from the same measured number that the table
 * shows (never from another figure), so a figure worse than its target can never read "met".
 *
 * @param limit the number compared with
 * @param rule  how the measured number must relate to {@code limit}
 */
record Target(double limit, Rule rule) {

    enum Rule { AT_MOST, BELOW, AT_LEAST, EXACTLY }

    static Target atMost(double limit) {
        return new Target(limit, Rule.AT_MOST);
    }

    static Target below(double limit) {
        return new Target(limit, Rule.BELOW);
    }

    static Target atLeast(double limit) {
        return new Target(limit, Rule.AT_LEAST);
    }

    static Target exactly(double limit) {
        return new Target(limit, Rule.EXACTLY);
    }

    /** Whether {@code measured} meets the target; a figure that could not be measured (NaN) does not. */
    boolean met(double measured) {
        if (Double.isNaN(measured)) {
            return false;
        }
        return switch (rule) {
            case AT_MOST -> measured <= limit;
            case BELOW -> measured < limit;
            case AT_LEAST -> measured >= limit;
            case EXACTLY -> measured == limit;
        };
    }

    Figure.Verdict verdict(double measured) {
        return Figure.Verdict.of(met(measured));
    }
}
