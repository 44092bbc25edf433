package io.jenkins.plugins.maia.follower.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.maia.client.model.DecisionScope;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.PermissionMessage;
import io.jenkins.plugins.maia.client.model.QuestionAnswer;
import io.jenkins.plugins.maia.client.model.QuestionDecision;
import io.jenkins.plugins.maia.client.model.ToolDecision;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Ordered rules, first match wins; the shorthands after them, unchanged. */
class DecisionRulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The example: approve a SELECT, ask about anything else. */
    private static final DecisionRules SELECT_OR_ASK = DecisionRulesParser.fromData(List.of(
            Map.of("tool", "query_warehouse", "field", "query", "inputMatches", "(?is)^\\s*select\\b",
                    "verdict", "approve"),
            Map.of("tool", "*", "verdict", "ask"))).orThrow();

    private static PendingDecision tool(String name, String inputJson) throws Exception {
        return new PendingDecision("tool", name, "c1", new PermissionMessage("Use " + name + "?", ""),
                JSON.readTree(inputJson));
    }

    private static PendingDecision question(String json) throws Exception {
        return new PendingDecision("question", PendingDecision.ASK_USER_QUESTION, "q1", null, JSON.readTree(json));
    }

    @Test
    void theFirstMatchingRuleWinsAndNamesItselfWithItsIndex() throws Exception {
        RuleMatch select = SELECT_OR_ASK.match(tool("query_warehouse", "{\"query\":\"  SELECT * FROM orders\"}"))
                .orElseThrow();
        assertThat(select.index()).isZero();
        assertThat(select.verdict()).isEqualTo(RuleVerdict.APPROVE);
        assertThat(select.decision()).isEqualTo(ToolDecision.approveOnce("c1"));
        assertThat(select.description()).isEqualTo("rules[0]: query_warehouse query ~ (?is)^\\s*select\\b -> approve");

        RuleMatch delete = SELECT_OR_ASK.match(tool("query_warehouse", "{\"query\":\"DELETE FROM orders\"}"))
                .orElseThrow();
        assertThat(delete.index()).isEqualTo(1);
        assertThat(delete.asksPerson()).isTrue();
        assertThat(delete.decision()).isNull();
        assertThat(delete.description()).isEqualTo("rules[1]: * -> ask");
    }

    @Test
    void anInputWithoutTheFieldDoesNotMatchAndWithoutAFieldTheWholeInputIsMatched() throws Exception {
        assertThat(SELECT_OR_ASK.match(tool("query_warehouse", "{\"sql\":\"select 1\"}")).orElseThrow().index())
                .isEqualTo(1);
        DecisionRules whole = DecisionRules.of(new DecisionRule(new ToolGlob("edit_file"), null,
                java.util.regex.Pattern.compile("\"path\":\"docs/"), null, null, RuleVerdict.APPROVE_FOR_TASK));
        assertThat(whole.match(tool("edit_file", "{\"path\":\"docs/a.md\"}")).orElseThrow().decision())
                .isEqualTo(ToolDecision.approveForTask("c1"));
        assertThat(whole.match(tool("edit_file", "{\"path\":\"src/a.java\"}"))).isEmpty();
    }

    @Test
    void globsMatchToolNames() {
        ToolGlob git = new ToolGlob("git_*");
        assertThat(git.matches("git_push")).isTrue();
        assertThat(git.matches("git_commit")).isTrue();
        assertThat(git.matches("run_pipeline")).isFalse();
        assertThat(new ToolGlob("edit_fil?").matches("edit_file")).isTrue();
        assertThat(new ToolGlob("a.b").matches("axb")).as("a dot is a dot").isFalse();
        assertThat(new ToolGlob("*").matches(null)).isTrue();
        assertThat(new ToolGlob("git_push").matches(null)).isFalse();
    }

    @Test
    void questionRulesAnswerEveryQuestionOrLeaveItToTheRestOfThePolicy() throws Exception {
        DecisionRules rules = DecisionRulesParser.fromYaml("""
                - question: '(?i)which load'
                  answer: incremental
                - question: '(?i)notify'
                  answer: '2'
                """).orThrow();
        PendingDecision both = question("{\"questions\":[{\"question\":\"Which load?\",\"options\":[\"Full\","
                + "\"Incremental\"]},{\"question\":\"Notify whom?\",\"options\":[\"nobody\",\"team\"]}]}");
        RuleMatch m = rules.match(both).orElseThrow();
        assertThat(m.verdict()).isEqualTo(RuleVerdict.ANSWER);
        assertThat(((QuestionDecision) m.decision()).answers()).containsExactly(
                new QuestionAnswer(0, List.of("Incremental")), new QuestionAnswer(1, List.of("team")));
        assertThat(m.description()).isEqualTo("rules[0]: question ~ (?i)which load -> answer incremental; "
                + "rules[1]: question ~ (?i)notify -> answer 2");

        PendingDecision other = question("{\"questions\":[{\"question\":\"Which load?\",\"options\":[\"Full\"]}]}");
        assertThat(rules.match(other)).as("an answer that is no option does not match").isEmpty();
    }

    @Test
    void toolVerdictsNeverSettleAQuestionButAnAskRuleLeavesItToAPerson() throws Exception {
        PendingDecision q = question("{\"questions\":[{\"question\":\"Which load?\",\"options\":[\"Full\"]}]}");
        assertThat(DecisionRules.of(DecisionRule.tool("*", RuleVerdict.APPROVE)).match(q)).isEmpty();
        assertThat(SELECT_OR_ASK.match(q).orElseThrow().asksPerson()).isTrue();
    }

    @Test
    void explicitRulesComeBeforeTheListsWhichKeepTheirOwnOrder() throws Exception {
        DecisionPolicy policy = new DecisionPolicy(Set.of("query_warehouse"), Set.of(), Set.of("git_push"), Map.of(),
                Fallback.PAUSE).withRules(DecisionRules.of(DecisionRule.tool("git_*", RuleVerdict.APPROVE_FOR_TASK),
                DecisionRule.tool("query_warehouse", RuleVerdict.ASK)));

        Verdict push = policy.decide(tool("git_push", "{}"));
        assertThat(push).isEqualTo(new Verdict.Settled(ToolDecision.approveForTask("c1"), SettledDecision.Source.RULE,
                "rules[0]: git_* -> approveForTask", 0));
        assertThat(policy.decide(tool("query_warehouse", "{}"))).isInstanceOf(Verdict.NeedsHuman.class)
                .extracting(v -> ((Verdict.NeedsHuman) v).reason()).asString().contains("rules[1]: query_warehouse -> ask");
        Verdict other = policy.withRules(DecisionRules.none()).decide(tool("git_push", "{}"));
        assertThat(other).isEqualTo(new Verdict.Settled(ToolDecision.reject("c1"), SettledDecision.Source.RULE,
                "reject"));
        assertThat(((Verdict.Settled) other).ruleIndex()).isEqualTo(-1);
    }

    @Test
    void aSettledDecisionSaysWhichRuleSettledIt() throws Exception {
        SettledDecision byRule = new SettledDecision(tool("git_push", "{}"), ToolDecision.reject("c1"),
                SettledDecision.Source.RULE, "rules[3]: git_* -> reject", 3);
        assertThat(byRule.byExplicitRule()).isTrue();
        assertThat(byRule.settledBy()).isEqualTo("rules[3]: git_* -> reject");
        SettledDecision byPerson = new SettledDecision(tool("git_push", "{}"), ToolDecision.approveOnce("c1"),
                SettledDecision.Source.PERSON, "alice", 3);
        assertThat(byPerson.ruleIndex()).as("only a rule has an index").isEqualTo(-1);
        assertThat(ToolDecision.approveForTask("c1").scope()).isEqualTo(DecisionScope.CONVERSATION);
    }

    @Test
    void aRuleThatCannotWorkIsRefusedByItsConstructorNamingTheField() {
        assertThatThrownBy(() -> new DecisionRule(null, null, null, null, null, RuleVerdict.APPROVE))
                .hasMessageStartingWith("tool: required");
        assertThatThrownBy(() -> new DecisionRule(new ToolGlob("x"), "query", null, null, null, RuleVerdict.APPROVE))
                .hasMessageStartingWith("field: only used with inputMatches");
        assertThatThrownBy(() -> new DecisionRule(null, null, null, java.util.regex.Pattern.compile("x"), null,
                RuleVerdict.REJECT)).hasMessageStartingWith("question: a question cannot be approved or rejected");
    }
}
