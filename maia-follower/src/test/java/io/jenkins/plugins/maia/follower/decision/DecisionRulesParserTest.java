package io.jenkins.plugins.maia.follower.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rules from Pipeline data and YAML text: every problem names the rule's index and field, and the fix. */
class DecisionRulesParserTest {

    @Test
    void pipelineDataAndYamlTextGiveTheSameRules() {
        ParsedRules fromPipeline = DecisionRulesParser.fromData(List.of(
                Map.of("tool", "query_warehouse", "field", "query", "inputMatches", "(?is)^\\s*select\\b",
                        "verdict", "approve"),
                Map.of("tool", "*", "verdict", "ask")));
        ParsedRules fromYaml = DecisionRulesParser.fromYaml("""
                rules:
                  - tool: query_warehouse
                    field: query
                    inputMatches: '(?is)^\\s*select\\b'
                    verdict: approve
                  - {tool: '*', verdict: ask}
                """);
        ParsedRules fromList = DecisionRulesParser.fromYaml("- {tool: '*', verdict: ask}");

        assertThat(fromPipeline.ok()).isTrue();
        assertThat(fromPipeline.warnings()).isEmpty();
        assertThat(fromYaml.rules().describe()).isEqualTo(fromPipeline.rules().describe()).containsExactly(
                "rules[0]: query_warehouse query ~ (?is)^\\s*select\\b -> approve", "rules[1]: * -> ask");
        assertThat(fromList.rules().describe()).containsExactly("rules[0]: * -> ask");
        assertThat(DecisionRulesParser.fromYaml("  ").rules().isEmpty()).isTrue();
    }

    @Test
    void everyProblemIsReportedWithTheRulesIndexAndField() {
        Map<String, Object> badRegex = new LinkedHashMap<>();
        badRegex.put("tool", "query_warehouse");
        badRegex.put("inputMatches", "(select");
        badRegex.put("verdict", "approve");
        ParsedRules parsed = DecisionRulesParser.fromData(List.of(
                Map.of("tool", "git_push", "verdict", "aprove"),
                Map.of("tool", "git_push"),
                badRegex,
                Map.of("tool", "git_push", "verdit", "reject"),
                "git_push",
                Map.of("verdict", "approve"),
                Map.of("question", "which", "verdict", "reject"),
                Map.of("tool", "git_push", "verdict", "ask", "answer", "yes")));

        assertThat(parsed.ok()).isFalse();
        assertThat(parsed.rules().isEmpty()).as("no rules when any is bad").isTrue();
        assertThat(parsed.problems()).containsExactly(
                "rules[0].verdict: 'aprove' is not a verdict (did you mean approve?); give approve, approveForTask, "
                        + "reject, ask or answer",
                "rules[1].verdict: missing; give approve, approveForTask, reject or ask (or answer: OPTION for a "
                        + "question)",
                "rules[2].inputMatches: not a valid regular expression (Unclosed group near index 7 in (select); fix "
                        + "it, e.g. '(?i)^select\\b' (in YAML, single quotes keep backslashes as they are)",
                "rules[3].verdit: not a key of a rule (did you mean verdict?)",
                "rules[3].verdict: missing; give approve, approveForTask, reject or ask (or answer: OPTION for a "
                        + "question)",
                "rules[4]: a rule is a map of tool, field, inputMatches, question, answer, verdict, was the text "
                        + "'git_push'",
                "rules[5].tool: required (a tool name, or a glob such as git_* or *)",
                "rules[6].question: a question cannot be approved or rejected (verdict reject); give answer: OPTION, "
                        + "or verdict: ask",
                "rules[7].answer: only a rule with the verdict answer gives one, not ask");
        assertThatThrownBy(parsed::orThrow).isInstanceOf(InvalidRulesException.class)
                .hasMessageContaining("9 problems").hasMessageContaining("rules[7].answer");
    }

    @Test
    void unknownToolNamesAreWarningsAndTheRulesAreUsedAsGiven() {
        ParsedRules parsed = DecisionRulesParser.fromYaml("""
                - {tool: query_warehous, verdict: approve}
                - {tool: 'gti_*', verdict: reject}
                - {tool: execute_sql, verdict: ask}
                - {tool: 'git_*', verdict: reject}
                """);

        assertThat(parsed.ok()).isTrue();
        assertThat(parsed.rules().size()).isEqualTo(4);
        assertThat(parsed.warnings()).containsExactly(
                "rules[0].tool: 'query_warehous' is not a documented Maia tool (did you mean query_warehouse?); it is "
                        + "used as given",
                "rules[1].tool: 'gti_*' matches no documented Maia tool; it is used as given",
                "rules[2].tool: 'execute_sql' is not a documented Maia tool; it is used as given");
    }

    @Test
    void theShapeOfTheWholeIsChecked() {
        assertThat(DecisionRulesParser.fromYaml("tool: git_push\nverdict: reject").problems()).containsExactly(
                "rules: the map has the key 'tool'; give a list of rules, or a map whose only key rules holds the list");
        assertThat(DecisionRulesParser.fromData("git_push").problems()).singleElement().asString()
                .startsWith("rules: must be a list of rules, was the text 'git_push'");
        assertThat(DecisionRulesParser.fromYaml("- {tool: [a, b], verdict: reject}").problems())
                .containsExactly("rules[0].tool: must be text, was a list",
                        "rules[0].tool: required (a tool name, or a glob such as git_* or *)");
        assertThat(DecisionRulesParser.fromYaml("- tool: 'a\n  verdict").problems()).singleElement().asString()
                .startsWith("rules: not valid YAML at line");
    }

    @Test
    void verdictsAreReadInAnyCaseAndAnAnswerImpliesItsVerdict() {
        ParsedRules parsed = DecisionRulesParser.fromYaml("""
                - {tool: edit_file, verdict: APPROVE_FOR_TASK}
                - {question: 'which', answer: 1}
                """);
        assertThat(parsed.rules().rules()).extracting(DecisionRule::verdict)
                .containsExactly(RuleVerdict.APPROVE_FOR_TASK, RuleVerdict.ANSWER);
        assertThat(parsed.rules().rules().get(1).answer()).isEqualTo("1");
    }
}
