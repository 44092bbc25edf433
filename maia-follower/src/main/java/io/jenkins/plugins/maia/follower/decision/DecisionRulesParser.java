package io.jenkins.plugins.maia.follower.decision;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads decision rules from what a front end has: plain Java data as a Pipeline passes it (a list of maps with the
 * keys {@code tool}, {@code field}, {@code inputMatches}, {@code question}, {@code answer}, {@code verdict}) or
 * YAML text of the same (a list, or a map whose {@code rules} key holds the list), e.g.
 *
 * <pre>
 * rules:
 *   - tool: query_warehouse
 *     field: query
 *     inputMatches: '(?is)^\s*select\b'
 *     verdict: approve
 *   - question: '(?i)which load'
 *     answer: Incremental
 *   - tool: '*'
 *     verdict: ask
 * </pre>
 *
 * <p>Every problem is reported, not only the first, each naming the rule's index (from 0) and field and the fix:
 * {@code rules[1].verdict: 'aprove' is not a verdict (did you mean approve?); give approve, approveForTask, reject,
 * ask or answer}. A tool name that is not documented, or a glob that matches no documented tool, is a warning: the
 * API's names are not a closed list, so it is used as given.
 */
public final class DecisionRulesParser {

    /** The keys a rule may have. */
    public static final List<String> KEYS = List.of("tool", "field", "inputMatches", "question", "answer", "verdict");

    private static final ObjectMapper YAML = new YAMLMapper();

    private DecisionRulesParser() {}

    /** Rules from YAML (or JSON) text: a list of rules, or a map whose {@code rules} key holds the list. */
    public static ParsedRules fromYaml(String text) {
        if (text == null || text.isBlank()) {
            return new ParsedRules(DecisionRules.none(), List.of(), List.of());
        }
        Object data;
        try {
            data = YAML.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            return problem("rules: not valid YAML" + where + " (" + e.getOriginalMessage() + "); write a list of rules, "
                    + "each a map such as {tool: git_push, verdict: reject}");
        }
        return fromData(data);
    }

    /**
     * Rules from plain data: a {@code List} of {@code Map}s (a Pipeline's {@code rules: [[tool: ..., verdict: ...]]}),
     * or a {@code Map} whose {@code rules} key holds the list; null is no rules.
     */
    public static ParsedRules fromData(Object data) {
        if (data == null) {
            return new ParsedRules(DecisionRules.none(), List.of(), List.of());
        }
        if (data instanceof Map<?, ?> map) {
            for (Object key : map.keySet()) {
                if (!"rules".equals(String.valueOf(key))) {
                    return problem("rules: the map has the key '" + key + "'; give a list of rules, or a map whose only "
                            + "key rules holds the list");
                }
            }
            return map.get("rules") == null ? problem("rules: the map's rules key holds nothing; give the list there")
                    : fromData(map.get("rules"));
        }
        if (!(data instanceof List<?> list)) {
            return problem("rules: must be a list of rules, was " + kind(data) + "; e.g. [[tool: 'git_push', "
                    + "verdict: 'reject']] or a YAML list");
        }
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<DecisionRule> rules = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "rules[" + i + "]";
            Object item = list.get(i);
            if (!(item instanceof Map<?, ?> entry)) {
                problems.add(path + ": a rule is a map of " + String.join(", ", KEYS) + ", was " + kind(item));
                continue;
            }
            int before = problems.size();
            DecisionRule rule = rule(path, entry, problems);
            if (rule != null && problems.size() == before) {
                rules.add(rule);
                toolWarning(path, rule).ifPresent(warnings::add);
            }
        }
        return new ParsedRules(new DecisionRules(rules), problems, warnings);
    }

    private static DecisionRule rule(String path, Map<?, ?> entry, List<String> problems) {
        for (Object key : entry.keySet()) {
            String name = String.valueOf(key);
            if (!KEYS.contains(name)) {
                problems.add(path + "." + name + ": not a key of a rule" + NearestName.nearest(name, KEYS)
                        .map(n -> " (did you mean " + n + "?)").orElse("; the keys are " + String.join(", ", KEYS)));
            }
        }
        String tool = text(path, entry, "tool", problems);
        String field = text(path, entry, "field", problems);
        Pattern inputMatches = regex(path, entry, "inputMatches", problems);
        Pattern question = regex(path, entry, "question", problems);
        String answer = text(path, entry, "answer", problems);
        String verdictText = text(path, entry, "verdict", problems);
        RuleVerdict verdict = null;
        if (verdictText != null) {
            verdict = RuleVerdict.parse(verdictText).orElse(null);
            if (verdict == null) {
                problems.add(path + ".verdict: '" + verdictText + "' is not a verdict" + NearestName.nearest(verdictText,
                        RuleVerdict.words()).map(n -> " (did you mean " + n + "?)").orElse("") + "; give "
                        + String.join(", ", RuleVerdict.words().subList(0, 4)) + " or answer");
                return null;
            }
        } else if (answer != null) {
            verdict = RuleVerdict.ANSWER; // an answer says what to do
        } else if (!entry.containsKey("verdict")) {
            problems.add(path + ".verdict: missing; give approve, approveForTask, reject or ask (or answer: OPTION for "
                    + "a question)");
            return null;
        } else {
            return null; // the verdict was there but not text: already a problem
        }
        try {
            return new DecisionRule(tool == null ? null : new ToolGlob(tool), field, inputMatches, question, answer,
                    verdict);
        } catch (IllegalArgumentException e) {
            problems.add(path + "." + e.getMessage()); // the record names the field first ("tool: required ...")
            return null;
        }
    }

    /** The text at {@code key}; null when absent; a problem when it is not text (a number is taken as text). */
    private static String text(String path, Map<?, ?> entry, String key, List<String> problems) {
        Object value = entry.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof CharSequence || value instanceof Number) {
            String s = value.toString().strip();
            if (s.isEmpty()) {
                problems.add(path + "." + key + ": is empty; give a value or remove " + key);
                return null;
            }
            return s;
        }
        problems.add(path + "." + key + ": must be text, was " + kind(value));
        return null;
    }

    private static Pattern regex(String path, Map<?, ?> entry, String key, List<String> problems) {
        String text = text(path, entry, key, problems);
        if (text == null) {
            return null;
        }
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            problems.add(path + "." + key + ": not a valid regular expression (" + e.getDescription()
                    + (e.getIndex() >= 0 ? " near index " + e.getIndex() : "") + " in " + text + "); fix it, e.g. "
                    + "'(?i)^select\\b' (in YAML, single quotes keep backslashes as they are)");
            return null;
        }
    }

    /** A warning when the rule's tool is no documented tool name, or its glob matches none. */
    private static Optional<String> toolWarning(String path, DecisionRule rule) {
        ToolGlob glob = rule.tool();
        if (glob == null || KnownToolNames.DOCUMENTED.stream().anyMatch(glob::matches)) {
            return Optional.empty();
        }
        if (!glob.isName()) {
            return Optional.of(path + ".tool: '" + glob.text() + "' matches no documented Maia tool; it is used as "
                    + "given");
        }
        return Optional.of(path + ".tool: '" + glob.text() + "' is not a documented Maia tool"
                + NearestName.nearest(glob.text(), KnownToolNames.DOCUMENTED).map(n -> " (did you mean " + n + "?)")
                .orElse("") + "; it is used as given");
    }

    private static ParsedRules problem(String problem) {
        return new ParsedRules(DecisionRules.none(), List.of(problem), List.of());
    }

    private static String kind(Object value) {
        if (value instanceof CharSequence s) {
            return "the text '" + (s.length() > 40 ? s.subSequence(0, 40) + "..." : s) + "'";
        }
        return value instanceof List<?> ? "a list" : value instanceof Map<?, ?> ? "a map"
                : "a " + value.getClass().getSimpleName();
    }
}
