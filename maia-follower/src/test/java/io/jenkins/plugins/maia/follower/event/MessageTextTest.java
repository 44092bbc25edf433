package io.jenkins.plugins.maia.follower.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.maia.client.model.TaskEvent;
import io.jenkins.plugins.maia.follower.event.MessageText.Kind;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MessageTextTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        {"type":"text","role":"assistant","content":"Hello"}                          | AGENT       | Hello
        {"type":"text","role":"user","content":"Fix it"}                               | USER        | Fix it
        {"text":"plain"}                                                               | AGENT       | plain
        {"message":"a message"}                                                        | AGENT       | a message
        {"message":{"role":"assistant","content":[{"type":"text","text":"nested"}]}}   | AGENT       | nested
        {"role":"assistant","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]} | AGENT | a\\nb
        {"content":[{"type":"text","text":"x"},{"type":"tool_use","name":"git_push"}]} | AGENT       | x\\n[tool call git_push]
        {"type":"tool_use","toolName":"query_warehouse","input":{"sql":"select 1"}}    | TOOL_CALL   | {"sql":"select 1"}
        {"type":"tool_result","toolId":"c1","content":"3 rows"}                        | TOOL_RESULT | 3 rows
        {"type":"tool_result","content":[{"type":"text","text":"done"}]}               | TOOL_RESULT | done
        {"role":"tool","content":"out"}                                                | TOOL_RESULT | out
        "just text"                                                                    | AGENT       | just text
        {"type":"status","message":"STOPPED"}                                          | OTHER       | status: STOPPED
        {"unknown":{"deep":[1,2]}}                                                     | OTHER       | {"unknown":{"deep":[1,2]}}
        [1,2,3]                                                                        | OTHER       | [1,2,3]
        {"role":"system","content":"sys"}                                              | OTHER       | system: sys
        """)
    void extractsReadableText(String json, Kind kind, String text) throws Exception {
        MessageText m = MessageText.of(JSON.readTree(json));
        assertThat(m.kind()).isEqualTo(kind);
        assertThat(m.text()).isEqualTo(text.replace("\\n", "\n"));
    }

    @Test
    void neutralisesControlCharactersAndHandlesNothing() throws Exception {
        MessageText m = MessageText.of(JSON.readTree("{\"text\":\"a\\u001b[31mb\\r\\nc\\rd\\te\"}"));
        assertThat(m.text()).isEqualTo("a\uFFFD[31mb\nc\nd\te");
        assertThat(MessageText.of((TaskEvent) null).text()).isEmpty();
        assertThat(MessageText.of(JSON.readTree("null")).kind()).isEqualTo(Kind.OTHER);
        assertThat(MessageText.of(JSON.readTree("{\"type\":\"tool_use\",\"toolName\":\"git_push\"}")).consoleLine())
                .isEqualTo("tool call git_push");
        assertThat(MessageText.of(JSON.readTree("\"hi\"")).consoleLine()).isEqualTo("agent: hi");
    }

    @Test
    void longUnknownShapesAreCut() {
        String big = "x".repeat(10_000);
        MessageText m = MessageText.of(JSON.createObjectNode().put("blob", big));
        assertThat(m.kind()).isEqualTo(Kind.OTHER);
        assertThat(m.text()).hasSize(MessageText.MAX_OTHER_CHARS + 3).endsWith("...");
    }

    @Test
    void eventKeyIsStableAcrossFieldOrderAndNumberFormatsButNotContent() throws Exception {
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        TaskEvent a = new TaskEvent(JSON.readTree("{\"a\":1,\"b\":[1.50,\"x\"]}"), "g", t, null);
        TaskEvent b = new TaskEvent(JSON.readTree("{\"b\":[1.5,\"x\"],\"a\":1.0}"), "g", t, null);
        TaskEvent otherGroup = new TaskEvent(JSON.readTree("{\"a\":1,\"b\":[1.5,\"x\"]}"), "h", t, null);
        TaskEvent otherData = new TaskEvent(JSON.readTree("{\"a\":2,\"b\":[1.5,\"x\"]}"), "g", t, null);
        TaskEvent otherTime = new TaskEvent(JSON.readTree("{\"a\":1,\"b\":[1.5,\"x\"]}"), "g", t.plusMillis(1), null);
        TaskEvent stringVsNumber = new TaskEvent(JSON.readTree("{\"a\":\"1\",\"b\":[1.5,\"x\"]}"), "g", t, null);

        assertThat(EventKey.of(a)).isEqualTo(EventKey.of(b)).hasSize(22);
        assertThat(EventKey.of(a)).isNotEqualTo(EventKey.of(otherGroup)).isNotEqualTo(EventKey.of(otherData))
                .isNotEqualTo(EventKey.of(otherTime)).isNotEqualTo(EventKey.of(stringVsNumber));
    }
}
