package io.jenkins.plugins.maia.follower.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskEvent;
import io.jenkins.plugins.maia.client.model.TaskStatus;
import io.jenkins.plugins.maia.follower.follow.FollowOutcome;
import io.jenkins.plugins.maia.follower.follow.FollowResult;
import io.jenkins.plugins.maia.follower.follow.FollowState;
import io.jenkins.plugins.maia.follower.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12, item 6: the common agent shapes in the transcripts, with the whole tool input and result. */
class TranscriptShapesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A tool input longer than a console line: the transcripts show it whole. */
    private static final String LONG_QUERY = "SELECT region, SUM(amount) AS total FROM sales WHERE "
            + "region <> 'OTHER' ".repeat(30) + "GROUP BY region";

    /** One realistic run of an SDK-built agent, as events. */
    private static final List<String> EVENTS = List.of(
            "{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"s1\",\"model\":\"claude-sonnet-4-5\","
                    + "\"tools\":[\"query_warehouse\",\"git_push\"],\"cwd\":\"/work\"}",
            "{\"type\":\"user\",\"message\":\"Load the sales data\"}",
            "{\"type\":\"assistant\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
                    + "\"content\":[{\"type\":\"text\",\"text\":\"I'll look at the sales table.\"},"
                    + "{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":\"query_warehouse\",\"input\":{\"query\":\""
                    + LONG_QUERY + "\"}}]},\"session_id\":\"s1\"}",
            "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
                    + "\"tool_use_id\":\"toolu_01\",\"content\":[{\"type\":\"text\",\"text\":\"5 rows: EMEA 1.2M\"}]}]}}",
            "{\"type\":\"status\",\"status\":\"STOPPED\",\"reason\":\"awaiting_input\"}",
            "{\"type\":\"error\",\"message\":\"The warehouse connection dropped\"}",
            "{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"result\":\"Loaded the data.\"}",
            "{\"type\":\"telemetry\",\"tokens\":1234}");

    @TempDir
    Path dir;

    private Transcripts write() throws Exception {
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        try (TranscriptWriter w = TranscriptWriter.open(dir, "t-1", Redactor.headersOnly(), new ManualClock())) {
            for (int i = 0; i < EVENTS.size(); i++) {
                JsonNode data = JSON.readTree(EVENTS.get(i));
                var raw = JSON.createObjectNode().put("groupId", "g").put("timestamp", t.plusSeconds(i).toString());
                raw.set("data", data);
                w.onEvent(new TaskEvent(data, "g", t.plusSeconds(i), raw));
            }
            Task task = new Task("t-1", TaskStatus.STOPPED, "d", t, t, null, List.of(), List.of());
            return w.close(new FollowResult(FollowOutcome.FINISHED, task, FollowState.start("t-1", null), List.of(),
                    "Loaded the data.", "the task is STOPPED with nothing pending"));
        }
    }

    @Test
    void markdownShowsEachShapeInWordsWithTheWholeToolInputAndTheResultLabelled() throws Exception {
        String md = Files.readString(write().markdown());

        assertThat(md).contains("*System*\n\n> init (model claude-sonnet-4-5, 2 tools)");
        assertThat(md).contains("**User**\n\n> Load the sales data");
        assertThat(md).contains("**Agent**\n\n> I'll look at the sales table.");
        assertThat(md).contains("**Tool call** ` query_warehouse ` (toolu\\_01)")
                .contains("```\n{\"query\":\"" + LONG_QUERY + "\"}\n```");
        assertThat(md).contains("**Tool result** (toolu\\_01)").contains("```\n5 rows: EMEA 1.2M\n```");
        assertThat(md).doesNotContain("**User**\n\n> 5 rows");
        assertThat(md).contains("Server status:* STOPPED (awaiting input)");
        assertThat(md).contains("**Error**\n\n> The warehouse connection dropped");
        assertThat(md).contains("**Agent, final summary**\n\n> Loaded the data.");
        assertThat(md).contains("*Event*\n\n```\n{\"type\":\"telemetry\",\"tokens\":1234}\n```");
        assertThat(md).doesNotContain("\"type\":\"status\"").doesNotContain("\"type\":\"error\"");
        assertThat(md).contains("*8 events.*");
    }

    @Test
    void htmlAndTheViewLabelEachShapeAndKeepTheWholeInput() throws Exception {
        Transcripts files = write();
        Document html = Jsoup.parse(Files.readString(files.html()));

        List<String> headings = html.select("div.e > div.meta").eachText().stream()
                .map(h -> h.replaceFirst("^\\S+ · ", "")).toList();
        assertThat(headings).containsExactly("System", "User", "Agent", "Tool call query_warehouse (toolu_01)",
                "Tool result (toolu_01)", "Server status", "Error", "Agent, final summary", "Event");
        assertThat(html.select("div.tool pre").first().text()).isEqualTo("{\"query\":\"" + LONG_QUERY + "\"}");
        assertThat(html.select("div.error").text()).contains("The warehouse connection dropped");

        TranscriptView view = TranscriptView.read(files.jsonl(), 100);
        assertThat(view.entries()).extracting(TranscriptEntry::label).startsWith("System", "User", "Agent",
                "Tool call query_warehouse", "Tool result", "Server status", "Error", "Agent, final summary", "Event");
        assertThat(view.entries().get(3).text()).isEqualTo("{\"query\":\"" + LONG_QUERY + "\"}");
        assertThat(view.entries().get(5).text()).isEqualTo("STOPPED (awaiting input)");
    }
}
