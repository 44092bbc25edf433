package io.jenkins.plugins.maia.follower.decision;

import static io.jenkins.plugins.maia.follower.testing.FakeMaia.question;
import static io.jenkins.plugins.maia.follower.testing.FakeMaia.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.PermissionMessage;
import io.jenkins.plugins.maia.client.model.QuestionAnswer;
import io.jenkins.plugins.maia.client.model.QuestionDecision;
import io.jenkins.plugins.maia.client.model.ToolDecision;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecisionViewTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void documentedQuestionShape() {
        DecisionView view = DecisionView.of(question("q1", "{\"questions\":[{\"question\":\"Which environment?\","
                + "\"header\":\"Env\",\"options\":[{\"label\":\"Staging\",\"description\":\"safe\"},{\"label\":"
                + "\"Prod\"}],\"multiSelect\":false},{\"question\":\"Tables?\",\"options\":[\"a\",\"b\"],"
                + "\"multiSelect\":true}]}"));

        assertThat(view.kind()).isEqualTo(DecisionView.Kind.QUESTION);
        assertThat(view.questions()).hasSize(2);
        DecisionView.Question first = view.questions().get(0);
        assertThat(first.index()).isZero();
        assertThat(first.text()).isEqualTo("Which environment?");
        assertThat(first.header()).isEqualTo("Env");
        assertThat(first.options()).containsExactly("Staging", "Prod");
        assertThat(first.optionDescriptions()).containsExactly("safe", "");
        assertThat(first.multiSelect()).isFalse();
        assertThat(view.questions().get(1).multiSelect()).isTrue();
        assertThat(view.questions().get(1).options()).containsExactly("a", "b");
        assertThat(view.describe()).contains("question 0: [Env] Which environment?").contains("1) Staging - safe")
                .contains("question 1: Tables? (several answers allowed)");
        assertThat(view.matchOption(0, "staging")).contains("Staging");
        assertThat(view.matchOption(0, "2")).contains("Prod");
        assertThat(view.matchOption(0, "3")).isEmpty();
        assertThat(view.matchOption(5, "a")).isEmpty();
        assertThat(view.answers(Map.of(1, List.of("a", "b"), 0, List.of("Prod")))).isEqualTo(new QuestionDecision(
                "q1", List.of(new QuestionAnswer(0, List.of("Prod")), new QuestionAnswer(1, List.of("a", "b")))));
    }

    @Test
    void singleQuestionObjectAndQuestionsAsAJsonString() {
        DecisionView single = DecisionView.of(question("q1", "{\"question\":\"Proceed?\",\"choices\":[\"yes\",\"no\"]}"));
        assertThat(single.questions()).singleElement().satisfies(q -> {
            assertThat(q.text()).isEqualTo("Proceed?");
            assertThat(q.options()).containsExactly("yes", "no");
        });

        PendingDecision asString = new PendingDecision("question", "ask_user_question", "q2", null,
                JSON.getNodeFactory().textNode("{\"questions\":[{\"question\":\"Name?\"}]}"));
        DecisionView view = DecisionView.of(asString);
        assertThat(view.questions()).singleElement().satisfies(q -> {
            assertThat(q.text()).isEqualTo("Name?");
            assertThat(q.options()).isEmpty();
        });
        assertThat(view.matchOption(0, " free text ")).contains("free text");
        assertThat(view.title()).isEqualTo("The agent asks a question");
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "42", "\"plain text\"", "[]", "{}", "{\"questions\":7}",
            "{\"questions\":[7]}", "{\"questions\":[{\"nope\":1}]}", "{\"question\":{\"deep\":[]}}",
            "{\"questions\":[{\"question\":\"Q\",\"options\":{\"a\":1}}]}"})
    void unknownShapesAreShownRawNeverACrash(String input) throws Exception {
        PendingDecision pending = new PendingDecision("question", "ask_user_question", "q1",
                new PermissionMessage("Title", "Body"), JSON.readTree(input));

        DecisionView view = DecisionView.of(pending);

        assertThat(view.kind()).isEqualTo(DecisionView.Kind.QUESTION);
        if (input.contains("\"Q\"")) {
            assertThat(view.questions()).singleElement().satisfies(q -> assertThat(q.options()).isEmpty());
        } else {
            assertThat(view.questions()).isEmpty();
        }
        assertThat(view.describe()).startsWith("Title\nBody");
        if (!input.equals("null")) {
            assertThat(view.toolInput()).isNotEmpty();
        }
    }

    @Test
    void toolViewPrettyPrintsInputNeutralisesControlCharactersAndCutsHugeInput() {
        PendingDecision pending = new PendingDecision("tool", "edit_file", "c1",
                new PermissionMessage("Edit \u001b[2Jfile", "line1\r\nline2"),
                JSON.createObjectNode().put("path", "a.sql").put("content", "x".repeat(30_000)));

        DecisionView view = DecisionView.of(pending);

        assertThat(view.kind()).isEqualTo(DecisionView.Kind.TOOL);
        assertThat(view.title()).isEqualTo("Edit \uFFFD[2Jfile");
        assertThat(view.body()).isEqualTo("line1\nline2");
        assertThat(view.toolInput()).contains("\"path\" : \"a.sql\"").contains("more characters not shown");
        assertThat(view.toolInput().length()).isLessThan(DecisionView.MAX_TOOL_INPUT_CHARS + 100);
        assertThat(view.approveForTask()).isEqualTo(ToolDecision.approveForTask("c1"));
        assertThat(view.reject()).isEqualTo(ToolDecision.reject("c1"));
    }

    @Test
    void unknownTypeAndMissingIdAreHandled() {
        DecisionView unknown = DecisionView.of(new PendingDecision("telepathy", "mind_read", null, null, null));
        assertThat(unknown.kind()).isEqualTo(DecisionView.Kind.UNKNOWN);
        assertThat(unknown.answerable()).isFalse();
        assertThat(unknown.title()).isEqualTo("The agent wants to use mind_read");
        assertThatThrownBy(unknown::approveOnce).hasMessageContaining("no toolId");
        assertThat(DecisionView.of(tool("c1", "git_push")).kind()).isEqualTo(DecisionView.Kind.TOOL);
    }

    @Test
    void aToolDecisionNamesItsToolFirst() throws Exception {
        PendingDecision pending = new PendingDecision("tool", "query_warehouse", "call_1",
                new PermissionMessage("Run a query", "On the sales schema"), JSON.readTree("{\"query\":\"SELECT 1\"}"));
        assertThat(DecisionView.of(pending).describe())
                .startsWith("Tool query_warehouse: Run a query\nOn the sales schema");
    }
}
