package io.jenkins.plugins.maia.client.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract check in the client tests is only worth something if the validator, loaded from the
 * down-converted 3.1 document, still rejects what the document forbids. This proves it does.
 */
class ContractValidatorSelfTest {
    static final String TASKS = "/dpc/v1/ai/agents/tasks";
    static final String TASK = TASKS + "/550e8400-e29b-41d4-a716-446655440000";
    static final String VALID_CREATE = """
            {"message":"hi","agentConfig":{"name":"data_engineer_agent","mode":"ACT",
             "projectId":"a1b2c3d4-e5f6-7890-abcd-ef1234567890","sourceBranchName":"main","environmentName":"dev",
             "targetBranchName":"feature/x"},"grantedPermissions":[{"toolName":"git_push"}]}""";

    private static List<String> errors(Request request) {
        ValidationReport report = ContractValidator.validate(request);
        List<String> out = new ArrayList<>();
        report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .forEach(m -> out.add(m.getKey() + " " + m.getMessage() + " " + m.getNestedMessages()));
        return out;
    }

    private static Request post(String path, String body) {
        return SimpleRequest.Builder.post(path).withAuthorization("Bearer t").withContentType("application/json")
                .withBody(body).build();
    }

    @Test
    void aValidCreatePasses() {
        assertThat(errors(post(TASKS, VALID_CREATE))).isEmpty();
        assertThat(errors(post(TASKS, VALID_CREATE.replace("\"targetBranchName\":\"feature/x\"",
                "\"targetBranchName\":null,\"generateBranch\":true,\"graphId\":null")))).as("3.1 nullable").isEmpty();
    }

    @Test
    void everyRequestExampleOfTheDocumentPasses() {
        JsonNode paths = ContractValidator.openApiTree().path("paths");
        List<String> checked = new ArrayList<>();
        paths.properties().forEach(p -> p.getValue().properties().forEach(op -> op.getValue()
                .path("requestBody").path("content").path("application/json").path("examples").properties()
                .forEach(ex -> {
                    String path = "/dpc" + p.getKey().replace("{taskId}", "550e8400-e29b-41d4-a716-446655440000");
                    Request r = new SimpleRequest.Builder(op.getKey().toUpperCase(), path).withAuthorization("Bearer t")
                            .withContentType("application/json").withBody(ex.getValue().get("value").toString()).build();
                    assertThat(errors(r)).as(op.getKey() + " " + p.getKey() + " " + ex.getKey()).isEmpty();
                    checked.add(ex.getKey());
                })));
        assertThat(checked).hasSizeGreaterThanOrEqualTo(7);
    }

    @Test
    void wrongBodiesAreRejected() {
        assertThat(errors(post(TASKS, VALID_CREATE.replace("\"ACT\"", "\"BOGUS\"")))).as("enum").isNotEmpty();
        assertThat(errors(post(TASKS, VALID_CREATE.replace("\"message\":\"hi\",", "")))).as("required").isNotEmpty();
        assertThat(errors(post(TASKS, VALID_CREATE.replace("\"message\":\"hi\"", "\"message\":\"\"")))).as("minLength").isNotEmpty();
        assertThat(errors(post(TASKS, VALID_CREATE.replace("\"message\":\"hi\"", "\"message\":5")))).as("type").isNotEmpty();
        assertThat(errors(post(TASKS, VALID_CREATE.replace("a1b2c3d4-e5f6-7890-abcd-ef1234567890", "p1")))).as("uuid").isNotEmpty();
        assertThat(errors(post(TASKS, VALID_CREATE.replace("\"targetBranchName\":\"feature/x\"", "\"targetBranchName\":7"))))
                .as("nullable string is still a string").isNotEmpty();
        assertThat(errors(post(TASKS, VALID_CREATE.replace("\"data_engineer_agent\"", "\"DataEngineerAgentConfig\""))))
                .as("discriminator value").isNotEmpty();
        assertThat(errors(post(TASKS, VALID_CREATE.replace("\"message\":\"hi\"", "\"message\":\"hi\",\"mesage\":\"typo\""))))
                .as("unknown field").isNotEmpty();
        assertThat(errors(post(TASKS, VALID_CREATE.replace("\"sourceBranchName\":\"main\",", ""))))
                .as("required inside agentConfig").isNotEmpty();
        assertThat(errors(post(TASK + "/decisions", "{\"decisions\":[]}"))).as("minItems").isNotEmpty();
        assertThat(errors(post(TASK + "/decisions", "{\"decisions\":[{\"type\":\"tool\",\"id\":\"x\",\"scope\":\"ALWAYS\"}]}")))
                .as("scope enum").isNotEmpty();
        assertThat(errors(SimpleRequest.Builder.put(TASK + "/permissions").withAuthorization("Bearer t")
                .withContentType("application/json").withBody("{}").build())).as("permissions required").isNotEmpty();
    }

    @Test
    void wrongPathsAndQueriesAreRejected() {
        assertThat(errors(SimpleRequest.Builder.get(TASKS + "/not-a-uuid").withAuthorization("Bearer t").build())).isNotEmpty();
        assertThat(errors(SimpleRequest.Builder.get(TASK + "/messages").withAuthorization("Bearer t")
                .withQueryParam("limit", "1001").build())).isNotEmpty();
        assertThat(errors(SimpleRequest.Builder.get(TASKS).withAuthorization("Bearer t")
                .withQueryParam("size", "0").withQueryParam("status", "DONE").withQueryParam("createdAfter", "yesterday")
                .build())).hasSizeGreaterThanOrEqualTo(3);
        assertThat(errors(SimpleRequest.Builder.get("/dpc/v1/ai/agents/task").withAuthorization("Bearer t").build()))
                .as("unknown path").isNotEmpty();
        assertThat(errors(SimpleRequest.Builder.patch(TASK).withAuthorization("Bearer t").build()))
                .as("unknown method").isNotEmpty();
    }

    @Test
    void theDownConversionRefusesConstructsItCannotMap() {
        String doc = """
                openapi: 3.1.0
                info: {title: t, version: '1'}
                paths: {}
                components:
                  schemas:
                    A: {type: [string, integer]}
                    B: {const: 3}
                """;
        assertThatThrownBy(() -> ContractValidator.asOpenApi30(doc)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("#/components/schemas/A/type").hasMessageContaining("#/components/schemas/B/const");
    }
}
