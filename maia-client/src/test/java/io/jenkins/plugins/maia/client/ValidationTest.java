package io.jenkins.plugins.maia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.maia.client.InvalidRequestException.Violation;
import io.jenkins.plugins.maia.client.model.AgentConfig;
import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.client.model.Decision;
import io.jenkins.plugins.maia.client.model.DecisionScope;
import io.jenkins.plugins.maia.client.model.FollowUpMessage;
import io.jenkins.plugins.maia.client.model.GrantedTool;
import io.jenkins.plugins.maia.client.model.Mode;
import io.jenkins.plugins.maia.client.model.QuestionAnswer;
import io.jenkins.plugins.maia.client.model.QuestionDecision;
import io.jenkins.plugins.maia.client.model.TaskQuery;
import io.jenkins.plugins.maia.client.model.TaskStatus;
import io.jenkins.plugins.maia.client.model.ToolDecision;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bad input is refused before any call, every problem named with its field and fix, all at once. */
class ValidationTest extends ApiTestSupport {

    @AfterEach
    void nothingWasSent() {
        assertThat(server.getRequestCount()).as("validation happens before any call").isZero();
    }

    private static List<Violation> violations(ThrowingCallable call) {
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class, call);
        assertThat(e).as("an InvalidRequestException").isNotNull();
        for (Violation v : e.violations()) {
            assertThat(e.getMessage()).contains(v.field() + ": " + v.message());
        }
        return e.violations();
    }

    private static List<String> fields(List<Violation> violations) {
        return violations.stream().map(Violation::field).toList();
    }

    private static CreateTaskRequest.Builder valid() {
        return CreateTaskRequest.builder().message("m").projectId(PROJECT_ID).sourceBranchName("main")
                .environmentName("dev").targetBranchName("feature/x");
    }

    @Test
    void everyCreateProblemIsReportedTogether() {
        CreateTaskRequest bad = CreateTaskRequest.builder().message("  ").projectId("my-project").mode(null)
                .grantedTools(Arrays.asList("git_push", "git_push", " ")).build();

        List<Violation> v = violations(() -> client().createTask(bad));

        assertThat(fields(v)).containsExactly("message", "agentConfig.mode", "agentConfig.projectId",
                "agentConfig.sourceBranchName", "agentConfig.environmentName", "agentConfig.targetBranchName",
                "grantedPermissions[1].toolName", "grantedPermissions[2].toolName");
        assertThat(v.get(0).message()).isEqualTo("is blank; write the instruction for the agent");
        assertThat(v.get(2).message()).startsWith("'my-project' is not a UUID;");
        assertThat(v.get(5).message()).contains("agentConfig.generateBranch");
        assertThat(v.get(6).message()).isEqualTo("'git_push' is listed twice; list each tool once");
        assertThat(v.get(7).message()).startsWith("is blank;");
    }

    @Test
    void targetBranchAndGenerateBranchTogetherAreRefusedNamingBoth() {
        List<Violation> v = violations(() -> client().createTask(valid().generateBranch(true).build()));
        assertThat(v).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo("agentConfig.generateBranch");
            assertThat(x.message()).contains("agentConfig.targetBranchName").contains("ignore");
        });
    }

    @Test
    void unknownModeCannotBeSent() {
        assertThat(fields(violations(() -> client().createTask(valid().mode(Mode.UNKNOWN).build()))))
                .containsExactly("agentConfig.mode");
    }

    @Test
    void missingRequestOrConfigIsNamed() {
        assertThat(fields(violations(() -> client().createTask(null)))).containsExactly("request");
        assertThat(fields(violations(() -> client().createTask(new CreateTaskRequest("m", null, null)))))
                .containsExactly("agentConfig");
        AgentConfig noName = new AgentConfig(" ", Mode.ACT, PROJECT_ID, "main", "dev", "t", null, null, null);
        assertThat(fields(violations(() -> client().createTask(new CreateTaskRequest("m", noName, null)))))
                .containsExactly("agentConfig.name");
        assertThat(fields(violations(() -> client().createTask(new CreateTaskRequest("m", noName,
                List.of(new GrantedTool("a"), new GrantedTool(null)))))))
                .containsExactly("agentConfig.name", "grantedPermissions[1].toolName");
    }

    @Test
    void aBlankTargetBranchIsNotTakenForNone() {
        assertThat(fields(violations(() -> client().createTask(valid().targetBranchName("").generateBranch(true).build()))))
                .containsExactly("agentConfig.targetBranchName");
    }

    @Test
    void hugeMessagesAreRefused() {
        String huge = "x".repeat(MaiaClient.MAX_MESSAGE_LENGTH + 1);
        List<Violation> v = violations(() -> client().createTask(valid().message(huge).build()));
        assertThat(v).singleElement().satisfies(x -> assertThat(x.message())
                .startsWith("is 100001 characters, more than 100000;"));
        assertThat(fields(violations(() -> client().sendMessage(TASK_ID, FollowUpMessage.of(huge)))))
                .containsExactly("message");
    }

    @Test
    void taskIdsMustBeUuids() {
        MaiaClient c = client();
        List<ThrowingCallable> calls = List.of(
                () -> c.getTask("123"),
                () -> c.getMessages("123", 10, null),
                () -> c.sendMessage("123", FollowUpMessage.of("m")),
                () -> c.submitDecisions("123", List.of(ToolDecision.approveOnce("t"))),
                () -> c.stopTask("123"),
                () -> c.deleteTask("123"),
                () -> c.replacePermissions("123", List.of()));
        for (ThrowingCallable call : calls) {
            assertThat(violations(call)).singleElement().satisfies(v -> {
                assertThat(v.field()).isEqualTo("taskId");
                assertThat(v.message()).isEqualTo("'123' is not a UUID; use the taskId returned by create or list");
            });
        }
        assertThat(violations(() -> c.getTask(null))).singleElement()
                .satisfies(v -> assertThat(v.message()).startsWith("is missing"));
        assertThat(fields(violations(() -> c.getTask("../" + TASK_ID)))).containsExactly("taskId");
    }

    @Test
    void messageLimitMustBeWithinTheApiRange() {
        assertThat(violations(() -> client().getMessages(TASK_ID, 0, null))).singleElement()
                .satisfies(v -> assertThat(v).isEqualTo(new Violation("limit", "is 0; use 1 to 1000")));
        assertThat(fields(violations(() -> client().getMessages(TASK_ID, 1001, null)))).containsExactly("limit");
        assertThat(fields(violations(() -> client().getMessages("x", 5000, null)))).containsExactly("taskId", "limit");
    }

    @Test
    void listPagingAndFiltersAreChecked() {
        TaskQuery bad = new TaskQuery(null, null, TaskStatus.UNKNOWN, Instant.parse("2026-01-02T00:00:00Z"),
                Instant.parse("2026-01-01T00:00:00Z"), -1, 101);
        assertThat(fields(violations(() -> client().listTasks(bad))))
                .containsExactly("page", "size", "status", "createdAfter");
        assertThat(fields(violations(() -> client().listTasks(TaskQuery.all().withPage(0).withPage(-2)))))
                .containsExactly("page");
        assertThat(fields(violations(() -> client().listTasks(new TaskQuery(null, null, null, null, null, 0, 0)))))
                .containsExactly("size");
    }

    @Test
    void followUpsAreChecked() {
        assertThat(fields(violations(() -> client().sendMessage(TASK_ID, null)))).containsExactly("message");
        assertThat(fields(violations(() -> client().sendMessage(TASK_ID,
                new FollowUpMessage(" ", Mode.UNKNOWN, "", List.of("a", "a"))))))
                .containsExactly("message", "agentConfig.mode", "agentConfig.targetBranchName",
                        "grantedPermissions[1].toolName");
    }

    @Test
    void decisionsAreChecked() {
        assertThat(fields(violations(() -> client().submitDecisions(TASK_ID, List.of())))).containsExactly("decisions");
        assertThat(fields(violations(() -> client().submitDecisions(TASK_ID, null)))).containsExactly("decisions");
        List<Decision> bad = Arrays.asList(
                new ToolDecision(" ", true, DecisionScope.ONCE),
                new ToolDecision("call_1", true, null),
                ToolDecision.reject("call_1"),
                null,
                new QuestionDecision("q1", List.of()),
                new QuestionDecision("q2", List.of(new QuestionAnswer(-1, List.of("a")), new QuestionAnswer(0, List.of()),
                        new QuestionAnswer(0, List.of("b")))));
        assertThat(fields(violations(() -> client().submitDecisions(TASK_ID, bad)))).containsExactly(
                "decisions[0].id", "decisions[1].scope", "decisions[2].id", "decisions[3]", "decisions[4].answers",
                "decisions[5].answers[0].questionIndex", "decisions[5].answers[1].selectedOptions",
                "decisions[5].answers[2].questionIndex");
    }

    @Test
    void permissionsAreChecked() {
        assertThat(fields(violations(() -> client().replacePermissions(TASK_ID, null)))).containsExactly("grantedPermissions");
        assertThat(fields(violations(() -> client().replacePermissions(TASK_ID, Arrays.asList("a", null, "a")))))
                .containsExactly("grantedPermissions[1].toolName", "grantedPermissions[2].toolName");
    }
}
