package io.jenkins.plugins.maia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.maia.client.InvalidRequestException.Violation;
import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.client.model.Mode;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one-field rules forms use must be the rules the client enforces, with the form's field names. */
class FieldRulesTest {

    private static final String PROJECT = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";

    @Test
    void projectIdNamesTheFormFieldAndTheFix() {
        assertThat(FieldRules.projectId("projectId", PROJECT)).isEmpty();
        assertThat(FieldRules.projectId("projectId", " ")).singleElement()
                .satisfies(v -> assertThat(v.toString()).startsWith("projectId: is missing"));
        assertThat(FieldRules.projectId("projectId", "sales-project")).singleElement()
                .satisfies(v -> assertThat(v.toString()).contains("'sales-project' is not a UUID"));
    }

    @Test
    void branchesNeedExactlyOneOfTargetAndGenerate() {
        assertThat(FieldRules.branches("targetBranchName", "feature/x", "generateBranch", false)).isEmpty();
        assertThat(FieldRules.branches("targetBranchName", null, "generateBranch", true)).isEmpty();
        assertThat(FieldRules.branches("targetBranchName", null, "generateBranch", false)).extracting(Violation::field)
                .containsExactly("targetBranchName");
        assertThat(FieldRules.branches("targetBranchName", "feature/x", "generateBranch", true))
                .singleElement().satisfies(v -> {
                    assertThat(v.field()).isEqualTo("generateBranch");
                    assertThat(v.message()).contains("cannot be combined with targetBranchName");
                });
    }

    @Test
    void toolNamesRefuseBlanksAndDuplicates() {
        assertThat(FieldRules.toolNames("approveTools", null)).isEmpty();
        assertThat(FieldRules.toolNames("approveTools", List.of("git_push", "query_warehouse"))).isEmpty();
        assertThat(FieldRules.toolNames("approveTools", Arrays.asList("git_push", "git_push", " ")))
                .extracting(Violation::field)
                .containsExactly("approveTools[1].toolName", "approveTools[2].toolName");
    }

    @Test
    void messageAndEndpointUrl() {
        assertThat(FieldRules.message("message", "Load sales data")).isEmpty();
        assertThat(FieldRules.message("message", "")).extracting(Violation::field).containsExactly("message");
        assertThat(FieldRules.message("message", "x".repeat(MaiaClient.MAX_MESSAGE_LENGTH + 1))).hasSize(1);
        assertThat(FieldRules.endpointUrl("baseUrl", Region.US1.baseUrl())).isEmpty();
        assertThat(FieldRules.endpointUrl("baseUrl", "http://127.0.0.1:8080/dpc")).isEmpty();
        assertThat(FieldRules.endpointUrl("baseUrl", "http://maia.example.com/dpc")).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("plain http"));
    }

    @Test
    void theClientRefusesWhatTheFieldRulesRefuse() {
        CreateTaskRequest both = CreateTaskRequest.builder().message("m").mode(Mode.ACT).projectId(PROJECT)
                .sourceBranchName("main").environmentName("dev").targetBranchName("feature/x").generateBranch(true)
                .build();
        List<Violation> formSays = FieldRules.branches("agentConfig.targetBranchName", "feature/x",
                "agentConfig.generateBranch", true);
        MaiaClient client = MaiaClient.builder().baseUrl("http://127.0.0.1:1/dpc")
                .tokenSource(io.jenkins.plugins.maia.client.auth.StaticToken.of("t")).build();
        assertThatThrownBy(() -> client.createTask(both)).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> assertThat(e.violations()).containsExactlyElementsOf(formSays));
        assertThat(FieldRules.createRequest(both)).containsExactlyElementsOf(formSays);
    }

    @Test
    void createRequestReportsEveryViolationWithoutThrowing() {
        CreateTaskRequest bad = CreateTaskRequest.builder().message(" ").mode(Mode.PLAN).projectId("sales")
                .grantedTools(List.of("git_push", "git_push")).build();
        assertThat(FieldRules.createRequest(bad)).extracting(Violation::field).containsExactly("message",
                "agentConfig.projectId", "agentConfig.sourceBranchName", "agentConfig.environmentName",
                "agentConfig.targetBranchName", "grantedPermissions[1].toolName");
    }
}
