package io.jenkins.plugins.maia.agenttasks.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** n-person approval without Jenkins: distinct people, any rejection rejects, a question needs one answer. */
class ApprovalRoundTest {

    private static final InputField PUSH = new InputField("decision1", InputField.Kind.TOOL, "t1", -1,
            InputRequest.TOOL_CHOICES, "git_push");
    private static final InputField QUERY = new InputField("decision2", InputField.Kind.TOOL, "t2", -1,
            InputRequest.TOOL_CHOICES, "query_warehouse");
    private static final InputField QUESTION = new InputField("decision3_q1", InputField.Kind.QUESTION_CHOICE, "t3",
            0, List.of("A", "B"), "which?");

    private static AnsweredDecision tool(String id, ToolChoice choice, String by) {
        return new AnsweredDecision(id, choice, null, by);
    }

    @Test
    void oneApprovalOfTwoAsksAgainAboutTheToolsOnlyKeepingTheQuestionsAnswer() {
        AnsweredDecision answer = new AnsweredDecision("t3", null, Map.of(0, List.of("A")), "alice");
        ApprovalRound.Next next = ApprovalRound.next(2, List.of(PUSH, QUESTION), List.of(),
                List.of(tool("t1", ToolChoice.APPROVE_FOR_TASK, "alice"), answer));
        assertThat(next).isInstanceOfSatisfying(ApprovalRound.AskAgain.class, again -> {
            assertThat(again.fields()).containsExactly(PUSH);
            assertThat(again.approvedBy()).containsExactly("alice");
            assertThat(again.kept()).contains(answer);
            assertThat(again.refused()).isNull();
        });
    }

    @Test
    void theSamePersonTwiceIsRefusedAndASecondPersonCompletesTheNarrowerApproval() {
        List<AnsweredDecision> earlier = List.of(tool("t1", ToolChoice.APPROVE_FOR_TASK, "alice"));
        ApprovalRound.Next again = ApprovalRound.next(2, List.of(PUSH), earlier,
                List.of(tool("t1", ToolChoice.APPROVE_ONCE, "alice")));
        assertThat(again).isInstanceOfSatisfying(ApprovalRound.AskAgain.class, a -> {
            assertThat(a.refused()).isEqualTo("alice already approved; another person must approve");
            assertThat(a.kept()).isEqualTo(earlier); // alice's second answer does not count
        });
        ApprovalRound.Next done = ApprovalRound.next(2, List.of(PUSH), earlier,
                List.of(tool("t1", ToolChoice.APPROVE_ONCE, "bob")));
        assertThat(done).isInstanceOfSatisfying(ApprovalRound.Send.class, s -> assertThat(s.answers())
                .containsExactly(tool("t1", ToolChoice.APPROVE_ONCE, "alice and bob")));
    }

    @Test
    void anyRejectionRejectsAtOnceWhileAnotherToolStillWaitsForASecondPerson() {
        ApprovalRound.Next next = ApprovalRound.next(2, List.of(PUSH, QUERY), List.of(),
                List.of(tool("t1", ToolChoice.REJECT, "alice"), tool("t2", ToolChoice.APPROVE_ONCE, "alice")));
        assertThat(next).isInstanceOfSatisfying(ApprovalRound.AskAgain.class, a -> {
            assertThat(a.fields()).containsExactly(QUERY);
            assertThat(a.kept()).contains(tool("t1", ToolChoice.REJECT, "alice"));
        });
        ApprovalRound.Next done = ApprovalRound.next(2, List.of(QUERY),
                ((ApprovalRound.AskAgain) next).kept(), List.of(tool("t2", ToolChoice.REJECT, "bob")));
        assertThat(done).isInstanceOfSatisfying(ApprovalRound.Send.class, s -> assertThat(s.answers())
                .containsExactlyInAnyOrder(tool("t1", ToolChoice.REJECT, "alice"),
                        tool("t2", ToolChoice.REJECT, "bob")));
    }
}
