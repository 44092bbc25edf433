package io.jenkins.plugins.maia.follower.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.maia.client.model.AgentConfig;
import io.jenkins.plugins.maia.client.model.Mode;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.QuestionAnswer;
import io.jenkins.plugins.maia.client.model.QuestionDecision;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskEvent;
import io.jenkins.plugins.maia.client.model.TaskStatus;
import io.jenkins.plugins.maia.client.model.ToolDecision;
import io.jenkins.plugins.maia.follower.follow.FollowOutcome;
import io.jenkins.plugins.maia.follower.follow.FollowResult;
import io.jenkins.plugins.maia.follower.follow.FollowState;
import io.jenkins.plugins.maia.follower.testing.FakeMaia;
import io.jenkins.plugins.maia.follower.testing.ManualClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranscriptWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.secret-payload.signature";
    private static final String CLIENT_SECRET = "cs_live_0123456789";

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();

    private static TaskEvent event(String rawJson) throws IOException {
        JsonNode raw = JSON.readTree(rawJson);
        return new TaskEvent(raw.get("data"), raw.path("groupId").asText(null),
                raw.hasNonNull("timestamp") ? Instant.parse(raw.get("timestamp").asText()) : null, raw);
    }

    private static Task task(TaskStatus status, PendingDecision... pending) {
        return new Task("t-1", status, "d", Instant.EPOCH, Instant.parse("2025-01-01T00:00:05Z"),
                new AgentConfig("data_engineer_agent", Mode.ACT, "p", "main", "env", "maia/fix-1", null, null, null),
                List.of(), List.of(pending));
    }

    private static FollowResult result(FollowOutcome outcome, Task task) {
        return new FollowResult(outcome, task, FollowState.start("t-1", null), List.of(), "done", "the task is done");
    }

    @Test
    void jsonlKeepsEveryRawEventUntouchedAndAddsMarkedLines() throws Exception {
        List<String> raws = List.of(
                "{\"data\":{\"type\":\"text\",\"role\":\"assistant\",\"content\":\"Hi \\u00e9 \\\"q\\\"\"},"
                        + "\"groupId\":\"g1\",\"timestamp\":\"2025-01-01T00:00:01.123Z\",\"extra\":[1,2.50,null]}",
                "{\"data\":{\"type\":\"tool_use\",\"toolName\":\"query_warehouse\",\"toolId\":\"c1\","
                        + "\"input\":{\"sql\":\"select 1\"}},\"groupId\":\"g1\",\"timestamp\":\"2025-01-01T00:00:02Z\"}",
                "{\"data\":\"just a string\",\"groupId\":\"g2\",\"timestamp\":\"2025-01-01T00:00:03+00:00\"}");
        PendingDecision push = FakeMaia.tool("c9", "git_push");
        Transcripts files;
        try (TranscriptWriter w = TranscriptWriter.open(dir, "t-1", Redactor.headersOnly(), clock)) {
            w.onStatus(task(TaskStatus.RUNNING));
            for (String raw : raws) {
                w.onEvent(event(raw));
            }
            w.onStatus(task(TaskStatus.STOPPED, push));
            w.onDecision(push, ToolDecision.approveOnce("c9"), "policy");
            files = w.close(result(FollowOutcome.FINISHED, task(TaskStatus.STOPPED)));
        }

        List<String> lines = Files.readAllLines(files.jsonl(), StandardCharsets.UTF_8);
        List<JsonNode> events = new ArrayList<>();
        List<String> markers = new ArrayList<>();
        for (String line : lines) {
            JsonNode node = JSON.readTree(line);
            if (node.has(TranscriptWriter.MARKER)) {
                markers.add(node.get(TranscriptWriter.MARKER).asText());
            } else {
                events.add(node);
            }
        }
        assertThat(events).hasSize(3);
        for (int i = 0; i < raws.size(); i++) {
            assertThat(events.get(i)).isEqualTo(JSON.readTree(raws.get(i))); // lossless
        }
        assertThat(markers).containsExactly("status", "status", "decision", "result");
        JsonNode decision = JSON.readTree(lines.get(lines.size() - 2));
        assertThat(decision.get("toolId").asText()).isEqualTo("c9");
        assertThat(decision.get("approved").asBoolean()).isTrue();
        assertThat(decision.get("decidedBy").asText()).isEqualTo("policy");
    }

    @Test
    void aDecisionIsNeverStampedBeforeTheEventThatAskedForItWhenTheServerClockRunsAhead() throws Exception {
        // This machine's clock says 2020; the server stamps its events 2025: our lines must not go back in time.
        InstantSource behind = InstantSource.fixed(java.time.Instant.parse("2020-01-01T00:00:00Z"));
        PendingDecision push = FakeMaia.tool("c9", "git_push");
        Transcripts files;
        try (TranscriptWriter w = TranscriptWriter.open(dir, "t-1", Redactor.headersOnly(), behind)) {
            w.onEvent(event("{\"data\":{\"type\":\"status\",\"status\":\"STOPPED\"},\"groupId\":\"g\","
                    + "\"timestamp\":\"2025-01-01T00:00:05Z\"}"));
            w.onDecision(push, ToolDecision.approveOnce("c9"), "policy");
            files = w.close(result(FollowOutcome.FINISHED, task(TaskStatus.STOPPED)));
        }
        List<String> lines = Files.readAllLines(files.jsonl(), StandardCharsets.UTF_8);
        JsonNode decision = JSON.readTree(lines.get(1));
        assertThat(decision.get(TranscriptWriter.MARKER).asText()).isEqualTo("decision");
        assertThat(decision.get("at").asText()).isEqualTo("2025-01-01T00:00:05Z");
    }

    @Test
    void markdownSaysWhoSaidWhatToolRequestsDecisionsAndTheResult() throws Exception {
        Transcripts files;
        PendingDecision q = FakeMaia.question("q1", "{\"question\":\"Which?\",\"options\":[\"a\",\"b\"]}");
        try (TranscriptWriter w = TranscriptWriter.open(dir, "t-1", Redactor.headersOnly(), clock)) {
            w.onEvent(event("{\"data\":{\"type\":\"text\",\"role\":\"user\",\"content\":\"Fix the pipeline\"},"
                    + "\"groupId\":\"g\",\"timestamp\":\"2025-01-01T00:00:01Z\"}"));
            w.onEvent(event("{\"data\":{\"type\":\"text\",\"role\":\"assistant\",\"content\":\"Looking at it\\nnow\"},"
                    + "\"groupId\":\"g\",\"timestamp\":\"2025-01-01T00:00:02Z\"}"));
            w.onEvent(event("{\"data\":{\"type\":\"tool_use\",\"toolName\":\"query_warehouse\",\"input\":"
                    + "{\"sql\":\"select ```x```\"}},\"groupId\":\"g\",\"timestamp\":\"2025-01-01T00:00:03Z\"}"));
            w.onStatus(task(TaskStatus.STOPPED, q));
            w.onDecision(q, new QuestionDecision("q1", List.of(new QuestionAnswer(0, List.of("b")))), "alice");
            files = w.close(result(FollowOutcome.FINISHED, task(TaskStatus.STOPPED)));
        }

        String md = Files.readString(files.markdown());
        assertThat(md).startsWith("# Maia task t-1");
        assertThat(md).contains("**User**\n\n> Fix the pipeline");
        assertThat(md).contains("**Agent**\n\n> Looking at it\n> now");
        assertThat(md).contains("**Tool call** ` query_warehouse `").contains("````\n{\"sql\":\"select ```x```\"}\n````");
        assertThat(md).contains("**STOPPED** · waiting for 1 decision:\n\n**Asked:** ` ask_user_question ` (q1) · "
                + "**A question**\n\nQuestion 0: Which?\n\n- **a**\n- **b**\n");
        assertThat(md).contains("**answered** by alice:\n\n- question 0 (Which?): **b**\n").doesNotContain("b;");
        assertThat(md).contains("## Result: FINISHED").contains("the task is done").contains("maia/fix-1");
        assertThat(md).contains("*3 events.*");
    }

    @Test
    void htmlHasNoScriptNoEventHandlersNoLinksAndEscapesAHostileMessage() throws Exception {
        String hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>"
                + "<a href=\"javascript:alert(3)\">click</a>\"'&amp; \u001b[31mred\u0007 http://evil.example/";
        Transcripts files;
        try (TranscriptWriter w = TranscriptWriter.open(dir, "t-1", Redactor.headersOnly(), clock)) {
            w.onEvent(new TaskEvent(JSON.createObjectNode().put("type", "text").put("role", "assistant")
                    .put("content", hostile), "<g>", null, null));
            w.onEvent(new TaskEvent(JSON.createObjectNode().put("type", "tool_use").put("toolName", "<b>x</b>")
                    .put("input", hostile), "g", null, null));
            w.onEvent(new TaskEvent(JSON.createObjectNode().put("weird", hostile), "g", null, null));
            PendingDecision p = FakeMaia.tool("<i>c1</i>", "<svg onload=alert(4)>");
            w.onStatus(task(TaskStatus.STOPPED, p));
            w.onDecision(p, ToolDecision.reject("<i>c1</i>"), "<u>bob</u>");
            files = w.close(new FollowResult(FollowOutcome.FINISHED, task(TaskStatus.STOPPED),
                    FollowState.start("t-1", null), List.of(), hostile, hostile));
        }

        String html = Files.readString(files.html());
        Document doc = Jsoup.parse(html);
        assertThat(doc.select("script")).isEmpty();
        assertThat(doc.select("a, img, svg, iframe, object, embed, link, base, form")).isEmpty();
        for (Element e : doc.getAllElements()) {
            for (Attribute a : e.attributes()) {
                assertThat(a.getKey()).doesNotStartWithIgnoringCase("on");
                assertThat(a.getValue()).doesNotContainIgnoringCase("javascript:");
            }
        }
        assertThat(doc.select("meta[http-equiv=Content-Security-Policy]").attr("content"))
                .contains("default-src 'none'");
        // The hostile text shows up as text, with control characters neutralised.
        assertThat(doc.select(".agent .text").text()).contains("<script>alert(1)</script>").contains("\uFFFD[31mred\uFFFD")
                .doesNotContain("\u001b");
        assertThat(html).doesNotContain("\u001b").doesNotContain("\u0007");
        assertThat(html).contains("&lt;script&gt;").contains("&quot;&#39;&amp;amp;");
        assertThat(doc.select(".result h2").text()).isEqualTo("Result: FINISHED");
        String md = Files.readString(files.markdown());
        // Outside code fences and code spans (where Markdown shows text literally) no tag survives.
        String prose = md.replaceAll("(?s)(`{3,})\\n.*?\\n\\1\\n", "").replaceAll("`+ [^`]* `+", "");
        assertThat(prose).doesNotContain("<").contains("&lt;script>");
        assertThat(md).doesNotContain("\u001b").doesNotContain("\u0007");
    }

    @Test
    void markdownShowsAgentMarkupAsTextNeverAsLinksImagesOrStructure() throws Exception {
        List<String> hostile = List.of(
                "[click me](javascript:alert(1))",
                "![pixel](http://attacker.example/track.png)",
                "see [ref] and ![img][ref]",
                "[ref]: javascript:alert('md-ref')",
                "<javascript:alert('autolink')> and <http://attacker.example/>",
                "# not a heading",
                "- not a list",
                "  + not a list either",
                "12. not an ordered list",
                "3) nor this",
                "> not a nested quote",
                "**not bold** _not emphasis_ `not code` ~~struck~~",
                "| not | a table |",
                "|---|---|",
                "{: onclick=\"alert(1)\"} braces",
                "&lt;script&gt; &#x3C;b&#x3E; entities stay text",
                "a backslash at the end \\",
                "\\[escaped by the agent](javascript:alert(2))");
        String text = String.join("\n", hostile);
        Transcripts files;
        try (TranscriptWriter w = TranscriptWriter.open(dir, "t-1", Redactor.headersOnly(), clock)) {
            w.onEvent(new TaskEvent(JSON.createObjectNode().put("type", "text").put("role", "assistant")
                    .put("content", text), "g", null, null));
            PendingDecision p = FakeMaia.tool("c1", "git_push");
            w.onDecision(p, ToolDecision.reject("c1"), "[bob](javascript:alert(3))");
            files = w.close(new FollowResult(FollowOutcome.FINISHED, task(TaskStatus.STOPPED),
                    FollowState.start("t-1", null), List.of(), "![x](http://attacker.example/t.png)",
                    "- [done](javascript:alert(4))"));
        }

        String md = Files.readString(files.markdown());
        Document doc = Jsoup.parseBodyFragment(HtmlRenderer.builder().build().render(Parser.builder().build().parse(md)));
        assertThat(doc.select("a, img")).as("links or images from agent text").isEmpty();
        Element quote = doc.selectFirst("blockquote");
        assertThat(quote).isNotNull();
        assertThat(quote.select("*").stream().map(Element::normalName).distinct().toList())
                .as("the agent's message is one quoted paragraph of text")
                .containsExactlyInAnyOrder("blockquote", "p");
        List<String> shown = quote.selectFirst("p").wholeText().lines().toList();
        assertThat(shown).as("every line readable as the agent wrote it (a viewer drops leading spaces)")
                .containsExactlyElementsOf(hostile.stream().map(String::strip).toList());
        assertThat(doc.select("h1").text()).isEqualTo("Maia task t-1");
        assertThat(doc.select("h2").text()).isEqualTo("Result: FINISHED");
        assertThat(doc.select("h3, h4, h5, h6, table, ol, li, pre")).isEmpty();
        assertThat(doc.body().wholeText()).contains("by [bob](javascript:alert(3))")
                .contains("- [done](javascript:alert(4))");
    }

    @Test
    void secretsAndAuthorizationValuesAreRedactedEverywhereWritten() throws Exception {
        Redactor redactor = Redactor.of(List.of(CLIENT_SECRET));
        Transcripts files;
        try (TranscriptWriter w = TranscriptWriter.open(dir, "t-1", redactor, clock)) {
            w.onEvent(event("{\"data\":{\"type\":\"text\",\"role\":\"assistant\",\"content\":\"I ran curl -H "
                    + "'Authorization: Bearer " + TOKEN + "' and used " + CLIENT_SECRET + "\"},"
                    + "\"groupId\":\"g\",\"timestamp\":\"2025-01-01T00:00:01Z\"}"));
            w.onEvent(event("{\"data\":{\"type\":\"tool_result\",\"content\":{\"headers\":{\"authorization\":"
                    + "\"Basic dXNlcjpwYXNz\"},\"access_token\":\"" + TOKEN + "\"}},\"groupId\":\"g\","
                    + "\"timestamp\":\"2025-01-01T00:00:02Z\"}"));
            w.onEvent(event("{\"data\":{\"type\":\"text\",\"role\":\"assistant\",\"content\":\"token is bearer "
                    + TOKEN + "\"},\"groupId\":\"g\",\"timestamp\":\"2025-01-01T00:00:03Z\"}"));
            files = w.close(result(FollowOutcome.FINISHED, task(TaskStatus.STOPPED)));
        }

        for (Path p : List.of(files.jsonl(), files.markdown(), files.html())) {
            String text = Files.readString(p);
            assertThat(text).as(p.toString()).doesNotContain(TOKEN).doesNotContain("secret-payload")
                    .doesNotContain(CLIENT_SECRET).doesNotContain("dXNlcjpwYXNz").contains(Redactor.MASK);
        }
        for (String line : Files.readAllLines(files.jsonl())) {
            assertThat(JSON.readTree(line).isObject()).isTrue(); // still valid JSON after redaction
        }
    }

    @Test
    void redactorMasksTextAndNeverShowsItsSecrets() {
        Redactor r = Redactor.of(List.of("hunter2secret", "ab"));
        assertThat(r.redact("pw hunter2secret; Authorization: Basic abc\nnext line; BEARER xyz.abc"))
                .isEqualTo("pw ****; Authorization: ****\nnext line; BEARER ****");
        assertThat(r.redact("ab cab")).isEqualTo("ab cab"); // too short to be a secret
        assertThat(r.toString()).doesNotContain("hunter2secret");
        assertThat(r.redact(null)).isNull();
    }

    @Test
    void resumedWriterAppendsSkipsEventsDeliveredAgainAndDropsACutLine() throws Exception {
        List<TaskEvent> events = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            events.add(event("{\"data\":{\"type\":\"text\",\"role\":\"assistant\",\"content\":\"m" + i + "\"},"
                    + "\"groupId\":\"g\",\"timestamp\":\"2025-01-01T00:00:0" + i + "Z\"}"));
        }
        try (TranscriptWriter w = TranscriptWriter.open(dir, "t-1", Redactor.headersOnly(), clock)) {
            for (int i = 0; i < 4; i++) {
                w.onEvent(events.get(i));
            }
        }
        Path jsonl = TranscriptWriter.paths(dir, "t-1").jsonl();
        Files.writeString(jsonl, "{\"data\":{\"type\":\"te", java.nio.file.StandardOpenOption.APPEND); // crash

        // The saved state was after event 1: the resumed follow delivers 2 and 3 again, then 4 and 5.
        Transcripts files;
        try (TranscriptWriter w = TranscriptWriter.open(dir, "t-1", Redactor.headersOnly(), clock)) {
            for (int i = 2; i < 6; i++) {
                w.onEvent(events.get(i));
            }
            files = w.close(result(FollowOutcome.FINISHED, task(TaskStatus.STOPPED)));
        }

        List<String> contents = new ArrayList<>();
        for (String line : Files.readAllLines(files.jsonl())) {
            JsonNode node = JSON.readTree(line);
            if (!node.has(TranscriptWriter.MARKER)) {
                contents.add(node.path("data").path("content").asText());
            }
        }
        assertThat(contents).containsExactly("m0", "m1", "m2", "m3", "m4", "m5");
    }

    @Test
    void renderingSkipsUnreadableLinesAndRejectsUnsafeTaskIds() throws Exception {
        Path jsonl = TranscriptWriter.paths(dir, "t-2").jsonl();
        Files.writeString(jsonl, "{\"data\":\"ok\",\"timestamp\":\"t\"}\nnot json\n[1]\n\n{\"maia\":\"future-kind\"}\n");

        Transcripts files = TranscriptWriter.render(dir, "t-2");

        assertThat(Files.readString(files.markdown())).contains("line 2 of the .jsonl could not be read")
                .contains("line 3").contains("> ok").contains("*1 events.*");
        assertThatThrownBy(() -> TranscriptWriter.paths(dir, "../etc/passwd")).hasMessageContaining("taskId");
        assertThatThrownBy(() -> TranscriptWriter.render(dir, "missing")).hasMessageContaining("No transcript");
    }
}
