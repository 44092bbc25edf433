package io.jenkins.plugins.maia.agenttasks.options;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import io.jenkins.plugins.maia.follower.decision.DecisionRules;
import io.jenkins.plugins.maia.follower.decision.DecisionRulesParser;
import io.jenkins.plugins.maia.follower.decision.ParsedRules;
import java.util.List;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * A step's {@code rules} as the script gave them: a list of maps ({@code [[tool: 'query_warehouse', field: 'query',
 * inputMatches: '(?is)^\\s*select\\b', verdict: 'approve'], [tool: '*', verdict: 'ask']]}) or the same as YAML
 * text ({@code readFile('.maia/rules.yaml')}). Kept as plain values (they travel with the step's saved options and
 * its pause) and read by the follower's own parser, which names every problem as {@code rules[i].field}.
 */
@Restricted(NoExternalUse.class)
public final class StepRules {

    private StepRules() {}

    /**
     * The rules as plain values (a String or lists and maps of strings), checked: every problem fails the step
     * before any call, naming the rule and field.
     *
     * @param warnings receives what is probably a mistake but is used as given (an undocumented tool name)
     */
    public static @CheckForNull Object check(@CheckForNull Object rules, List<String> warnings)
            throws AbortException {
        Object plain = PlainValues.plain(rules);
        if (plain == null || plain instanceof String s && s.isBlank()) {
            return null;
        }
        ParsedRules parsed = parse(plain);
        if (!parsed.ok()) {
            throw new AbortException("Maia: rules: " + parsed.problems().size() + " problem(s), nothing was sent to "
                    + "Maia:\n- " + String.join("\n- ", parsed.problems()));
        }
        parsed.warnings().forEach(w -> warnings.add("Maia: warning: " + w));
        return plain;
    }

    /** The follower's rules for checked plain values ({@link #check}); none for null. */
    public static DecisionRules rules(@CheckForNull Object plain) {
        return plain == null ? DecisionRules.none() : parse(plain).orThrow();
    }

    private static ParsedRules parse(Object plain) {
        return plain instanceof String text ? DecisionRulesParser.fromYaml(text) : DecisionRulesParser.fromData(plain);
    }
}
