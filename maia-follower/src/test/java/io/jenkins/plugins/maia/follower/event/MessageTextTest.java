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
        {"content":[{"type":"text","text":"x"},{"type":"tool_use","name":"git_push"}]} | AGENT       | x
        {"type":"tool_use","toolName":"query_warehouse","input":{"sql":"select 1"}}    | TOOL_CALL   | {"sql":"select 1"}
        {"type":"tool_result","toolId":"c1","content":"3 rows"}                        | TOOL_RESULT | 3 rows
        {"type":"tool_result","content":[{"type":"text","text":"done"}]}               | TOOL_RESULT | done
        {"role":"tool","content":"out"}                                                | TOOL_RESULT | out
        "just text"                                                                    | AGENT       | just text
        {"type":"status","message":"STOPPED"}                                          | STATUS      | STOPPED
        {"type":"telemetry","message":"42 tokens"}                                     | OTHER       | telemetry: 42 tokens
        {"unknown":{"deep":[1,2]}}                                                     | OTHER       | {"unknown":{"deep":[1,2]}}
        [1,2,3]                                                                        | OTHER       | [1,2,3]
        {"role":"system","content":"sys"}                                              | SYSTEM      | sys
        {"role":"reviewer","content":"lgtm"}                                           | OTHER       | reviewer: lgtm
        """)
    void extractsReadableText(String json, Kind kind, String text) throws Exception {
        MessageText m = MessageText.of(JSON.readTree(json));
        assertThat(m.kind()).isEqualTo(kind);
        assertThat(m.text()).isEqualTo(text.replace("\\n", "\n"));
    }

    /** Issue 12, item 6: the common agent shapes, each as a realistic event. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        {"type":"assistant","text":"Flat agent text"}                                  | AGENT       | agent: Flat agent text
        {"type":"agent","content":"Flat agent content"}                                | AGENT       | agent: Flat agent content
        {"type":"user","message":"Please load the data"}                               | USER        | user: Please load the data
        {"type":"system","text":"Context compacted"}                                   | SYSTEM      | system: Context compacted
        {"type":"system","subtype":"init","session_id":"s1","model":"claude-sonnet-4-5","tools":["Bash","Read","query_warehouse"],"cwd":"/work"} | SYSTEM | system: init (model claude-sonnet-4-5, 3 tools)
        {"type":"status","status":"STOPPED","reason":"awaiting_input"}                 | STATUS      | status: STOPPED (awaiting input)
        {"type":"status","status":"RUNNING"}                                           | STATUS      | status: RUNNING
        {"type":"error","message":"Could not connect to the warehouse"}                | ERROR       | error: Could not connect to the warehouse
        {"level":"error","detail":"Quota exceeded"}                                    | ERROR       | error: Quota exceeded
        {"is_error":true,"text":"Tool crashed"}                                        | ERROR       | error: Tool crashed
        {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}    | ERROR       | error: Overloaded
        {"type":"result","subtype":"success","is_error":false,"duration_ms":5120,"num_turns":4,"result":"Created the pipeline and pushed it.","session_id":"s1","total_cost_usd":0.12} | RESULT | result: Created the pipeline and pushed it.
        {"type":"result","subtype":"error_max_turns","is_error":true,"num_turns":40,"session_id":"s1"} | ERROR | error: error_max_turns
        """)
    void recognisesTheCommonAgentShapes(String json, Kind kind, String consoleLine) throws Exception {
        MessageText m = MessageText.of(JSON.readTree(json));
        assertThat(m.kind()).isEqualTo(kind);
        assertThat(m.consoleLine()).isEqualTo(consoleLine);
        assertThat(m.pieces()).containsExactly(m);
    }

    @Test
    void anSdkAssistantMessageIsItsTextAndEachToolCallWithItsInput() throws Exception {
        MessageText m = MessageText.of(JSON.readTree("""
                {"type":"assistant","message":{"id":"msg_01","type":"message","role":"assistant",
                 "model":"claude-sonnet-4-5","content":[
                   {"type":"thinking","thinking":"secret plan"},
                   {"type":"text","text":"I'll check the sales table first."},
                   {"type":"tool_use","id":"toolu_01A","name":"query_warehouse",
                    "input":{"query":"SELECT region, SUM(amount) FROM sales GROUP BY region"}},
                   {"type":"tool_use","id":"toolu_01B","name":"edit_file","input":{"path":"a.sql","text":"x"}}],
                 "stop_reason":"tool_use"},"parent_tool_use_id":null,"session_id":"s1"}
                """));

        assertThat(m.kind()).isEqualTo(Kind.AGENT);
        assertThat(m.text()).isEqualTo("I'll check the sales table first.");
        assertThat(m.pieces()).extracting(MessageText::kind)
                .containsExactly(Kind.AGENT, Kind.TOOL_CALL, Kind.TOOL_CALL);
        MessageText call = m.pieces().get(1);
        assertThat(call.toolName()).isEqualTo("query_warehouse");
        assertThat(call.toolId()).isEqualTo("toolu_01A");
        assertThat(call.text()).isEqualTo("{\"query\":\"SELECT region, SUM(amount) FROM sales GROUP BY region\"}");
        assertThat(m.consoleLine()).isEqualTo("agent: I'll check the sales table first.\n"
                + "tool call query_warehouse: {\"query\":\"SELECT region, SUM(amount) FROM sales GROUP BY region\"}\n"
                + "tool call edit_file: {\"path\":\"a.sql\",\"text\":\"x\"}");
        assertThat(m.consoleLine()).doesNotContain("secret plan");
    }

    @Test
    void anSdkToolResultIsLabelledAsAToolResultNotAsTheUser() throws Exception {
        MessageText text = MessageText.of(JSON.readTree("""
                {"type":"user","message":{"role":"user","content":[
                  {"tool_use_id":"toolu_01A","type":"tool_result","content":"5 rows: EMEA 1.2M, NA 2.4M"}]},
                 "session_id":"s1"}
                """));
        MessageText parts = MessageText.of(JSON.readTree("""
                {"type":"user","message":{"role":"user","content":[
                  {"tool_use_id":"toolu_01B","type":"tool_result","is_error":true,
                   "content":[{"type":"text","text":"permission denied"}]},
                  {"tool_use_id":"toolu_01C","type":"tool_result","content":[{"type":"text","text":"ok"}]}]}}
                """));

        assertThat(text.kind()).isEqualTo(Kind.TOOL_RESULT);
        assertThat(text.toolId()).isEqualTo("toolu_01A");
        assertThat(text.consoleLine()).isEqualTo("tool result: 5 rows: EMEA 1.2M, NA 2.4M");
        assertThat(parts.pieces()).extracting(MessageText::consoleLine)
                .containsExactly("tool result: error: permission denied", "tool result: ok");
    }

    @Test
    void aToolCallIsOneCutLineOnTheConsoleAndWholeInItsText() throws Exception {
        String big = "y".repeat(5_000);
        MessageText m = MessageText.of(JSON.readTree("{\"type\":\"tool_use\",\"name\":\"edit_file\","
                + "\"input\":{\"text\":\"line 1\\nline 2 " + big + "\"}}"));

        assertThat(m.text()).contains(big).contains("\\n"); // compact JSON keeps the escaped line break
        assertThat(m.consoleLine()).startsWith("tool call edit_file: {\"text\":\"line 1")
                .doesNotContain("\n").endsWith("...")
                .hasSize("tool call edit_file: ".length() + MessageText.CONSOLE_INPUT_CHARS + 3);
        MessageText textual = MessageText.of(JSON.readTree("{\"type\":\"tool_use\",\"name\":\"bash\","
                + "\"input\":\"ls\\n-la\"}"));
        assertThat(textual.consoleLine()).isEqualTo("tool call bash: ls -la");
        assertThat(textual.text()).isEqualTo("ls\n-la");
    }

    @Test
    void aSeenEndIsToldApartFromAFinish() throws Exception {
        assertThat(notice("{\"type\":\"status\",\"status\":\"STOPPED\",\"reason\":\"stopped\"}"))
                .isEqualTo(new TaskNotice(TaskNotice.Kind.STOPPED, "reason: stopped"));
        assertThat(notice("{\"type\":\"status\",\"status\":\"STOPPING\",\"stoppedBy\":\"alice\"}"))
                .isEqualTo(new TaskNotice(TaskNotice.Kind.STOPPED, "stopped by alice"));
        assertThat(notice("{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"text\","
                + "\"text\":\"[Request interrupted by user]\"}]}}"))
                .isEqualTo(new TaskNotice(TaskNotice.Kind.STOPPED, "interrupted by the user"));
        assertThat(notice("{\"type\":\"status\",\"status\":\"STOPPED\",\"reason\":\"finished\"}"))
                .isEqualTo(new TaskNotice(TaskNotice.Kind.FINISHED, ""));
        assertThat(notice("{\"type\":\"result\",\"subtype\":\"success\",\"result\":\"Done\"}"))
                .isEqualTo(new TaskNotice(TaskNotice.Kind.FINISHED, ""));
        assertThat(notice("{\"type\":\"error\",\"message\":\"boom\"}"))
                .isEqualTo(new TaskNotice(TaskNotice.Kind.ERROR, "boom"));
        assertThat(notice("{\"type\":\"text\",\"role\":\"user\",\"content\":\"Go on\"}"))
                .isEqualTo(new TaskNotice(TaskNotice.Kind.RUNNING, ""));
        assertThat(notice("{\"type\":\"status\",\"status\":\"STOPPED\",\"reason\":\"awaiting_input\"}")).isNull();
        assertThat(notice("{\"type\":\"text\",\"role\":\"assistant\",\"content\":\"Stopping as requested.\"}"))
                .isNull();
    }

    private static TaskNotice notice(String json) throws Exception {
        var data = JSON.readTree(json);
        return TaskNotice.of(data, MessageText.of(data));
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
