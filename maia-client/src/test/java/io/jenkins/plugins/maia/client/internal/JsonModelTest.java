package io.jenkins.plugins.maia.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.client.model.CreatedTask;
import io.jenkins.plugins.maia.client.model.Mode;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskEvent;
import io.jenkins.plugins.maia.client.model.TaskPage;
import io.jenkins.plugins.maia.client.model.TaskStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The one Jackson configuration: tolerant reading, lean writing. */
class JsonModelTest {
    final ObjectMapper mapper = MaiaJson.mapper();

    @Test
    void unknownFieldsAndEnumValuesNeverBreakParsing() throws Exception {
        Task task = mapper.readValue("""
                {"taskId":"t1","status":"PAUSED_FOR_REVIEW","brandNewField":{"x":[1,2]},
                 "agentConfig":{"name":"data_engineer_agent","mode":"REVIEW","sandbox":true},
                 "pendingDecisions":[{"type":"approval","toolName":"x","toolId":"id","extra":1}]}""", Task.class);
        assertThat(task.status()).isEqualTo(TaskStatus.UNKNOWN);
        assertThat(task.agentConfig().mode()).isEqualTo(Mode.UNKNOWN);
        assertThat(task.pendingDecisions().get(0).type()).isEqualTo("approval");
        assertThat(task.grantedPermissions()).isEmpty();
        assertThat(mapper.readValue("{\"status\":\"running\"}", Task.class).status()).isEqualTo(TaskStatus.RUNNING);
    }

    @Test
    void anUnreadableTimestampBecomesNullAndTheRestIsRead() throws Exception {
        TaskPage page = mapper.readValue("""
                {"tasks":[{"taskId":"a","createdAt":"last tuesday","modifiedAt":{"epoch":1},"status":"STOPPED"},
                          {"taskId":"b","createdAt":"2026-04-08T10:25:00+00:00","modifiedAt":12345}],
                 "page":0,"size":20,"total":2}""", TaskPage.class);
        assertThat(page.tasks().get(0).createdAt()).isNull();
        assertThat(page.tasks().get(0).modifiedAt()).isNull();
        assertThat(page.tasks().get(0).status()).isEqualTo(TaskStatus.STOPPED);
        assertThat(page.tasks().get(1).createdAt()).isEqualTo(Instant.parse("2026-04-08T10:25:00Z"));
        assertThat(page.tasks().get(1).modifiedAt()).isNull();
        assertThat(mapper.readValue("{\"taskId\":\"c\",\"createdAt\":null}", CreatedTask.class).createdAt()).isNull();
    }

    @Test
    void nullsAreNotWrittenAndInstantsAreIso() throws Exception {
        CreateTaskRequest request = CreateTaskRequest.builder().message("m").projectId("p").build();
        JsonNode json = mapper.valueToTree(request);
        assertThat(json.has("grantedPermissions")).isFalse();
        assertThat(json.get("agentConfig").has("targetBranchName")).isFalse();
        assertThat(json.toString()).doesNotContain("null");

        String created = mapper.writeValueAsString(new CreatedTask("t", TaskStatus.RUNNING, "a", Instant.parse("2024-01-15T10:30:00Z")));
        assertThat(created).contains("\"createdAt\":\"2024-01-15T10:30:00Z\"");
        assertThat(mapper.readValue(created, CreatedTask.class).createdAt()).isEqualTo(Instant.parse("2024-01-15T10:30:00Z"));
    }

    @Test
    void derivedFlagsAreNotWritten() throws Exception {
        String json = mapper.writeValueAsString(mapper.readValue("{\"taskId\":\"t\",\"status\":\"STOPPED\"}", Task.class));
        assertThat(json).doesNotContain("paused").doesNotContain("finished");
    }

    @Test
    void anEventKeepsItsWholeNode() throws Exception {
        JsonNode node = mapper.readTree("""
                {"data":{"role":"assistant","content":[{"text":"hi"}]},"groupId":"g","timestamp":"bogus","seq":7}""");
        TaskEvent event = Responses.event(node);
        assertThat(event.raw()).isEqualTo(node);
        assertThat(event.data().get("role").asText()).isEqualTo("assistant");
        assertThat(event.groupId()).isEqualTo("g");
        assertThat(event.timestamp()).isNull();

        TaskEvent odd = Responses.event(mapper.readTree("\"just text\""));
        assertThat(odd.raw().asText()).isEqualTo("just text");
        assertThat(odd.timestamp()).isNull();
        assertThat(Responses.event(mapper.readTree("{}")).data().isNull()).isTrue();
    }
}
