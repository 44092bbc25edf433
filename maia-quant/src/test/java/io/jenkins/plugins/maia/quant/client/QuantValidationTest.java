package io.jenkins.plugins.maia.quant.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.maia.client.InvalidRequestException;
import io.jenkins.plugins.maia.client.InvalidRequestException.Violation;
import io.jenkins.plugins.maia.quant.model.NewQuantTask;
import io.jenkins.plugins.maia.quant.model.QuantStatus;
import io.jenkins.plugins.maia.quant.model.QuantTaskQuery;
import io.jenkins.plugins.maia.quant.model.QuantTaskUpdate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input is refused before any call, every bad field named with its fix, all of them at once. */
class QuantValidationTest extends QuantApiTestSupport {

    private List<String> fieldsRefused(Executable call) {
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class, call::execute);
        assertThat(e).as("refused before any call").isNotNull();
        assertThat(server.getRequestCount()).as("nothing was sent").isZero();
        return e.violations().stream().map(Violation::field).toList();
    }

    @Test
    void theBuilderNamesEveryMissingOrWrongSetting() {
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
                () -> QuantClient.builder().baseUrl("http://quant.example.com").token(" ").build());
        assertThat(e.violations()).extracting(Violation::field).containsExactly("quantUrl", "organisation", "quantToken");
        assertThat(e.getMessage()).contains("plain http", "QUANT_TOKEN", "organisation ID");
    }

    @Test
    void aUrlWithUserInfoIsRefusedWithoutQuotingIt() {
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class, () -> QuantClient.builder()
                .baseUrl("https://me:pa55word@dashboard.quantcdn.io").organisation(ORG).token(TOKEN).build());
        assertThat(e.getMessage()).contains("quantUrl", "user info").doesNotContain("pa55word");
    }

    @Test
    void aTokenWithSpacesIsRefusedWithoutQuotingIt() {
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
                () -> QuantClient.builder().organisation(ORG).token("abc def-SECRET").build());
        assertThat(e.getMessage()).contains("quantToken").doesNotContain("SECRET");
    }

    @Test
    void theDefaultUrlIsQuantsPublicCloudAndABearerPrefixIsDropped() {
        QuantClient c = QuantClient.builder().organisation(ORG).token("Bearer " + TOKEN).build();
        assertThat(c.baseUrl()).isEqualTo("https://dashboard.quantcdn.io");
    }

    @Test
    void anOrganisationWithASlashIsRefused() {
        assertThat(catchThrowableOfType(InvalidRequestException.class, () -> QuantClient.builder()
                .organisation("acme/other").token(TOKEN).build()).getMessage()).contains("organisation", "'/'");
    }

    @Test
    void aCreateNamesEveryBadField() {
        List<String> fields = fieldsRefused(() -> client().createTask(new NewQuantTask(" ", "x".repeat(100_001), "",
                QuantStatus.UNKNOWN, null, null, Arrays.asList(TASK_ID, "nope", TASK_ID), Map.of("", 1), 11, null,
                List.of("also-nope"))));
        assertThat(fields).containsExactly("title", "description", "taskListId", "status", "dependsOn[1]",
                "dependsOn[2]", "blockedByTaskIds[0]", "metadata", "maxRetries");
    }

    @Test
    void aTaskIdMustBeAUuid() {
        assertThat(fieldsRefused(() -> client().getTask("42"))).containsExactly("taskId");
        assertThat(fieldsRefused(() -> client().deleteTask(null, true))).containsExactly("taskId");
    }

    @Test
    void anEmptyUpdateOrABadOneIsRefused() {
        assertThat(fieldsRefused(() -> client().updateTask(TASK_ID, QuantTaskUpdate.builder().build())))
                .containsExactly("update");
        assertThat(fieldsRefused(() -> client().updateTask(TASK_ID, QuantTaskUpdate.builder().progress(1.2)
                .retryCount(-1).maxRetries(12).title("").build())))
                .containsExactly("title", "progress", "retryCount", "maxRetries");
        assertThat(fieldsRefused(() -> client().updateTask(TASK_ID, QuantTaskUpdate.builder().progress(Double.NaN).build())))
                .containsExactly("progress");
    }

    @Test
    void aFieldCannotBeSetAndClearedInOneUpdate() {
        assertThat(fieldsRefused(() -> client().updateTask(TASK_ID, QuantTaskUpdate.builder().blockedReason("waiting")
                .clearBlockedReason().blockedByTaskIds(List.of(TASK_ID)).clearBlockedByTaskIds().build())))
                .containsExactly("blockedReason", "blockedByTaskIds");
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class, () -> client().updateTask(TASK_ID,
                QuantTaskUpdate.builder().blockedReason("waiting").clearBlockedReason().build()));
        assertThat(e.getMessage()).contains("blockedReason", "set a value or clear it, not both");
    }

    @Test
    void aQueryOutsideTheDocumentsRangesIsRefused() {
        assertThat(fieldsRefused(() -> client().listTasks(new QuantTaskQuery(null, null, null, 101, null, true))))
                .containsExactly("limit", "includeDetails");
        assertThat(fieldsRefused(() -> client().listTasks(new QuantTaskQuery(null, null, null, 0, "x", null))))
                .containsExactly("limit", "dependsOn");
    }

    @Test
    void theGraphNeedsATaskList() {
        assertThat(fieldsRefused(() -> client().dependencyGraph(" "))).containsExactly("taskListId");
    }
}
