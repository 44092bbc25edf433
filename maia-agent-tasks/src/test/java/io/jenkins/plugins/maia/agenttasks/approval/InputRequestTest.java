package io.jenkins.plugins.maia.agenttasks.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.AbortException;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.PermissionMessage;
import io.jenkins.plugins.maia.client.model.QuestionDecision;
import io.jenkins.plugins.maia.client.model.ToolDecision;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How pending decisions become input parameters, and how submitted values map back to answers. */
class InputRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static PendingDecision tool(String id, String name, String title) throws Exception {
        return new PendingDecision("tool", name, id, new PermissionMessage(title, "<b>body</b> of " + name),
                JSON.readTree("{\"query\":\"SELECT 1\"}"));
    }

    private static PendingDecision question(String id) throws Exception {
        JsonNode input = JSON.readTree("{\"questions\":[{\"question\":\"Which <load> strategy?\",\"options\":["
                + "{\"label\":\"Incremental\"},{\"label\":\"Full reload\"}]},{\"question\":\"Anything else?\"}]}");
        return new PendingDecision("question", PendingDecision.ASK_USER_QUESTION, id,
                new PermissionMessage("A question", ""), input);
    }

    @Test
    void oneParameterPerToolAndPerQuestionWithAShortHeadingAndTheDetailsInTheDescriptions() throws Exception {
        InputRequest r = InputRequest.of("task-1", List.of(tool("call_1", "query_warehouse", "Query it"),
                question("call_2")), "alice,data-leads");

        assertThat(r.id()).matches("Maia[0-9a-f]{16}");
        assertThat(r.submitter()).isEqualTo("alice,data-leads");
        assertThat(r.submitterParameter()).isEqualTo(InputRequest.SUBMITTER_PARAMETER);
        // One heading (the input page collapses line breaks): what is asked, nothing more.
        assertThat(r.message()).isEqualTo("Maia task task-1 asks: 1. Tool query_warehouse: Query it; "
                + "2. Question: Which <load> strategy? (and 1 more)");
        assertThat(r.fields().get(0).description()).contains("query_warehouse").contains("SELECT 1")
                .contains(InputRequest.SEE_MAIA_PAGE).contains(InputRequest.REJECT_PRESELECTED);
        assertThat(r.fields()).extracting(InputField::name).containsExactly("decision1", "decision2_q1", "decision2_q2");
        assertThat(r.fields().get(0).choices()).containsExactly("Reject", "Approve once", "Approve for this task");
        assertThat(r.fields().get(1).kind()).isEqualTo(InputField.Kind.QUESTION_CHOICE);
        assertThat(r.fields().get(1).choices()).containsExactly("Incremental", "Full reload");
        assertThat(r.fields().get(1).description()).doesNotContain("<").doesNotContain(">").contains("load");
        assertThat(r.fields().get(2).kind()).isEqualTo(InputField.Kind.QUESTION_TEXT);

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> fields = (List<Map<String, Object>>) r.toPipelineMap().get("fields");
        assertThat(fields).extracting(f -> f.get("type")).containsExactly("choice", "choice", "string");
    }

    @Test
    void aLongDecisionKeepsTheHeadingToOneCutLine() throws Exception {
        InputRequest r = InputRequest.of("t", List.of(tool("call_1", "edit_file", "Edit\n" + "x".repeat(5_000))),
                null);
        String prefix = "Maia task t asks: ";
        assertThat(r.message()).startsWith(prefix + "Tool edit_file: Edit x").endsWith("\u2026")
                .hasSize(prefix.length() + InputRequest.MAX_HEADLINE);
        assertThat(r.fields().get(0).description()).contains("(cut; the build's Maia transcript has it all)");
    }

    @Test
    void theInputsOwnRecordIsMappedByParameterNameAndAMissingValueIsRefused() throws Exception {
        InputRequest r = InputRequest.of("task-1", List.of(tool("call_1", "git_push", "Push"), question("call_2")),
                null);
        List<AnsweredDecision> answers = InputAnswers.map(r.fields(), Map.of("decision1", "Approve once",
                "decision2_q1", "Incremental", "decision2_q2", "none", InputRequest.SUBMITTER_PARAMETER, "alice"),
                "alice");
        assertThat(answers.get(0).toHumanAnswer().decision()).isEqualTo(ToolDecision.approveOnce("call_1"));
        assertThat(answers).allSatisfy(a -> assertThat(a.decidedBy()).isEqualTo("alice"));
        assertThatThrownBy(() -> InputAnswers.map(r.fields(), Map.of("decision1", "Approve once"), "alice"))
                .isInstanceOf(AbortException.class).hasMessageContaining("no value for decision2_q1, decision2_q2")
                .hasMessageContaining("nothing was sent to Maia");
    }

    @Test
    void theIdIsStableForTheSameDecisionsAndDiffersForOthers() throws Exception {
        String a = InputRequest.of("t", List.of(tool("call_1", "git_push", "Push")), null).id();
        String b = InputRequest.of("t", List.of(tool("call_1", "git_push", "Push again")), null).id();
        String c = InputRequest.of("t", List.of(tool("call_2", "git_push", "Push")), null).id();
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void submittedValuesBecomeDecisionsWithWhoAnswered() throws Exception {
        InputRequest r = InputRequest.of("task-1", List.of(tool("call_1", "query_warehouse", "Query it"),
                question("call_2")), null);
        List<AnsweredDecision> answers = InputAnswers.map(r.fields(),
                List.of("Approve for this task", "Full reload", "  use UTC  "), "alice");

        assertThat(answers).hasSize(2);
        assertThat(answers.get(0).toHumanAnswer().decision()).isEqualTo(ToolDecision.approveForTask("call_1"));
        assertThat(answers.get(0).toHumanAnswer().decidedBy()).isEqualTo("alice");
        QuestionDecision q = (QuestionDecision) answers.get(1).toHumanAnswer().decision();
        assertThat(q.id()).isEqualTo("call_2");
        assertThat(q.answers()).extracting(a -> a.questionIndex() + "=" + a.selectedOptions())
                .containsExactly("0=[Full reload]", "1=[use UTC]");
    }

    @Test
    void valuesTheInputWouldNotHaveOfferedAreRefused() throws Exception {
        InputRequest r = InputRequest.of("task-1", List.of(tool("call_1", "git_push", "Push"), question("call_2")),
                null);
        assertThatThrownBy(() -> InputAnswers.map(r.fields(), List.of("Approve always", "Incremental", "x"), "bob"))
                .isInstanceOf(AbortException.class).hasMessageContaining("decision1");
        assertThatThrownBy(() -> InputAnswers.map(r.fields(), List.of("Reject", "Maybe", "x"), "bob"))
                .isInstanceOf(AbortException.class).hasMessageContaining("decision2_q1");
        assertThatThrownBy(() -> InputAnswers.map(r.fields(), List.of("Reject", "Incremental", " "), "bob"))
                .isInstanceOf(AbortException.class).hasMessageContaining("decision2_q2");
        assertThatThrownBy(() -> InputAnswers.map(r.fields(), List.of("Reject"), "bob"))
                .isInstanceOf(AbortException.class).hasMessageContaining("expected 3 input value(s)");
    }

    @Test
    void aDecisionWithoutIdCannotBeAnsweredHere() {
        PendingDecision noId = new PendingDecision("tool", "git_push", null, null, null);
        assertThatThrownBy(() -> InputRequest.of("t", List.of(noId), null))
                .isInstanceOf(AbortException.class).hasMessageContaining("Answer it in the Maia UI");
    }
}
