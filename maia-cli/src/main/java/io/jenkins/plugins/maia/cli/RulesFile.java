package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.follower.decision.DecisionRules;
import io.jenkins.plugins.maia.follower.decision.DecisionRulesParser;
import io.jenkins.plugins.maia.follower.decision.ParsedRules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code --rules FILE}: decision rules read by the engine's {@link DecisionRulesParser}, checked before any call.
 * Every problem of the file is a usage error (exit 2) naming the file, the rule's index and field, and the fix; a
 * warning (a tool name that is not documented) is printed and the rules are used as given.
 *
 * @param rules    the rules, in order
 * @param warnings one line each, {@code warning: rules.yaml: rules[0].tool: ...}
 */
record RulesFile(DecisionRules rules, List<String> warnings) {

    /** A rules file larger than this is surely not one. */
    private static final long MAX_BYTES = 1_000_000;

    /** No file: no rules. */
    static RulesFile none() {
        return new RulesFile(DecisionRules.none(), List.of());
    }

    /** The rules of {@code file}, or none for null. */
    static RulesFile read(Path file) {
        if (file == null) {
            return none();
        }
        ParsedRules parsed = parse(file);
        String name = file.toString();
        if (!parsed.ok()) {
            List<String> problems = parsed.problems().stream().map(p -> name + ": " + p).toList();
            throw new UsageException(problems.size() == 1 ? "--rules " + problems.get(0)
                    : "--rules " + name + " has " + problems.size() + " problems:\n  " + String.join("\n  ", problems));
        }
        return new RulesFile(parsed.rules(), parsed.warnings().stream().map(w -> "warning: " + name + ": " + w)
                .toList());
    }

    /** The rules of {@code file} as the engine reads them; a file that cannot be read is a problem of its own. */
    static ParsedRules parse(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                return new ParsedRules(DecisionRules.none(), List.of("rules: the file is larger than 1 MB; give a "
                        + "YAML list of rules"), List.of());
            }
            return DecisionRulesParser.fromYaml(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new ParsedRules(DecisionRules.none(), List.of("rules: cannot read the file ("
                    + e.getClass().getSimpleName() + "); give a readable YAML file with a list of rules"), List.of());
        }
    }
}
