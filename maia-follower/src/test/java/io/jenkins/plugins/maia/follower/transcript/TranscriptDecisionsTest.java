package io.jenkins.plugins.maia.follower.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.maia.client.model.AgentConfig;
import io.jenkins.plugins.maia.client.model.Mode;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.PermissionMessage;
import io.jenkins.plugins.maia.client.model.QuestionAnswer;
import io.jenkins.plugins.maia.client.model.QuestionDecision;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskEvent;
import io.jenkins.plugins.maia.client.model.TaskStatus;
import io.jenkins.plugins.maia.client.model.ToolDecision;
import io.jenkins.plugins.maia.follower.follow.FollowOutcome;
import io.jenkins.plugins.maia.follower.follow.FollowResult;
import io.jenkins.plugins.maia.follower.follow.FollowState;
import io.jenkins.plugins.maia.follower.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a person was asked, what they answered, and a pause that is not an end, in the .md and .html. */
class TranscriptDecisionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"
            + "[x](javascript:alert(3)) \"'&amp;";

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();

    private static Task task(TaskStatus status, PendingDecision... pending) {
        return new Task("t-1", status, "d", Instant.EPOCH, Instant.parse("2025-01-01T00:00:05Z"),
                new AgentConfig("data_engineer_agent", Mode.ACT, "p", "main", "env", "maia/fix-1", null, null, null),
                List.of(), List.of(pending));
    }

    private static FollowResult result(FollowOutcome outcome, Task task, List<PendingDecision> pending,
            String detail) {
        return new FollowResult(outcome, task, FollowState.start("t-1", null), pending, null, detail);
    }

    private static TaskEvent say(String text) {
        return new TaskEvent(JSON.createObjectNode().put("type", "text").put("role", "assistant").put("content", text),
                "g", null, null);
    }

    private static PendingDecision push() {
        ObjectNode input = JSON.createObjectNode().put("remote", "origin").put("branch", "maia/fix-1");
        return new PendingDecision("tool", "git_push", "c9",
                new PermissionMessage("Push the branch", "Pushes 3 commits\nto origin"), input);
    }

    private static PendingDecision question() throws Exception {
        return new PendingDecision("question", PendingDecision.ASK_USER_QUESTION, "q1",
                new PermissionMessage("The agent asks", "Pick a load strategy"), JSON.readTree("{\"questions\":["
                        + "{\"question\":\"Which load?\",\"header\":\"Load\",\"multiSelect\":false,\"options\":["
                        + "{\"label\":\"Incremental\",\"description\":\"Only new rows\"},"
                        + "{\"label\":\"Full\",\"description\":\"Reload everything\"}]},"
                        + "{\"question\":\"Which checks?\",\"multiSelect\":true,\"options\":[\"nulls\",\"dupes\"]}]}"));
    }

    /** A follow pauses for two decisions, then a resumed follow appends the answers and the real end. */
    private Transcripts pausedThenResumed() throws Exception {
        PendingDecision push = push();
        PendingDecision question = question();
        try (TranscriptWriter w = TranscriptWriter.open(dir, "t-1", Redactor.headersOnly(), clock)) {
            w.onEvent(say("I need to push and to ask"));
            w.onStatus(task(TaskStatus.STOPPED, push, question));
            w.close(result(FollowOutcome.NEEDS_DECISION, task(TaskStatus.STOPPED, push, question),
                    List.of(push, question), "waiting for a human decision"));
        }
        try (TranscriptWriter w = TranscriptWriter.open(dir, "t-1", Redactor.headersOnly(), clock)) {
            w.onStatus(task(TaskStatus.STOPPED, push, question)); // the resumed follow reads the same pause
            w.onDecision(push, ToolDecision.approveForTask("c9"), "alice");
            w.onDecision(question, new QuestionDecision("q1", List.of(new QuestionAnswer(0, List.of("Incremental")),
                    new QuestionAnswer(1, List.of("nulls", "dupes")))), "bob");
            w.onStatus(task(TaskStatus.RUNNING));
            w.onEvent(say("Pushed and loaded"));
            return w.close(result(FollowOutcome.FINISHED, task(TaskStatus.STOPPED), List.of(), "the task is done"));
        }
    }

    @Test
    void aPauseIsShownAsAPauseAndOnlyTheRealEndAsTheResult() throws Exception {
        Transcripts files = pausedThenResumed();

        String md = Files.readString(files.markdown());
        assertThat(md).doesNotContain("Result: NEEDS_DECISION").doesNotContain("NEEDS\\_DECISION");
        assertThat(count(md, "## Paused: waiting for 2 decisions\n")).isEqualTo(1);
        assertThat(count(md, "## Result: ")).isEqualTo(1);
        int paused = md.indexOf("## Paused");
        int answered = md.indexOf("**answered** by bob");
        int result = md.indexOf("## Result: FINISHED");
        assertThat(paused).isPositive().isLessThan(answered);
        assertThat(answered).isLessThan(result);
        // The pause names what is asked; the details were shown by the status right above it.
        assertThat(md.substring(paused, answered)).contains("- ` git_push ` (c9): Push the branch\n")
                .contains("` ask_user_question ` (q1): The agent asks · question 0: Which load? · question 1: "
                        + "Which checks?")
                .contains("waiting for a human decision");
        assertThat(md).contains("**STOPPED** · still waiting for the same 2 decisions (above)");

        Document html = Jsoup.parse(Files.readString(files.html()));
        assertThat(html.select("h2").eachText()).containsExactly("Paused: waiting for 2 decisions",
                "Result: FINISHED");
        assertThat(html.select(".pause li").eachText()).containsExactly("git_push (c9): Push the branch",
                "ask_user_question (q1): The agent asks · question 0: Which load? · question 1: Which checks?");
        assertThat(html.select(".result")).hasSize(1);

        // The .jsonl's pause line carries the decisions whole, so it renders on its own.
        JsonNode pause = Files.readAllLines(files.jsonl()).stream().map(TranscriptDecisionsTest::tree)
                .filter(n -> "NEEDS_DECISION".equals(n.path("outcome").asText())).findFirst().orElseThrow();
        assertThat(pause.path("pending")).hasSize(2);
        assertThat(pause.path("pending").get(1).path("toolInput").path("questions").get(0).path("question").asText())
                .isEqualTo("Which load?");
        assertThat(pause.path("pending").get(0).path("body").asText()).isEqualTo("Pushes 3 commits\nto origin");
    }

    @Test
    void aFollowThatEndsPausedEndsWithThePauseNotAResult() throws Exception {
        PendingDecision push = push();
        Transcripts files;
        try (TranscriptWriter w = TranscriptWriter.open(dir, "t-1", Redactor.headersOnly(), clock)) {
            w.onStatus(task(TaskStatus.STOPPED, push));
            files = w.close(result(FollowOutcome.NEEDS_DECISION, task(TaskStatus.STOPPED, push), List.of(push),
                    "waiting for a human decision: git_push"));
        }

        assertThat(Files.readString(files.markdown())).contains("## Paused: waiting for 1 decision\n")
                .doesNotContain("## Result");
        Document html = Jsoup.parse(Files.readString(files.html()));
        assertThat(html.select("h2").eachText()).containsExactly("Paused: waiting for 1 decision");
    }

    @Test
    void everythingAPersonWasAskedAndWhatTheyAnsweredIsInTheHtml() throws Exception {
        Transcripts files = pausedThenResumed();

        Document html = Jsoup.parse(Files.readString(files.html()));
        List<Element> asked = html.select(".asked");
        assertThat(asked).as("each decision shown in full once, where it is first asked").hasSize(2);
        Element tool = asked.get(0);
        assertThat(tool.select(".meta").first().text()).isEqualTo("Asked · git_push (c9)");
        assertThat(tool.select("p b").text()).isEqualTo("Push the branch");
        assertThat(tool.select(".text").first().wholeText()).isEqualTo("Pushes 3 commits\nto origin");
        assertThat(tool.select("pre").first().wholeText()).isEqualTo(
                "{\n  \"remote\" : \"origin\",\n  \"branch\" : \"maia/fix-1\"\n}"); // pretty-printed
        Element q = asked.get(1);
        assertThat(q.select(".meta").first().text()).isEqualTo("Asked · ask_user_question (q1)");
        assertThat(q.select(".text").first().text()).isEqualTo("Pick a load strategy");
        assertThat(q.select(".q > p").eachText()).containsExactly("Question 0 · Load: Which load?",
                "Question 1: Which checks? (several answers allowed)");
        assertThat(q.select(".q").get(0).select("li").eachText()).containsExactly("Incremental · Only new rows",
                "Full · Reload everything");
        assertThat(q.select(".q").get(1).select("li").eachText()).containsExactly("nulls", "dupes");
        assertThat(q.select("pre")).as("a parsed question is shown as questions, not as raw input").isEmpty();

        List<Element> decisions = html.select(".decision");
        assertThat(decisions.get(0).text()).endsWith("Decision on git_push (c9): approved for the task by alice");
        assertThat(decisions.get(0).select("code").text()).isEqualTo("git_push");
        assertThat(decisions.get(1).text()).contains("Decision on ask_user_question (q1): answered by bob question 0");
        assertThat(decisions.get(1).select("li").eachText()).containsExactly(
                "question 0 (Which load?): Incremental", "question 1 (Which checks?): nulls, dupes");

        String md = Files.readString(files.markdown());
        assertThat(md).contains("**Asked:** ` git_push ` (c9) · **Push the branch**\n\n> Pushes 3 commits\n> to origin\n")
                .contains("Tool input:\n\n```\n{\n  \"remote\" : \"origin\",")
                .contains("Question 0 · Load: Which load?\n\n- **Incremental**: Only new rows\n- **Full**: Reload "
                        + "everything\n")
                .contains("Question 1: Which checks? *(several answers allowed)*\n\n- **nulls**\n- **dupes**\n")
                .contains("**approved for the task** by alice")
                .contains("**answered** by bob:\n\n- question 0 (Which load?): **Incremental**\n"
                        + "- question 1 (Which checks?): **nulls, dupes**\n");
        assertThat(md).doesNotContain("Incremental;").doesNotContain("dupes;");
    }

    @Test
    void hostileDecisionTextIsEscapedInBothFormats() throws Exception {
        ObjectNode input = JSON.createObjectNode().put("cmd", HOSTILE);
        PendingDecision tool = new PendingDecision("tool", "<svg onload=alert(5)>", "<i>c1</i>",
                new PermissionMessage(HOSTILE, "# heading\n- list\n" + HOSTILE), input);
        PendingDecision question = new PendingDecision("question", PendingDecision.ASK_USER_QUESTION, "q1",
                new PermissionMessage(null, null), JSON.readTree("{\"question\":" + JSON.writeValueAsString(HOSTILE)
                        + ",\"header\":\"<b>h</b>\",\"options\":[{\"label\":" + JSON.writeValueAsString(HOSTILE)
                        + ",\"description\":\"![p](http://tracker.example/p.png) <iframe src=x>\"}]}"));
        Transcripts files;
        try (TranscriptWriter w = TranscriptWriter.open(dir, "t-1", Redactor.headersOnly(), clock)) {
            w.onStatus(task(TaskStatus.STOPPED, tool, question));
            w.onDecision(tool, ToolDecision.reject("<i>c1</i>"), "<u>eve</u>");
            w.onDecision(question, new QuestionDecision("q1", List.of(new QuestionAnswer(0, List.of(HOSTILE)))),
                    "[eve](javascript:alert(6))");
            w.onStatus(task(TaskStatus.STOPPED, tool));
            files = w.close(result(FollowOutcome.NEEDS_DECISION, task(TaskStatus.STOPPED, tool), List.of(tool),
                    HOSTILE));
        }

        Document html = Jsoup.parse(Files.readString(files.html()));
        assertInert(html);
        assertThat(html.select(".asked").get(0).select("p b").text()).isEqualTo(HOSTILE);
        assertThat(html.select(".asked").get(0).select("pre").text()).contains("\"cmd\" : \"" + HOSTILE
                .replace("\"", "\\\"") + "\"");
        assertThat(html.select(".asked").get(1).select(".q > p").text()).isEqualTo("Question 0 · <b>h</b>: "
                + HOSTILE);
        assertThat(html.select(".asked").get(1).select("li").text()).isEqualTo(HOSTILE
                + " · ![p](http://tracker.example/p.png) <iframe src=x>");
        assertThat(html.select(".decision li").text()).isEqualTo("question 0 (" + HOSTILE + "): " + HOSTILE);
        assertThat(html.select(".pause li").text()).isEqualTo("<svg onload=alert(5)> (<i>c1</i>): " + HOSTILE);

        String md = Files.readString(files.markdown());
        Document rendered = Jsoup.parseBodyFragment(HtmlRenderer.builder().build()
                .render(Parser.builder().build().parse(md)));
        assertInert(rendered);
        assertThat(rendered.select("h1, h2").eachText()).containsExactly("Maia task t-1",
                "Paused: waiting for 1 decision");
        String text = rendered.body().wholeText();
        assertThat(text).contains("# heading\n- list\n" + HOSTILE).contains("by [eve](javascript:alert(6))")
                .contains("question 0 (" + HOSTILE + "): " + HOSTILE)
                .contains("![p](http://tracker.example/p.png) <iframe src=x>");
    }

    @Test
    void aLongToolInputIsCutAtTheDocumentedSizeWithANote() throws Exception {
        ObjectNode input = JSON.createObjectNode().put("content", "x".repeat(10_000));
        PendingDecision edit = new PendingDecision("tool", "edit_file", "c1", new PermissionMessage("Edit", ""), input);
        Transcripts files;
        try (TranscriptWriter w = TranscriptWriter.open(dir, "t-1", Redactor.headersOnly(), clock)) {
            w.onStatus(task(TaskStatus.STOPPED, edit));
            files = w.close(result(FollowOutcome.FINISHED, task(TaskStatus.STOPPED), List.of(), "done"));
        }

        String pre = Jsoup.parse(Files.readString(files.html())).select(".asked pre").first().wholeText();
        int shown = TranscriptSink.MAX_BLOCK_CHARS;
        assertThat(pre).startsWith("{\n  \"content\" : \"xxx")
                .endsWith("\n... (" + (10_000 + "{\n  \"content\" : \"\"\n}".length() - shown)
                        + " more characters in the .jsonl)");
        assertThat(pre.length()).isLessThan(shown + 60);
        assertThat(Files.readString(files.jsonl())).contains("x".repeat(10_000)); // the .jsonl keeps it whole
    }

    @Test
    void anOldTranscriptWhosePauseListsNothingFallsBackToTheLastStatus() throws Exception {
        Path jsonl = TranscriptWriter.paths(dir, "t-3").jsonl();
        Files.writeString(jsonl, String.join("\n",
                "{\"maia\":\"status\",\"at\":\"2025-01-01T00:00:01Z\",\"status\":\"STOPPED\",\"pending\":[{\"type\":"
                        + "\"tool\",\"toolName\":\"git_push\",\"toolId\":\"c9\",\"title\":\"Push\",\"body\":\"b\","
                        + "\"toolInput\":{\"a\":1}}]}",
                "{\"maia\":\"result\",\"at\":\"2025-01-01T00:00:02Z\",\"outcome\":\"NEEDS_DECISION\",\"detail\":"
                        + "\"waiting\",\"status\":\"STOPPED\",\"targetBranchName\":null}",
                "{\"maia\":\"decision\",\"at\":\"2025-01-01T00:00:03Z\",\"toolId\":\"c9\",\"toolName\":\"git_push\","
                        + "\"decidedBy\":\"alice\",\"type\":\"tool\",\"approved\":true,\"scope\":null}",
                "{\"maia\":\"result\",\"at\":\"2025-01-01T00:00:04Z\",\"outcome\":\"FINISHED\",\"detail\":\"done\","
                        + "\"status\":\"STOPPED\",\"targetBranchName\":null}", ""));

        Transcripts files = TranscriptWriter.render(dir, "t-3");

        Document html = Jsoup.parse(Files.readString(files.html()));
        assertThat(html.select("h2").eachText()).containsExactly("Paused: waiting for 1 decision", "Result: FINISHED");
        assertThat(html.select(".pause li").eachText()).containsExactly("git_push (c9): Push");
        assertThat(html.select(".decision").text()).contains("approved once by alice");
    }

    @Test
    void aPauseWhoseDecisionsNoStatusShowedShowsThemInFull() throws Exception {
        PendingDecision push = push();
        Transcripts files;
        try (TranscriptWriter w = TranscriptWriter.open(dir, "t-1", Redactor.headersOnly(), clock)) {
            files = w.close(result(FollowOutcome.NEEDS_DECISION, task(TaskStatus.STOPPED, push), List.of(push),
                    "waiting"));
        }

        Document html = Jsoup.parse(Files.readString(files.html()));
        assertThat(html.select(".pause .asked")).hasSize(1);
        assertThat(html.select(".pause .asked pre").text()).contains("\"remote\" : \"origin\"");
        assertThat(html.select(".pause .asked .text").text()).isEqualTo("Pushes 3 commits to origin");
    }

    static void assertInert(Document doc) {
        assertThat(doc.select("script, img, a, svg, iframe, object, embed, link, base, form, input, h3, h4, h5, h6"))
                .as("elements from agent text").isEmpty();
        List<String> problems = new ArrayList<>();
        for (Element e : doc.getAllElements()) {
            for (Attribute a : e.attributes()) {
                String key = a.getKey().toLowerCase(Locale.ROOT);
                if (key.startsWith("on") || key.equals("style") || a.getValue().contains("javascript:")) {
                    problems.add(key + " on <" + e.normalName() + ">");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    private static JsonNode tree(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
