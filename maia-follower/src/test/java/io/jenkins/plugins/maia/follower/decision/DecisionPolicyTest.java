package io.jenkins.plugins.maia.follower.decision;

import static io.jenkins.plugins.maia.follower.testing.FakeMaia.question;
import static io.jenkins.plugins.maia.follower.testing.FakeMaia.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.QuestionAnswer;
import io.jenkins.plugins.maia.client.model.QuestionDecision;
import io.jenkins.plugins.maia.client.model.ToolDecision;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class DecisionPolicyTest {

    private static final DecisionPolicy RULES = new DecisionPolicy(Set.of("query_warehouse", "git_push"),
            Set.of("edit_file", "git_push"), Set.of("delete_file", "git_push"), Map.of(0, "Staging"), Fallback.ASK);

    private static final String TWO_QUESTIONS = "{\"questions\":[{\"question\":\"Where?\",\"options\":["
            + "{\"label\":\"Staging\"},{\"label\":\"Prod\"}]},{\"question\":\"Why?\",\"options\":[\"x\",\"y\"]}]}";
    private static final String ONE_QUESTION = "{\"questions\":[{\"question\":\"Where?\",\"options\":["
            + "{\"label\":\"staging\",\"description\":\"safe\"},{\"label\":\"prod\"}]}]}";

    static Stream<Arguments> table() {
        return Stream.of(
                // policy, pending, expected verdict (null decision = NeedsHuman)
                Arguments.of(RULES, tool("c1", "query_warehouse"), ToolDecision.approveOnce("c1")),
                Arguments.of(RULES, tool("c1", "edit_file"), ToolDecision.approveForTask("c1")),
                Arguments.of(RULES, tool("c1", "delete_file"), ToolDecision.reject("c1")),
                Arguments.of(RULES, tool("c1", "git_push"), ToolDecision.reject("c1")), // reject wins
                Arguments.of(RULES, tool("c1", "run_pipeline"), null),
                Arguments.of(RULES.withFallback(Fallback.PAUSE), tool("c1", "run_pipeline"), null),
                Arguments.of(RULES.withFallback(Fallback.REJECT), tool("c1", "run_pipeline"), ToolDecision.reject("c1")),
                Arguments.of(RULES, new PendingDecision("tool", null, "c1", null, null), null),
                Arguments.of(RULES, new PendingDecision("tool", "query_warehouse", null, null, null), null),
                Arguments.of(RULES, question("q1", ONE_QUESTION),
                        new QuestionDecision("q1", List.of(new QuestionAnswer(0, List.of("staging"))))),
                Arguments.of(RULES, question("q1", TWO_QUESTIONS), null), // question 1 has no answer
                Arguments.of(RULES.withFallback(Fallback.REJECT), question("q1", TWO_QUESTIONS), null),
                Arguments.of(RULES.withAnswer(1, "Y"), question("q1", TWO_QUESTIONS), new QuestionDecision("q1",
                        List.of(new QuestionAnswer(0, List.of("Staging")), new QuestionAnswer(1, List.of("y"))))),
                Arguments.of(RULES.withAnswer(0, "Nowhere"), question("q1", ONE_QUESTION), null),
                Arguments.of(RULES, question("q1", "\"garbage\""), null),
                Arguments.of(DecisionPolicy.askForEverything().withAnswer(0, "a, c"),
                        question("q1", "{\"question\":\"Pick\",\"multiSelect\":true,\"options\":[\"a\",\"b\",\"c\"]}"),
                        new QuestionDecision("q1", List.of(new QuestionAnswer(0, List.of("a", "c"))))));
    }

    @ParameterizedTest
    @MethodSource("table")
    void decides(DecisionPolicy policy, PendingDecision pending, Object expected) {
        Verdict verdict = policy.decide(pending);
        if (expected == null) {
            assertThat(verdict).isInstanceOf(Verdict.NeedsHuman.class);
            assertThat(((Verdict.NeedsHuman) verdict).reason()).isNotBlank();
        } else {
            assertThat(verdict).isInstanceOf(Verdict.Settled.class);
            assertThat(((Verdict.Settled) verdict).decision()).isEqualTo(expected);
        }
    }

    @Test
    void aSettledVerdictSaysWhichRuleOrTheDefaultSettledIt() {
        DecisionPolicy policy = DecisionPolicy.pauseForEverything().withReject("delete_file")
                .withApproveForTask("edit_file").withApproveOnce("git_push").withAnswer(0, "staging");

        assertThat(policy.decide(tool("c1", "delete_file"))).isEqualTo(new Verdict.Settled(ToolDecision.reject("c1"),
                SettledDecision.Source.RULE, "reject"));
        assertThat(policy.decide(tool("c2", "edit_file"))).isEqualTo(new Verdict.Settled(
                ToolDecision.approveForTask("c2"), SettledDecision.Source.RULE, "approve for the task"));
        assertThat(policy.decide(tool("c3", "git_push"))).isEqualTo(new Verdict.Settled(
                ToolDecision.approveOnce("c3"), SettledDecision.Source.RULE, "approve once"));
        assertThat(policy.decide(question("q1", ONE_QUESTION))).isEqualTo(new Verdict.Settled(
                new QuestionDecision("q1", List.of(new QuestionAnswer(0, List.of("staging")))),
                SettledDecision.Source.RULE, "answers"));
        assertThat(policy.withFallback(Fallback.REJECT).decide(tool("c4", "run_pipeline"))).isEqualTo(
                new Verdict.Settled(ToolDecision.reject("c4"), SettledDecision.Source.DEFAULT, "fallback REJECT"));
        assertThat(new SettledDecision(tool("c1", "delete_file"), ToolDecision.reject("c1"),
                SettledDecision.Source.RULE, "reject").settledBy()).isEqualTo("the reject rule");
        assertThat(new SettledDecision(tool("c4", "run_pipeline"), ToolDecision.reject("c4"),
                SettledDecision.Source.DEFAULT, "fallback REJECT").settledBy()).isEqualTo("the fallback REJECT");
        assertThat(new SettledDecision(tool("c5", "git_push"), ToolDecision.approveOnce("c5"),
                SettledDecision.Source.PERSON, "alice").settledBy()).isEqualTo("alice");
    }

    @Test
    void badInputsNameTheField() {
        assertThatThrownBy(() -> new DecisionPolicy(null, null, null, null, null)).hasMessageContaining("fallback");
        assertThatThrownBy(() -> DecisionPolicy.askForEverything().withAnswer(-1, "x"))
                .hasMessageContaining("question index");
        assertThatThrownBy(() -> DecisionPolicy.askForEverything().withApproveOnce(" "))
                .hasMessageContaining("tool name");
    }

    @Test
    void aHumanDeciderIsOneMethodForToolsAndQuestionsAndAnAnswerWithoutANameIsTheHumans() {
        PendingDecision p = tool("c1", "git_push");
        HumanDecider decider = (pending, view) -> java.util.concurrent.CompletableFuture.completedFuture(
                new HumanAnswer(view.approveOnce(), " "));

        assertThat(decider.answer(p, DecisionView.of(p)).join())
                .isEqualTo(new HumanAnswer(ToolDecision.approveOnce("c1"), "human"));
        assertThat(decider.name()).isEqualTo("human");
        assertThatThrownBy(() -> new HumanAnswer(null, "carol")).hasMessageContaining("decision");
    }
}
