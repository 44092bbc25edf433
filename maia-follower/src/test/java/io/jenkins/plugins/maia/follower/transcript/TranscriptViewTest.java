package io.jenkins.plugins.maia.follower.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.jenkins.plugins.maia.follower.transcript.TranscriptEntry.Kind;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranscriptViewTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOSTILE = "<script>alert(1)</script> & \"quotes\" [x](javascript:alert(2))";

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();

    private static Task task(TaskStatus status, PendingDecision... pending) {
        return new Task("t-1", status, "d", Instant.EPOCH, Instant.parse("2025-01-01T00:00:05Z"),
                new AgentConfig("data_engineer_agent", Mode.ACT, "p", "main", "env", "maia/fix-1", null, null, null),
                List.of(), List.of(pending));
    }

    private static TaskEvent event(String json) throws IOException {
        return new TaskEvent(JSON.readTree(json), "g", Instant.parse("2025-01-01T00:00:01Z"), null);
    }

    private Path wholeRun() throws Exception {
        PendingDecision question = new PendingDecision("question", PendingDecision.ASK_USER_QUESTION, "q1",
                new PermissionMessage("The agent asks", HOSTILE), JSON.readTree("{\"question\":\"Which load?\","
                        + "\"options\":[{\"label\":\"Incremental\",\"description\":\"Only new rows\"},\"Full\"]}"));
        PendingDecision push = new PendingDecision("tool", "git_push", "c9", new PermissionMessage("Push", "to origin"),
                JSON.createObjectNode().put("branch", "maia/fix-1"));
        try (TranscriptWriter w = TranscriptWriter.open(dir, "t-1", Redactor.headersOnly(), clock)) {
            w.onEvent(event("{\"type\":\"text\",\"role\":\"user\",\"content\":\"Fix it\"}"));
            w.onEvent(event("{\"type\":\"text\",\"role\":\"assistant\",\"content\":" + JSON.writeValueAsString(HOSTILE)
                    + "}"));
            w.onEvent(event("{\"type\":\"tool_use\",\"toolName\":\"query_warehouse\",\"input\":{\"sql\":\"select 1\"}}"));
            w.onEvent(event("{\"type\":\"tool_result\",\"toolName\":\"query_warehouse\",\"content\":\"1 row\"}"));
            w.onStatus(task(TaskStatus.STOPPED, question, push));
            w.close(new FollowResult(FollowOutcome.NEEDS_DECISION, task(TaskStatus.STOPPED, question, push),
                    FollowState.start("t-1", null), List.of(question, push), null, "waiting for a human decision"));
        }
        Path jsonl = TranscriptWriter.paths(dir, "t-1").jsonl();
        Files.writeString(jsonl, "not json\n", java.nio.file.StandardOpenOption.APPEND);
        try (TranscriptWriter w = TranscriptWriter.open(dir, "t-1", Redactor.headersOnly(), clock)) {
            w.onDecision(question, new QuestionDecision("q1", List.of(new QuestionAnswer(0, List.of("Incremental")))),
                    "alice");
            w.onDecision(push, ToolDecision.reject("c9"), "bob");
            w.close(new FollowResult(FollowOutcome.FINISHED, task(TaskStatus.STOPPED),
                    FollowState.start("t-1", null), List.of(), null, "the task is done"));
        }
        return jsonl;
    }

    @Test
    void readsEveryKindOfEntryWithWholeUnescapedText() throws Exception {
        TranscriptView view = TranscriptView.read(wholeRun(), 100);

        assertThat(view.cut()).isFalse();
        assertThat(view.omitted()).isZero();
        assertThat(view.events()).isEqualTo(4);
        assertThat(view.entries()).extracting(TranscriptEntry::kind).containsExactly(Kind.MESSAGE, Kind.MESSAGE,
                Kind.TOOL_CALL, Kind.TOOL_RESULT, Kind.STATUS, Kind.PAUSE, Kind.UNREADABLE, Kind.DECISION,
                Kind.DECISION, Kind.RESULT);
        assertThat(view.entries()).extracting(TranscriptEntry::label).containsExactly("User", "Agent",
                "Tool call query_warehouse", "Tool result query_warehouse", "Status: STOPPED",
                "Paused: waiting for 2 decisions", "Unreadable line", "Decision on ask_user_question (q1)",
                "Decision on git_push (c9)", "Result: FINISHED");
        assertThat(view.entries()).extracting(TranscriptEntry::line).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L,
                9L, 10L);
        List<TranscriptEntry> e = view.entries();
        assertThat(e.get(0).time()).isEqualTo("2025-01-01T00:00:01Z");
        assertThat(e.get(1).text()).isEqualTo(HOSTILE); // the page escapes, not the view
        assertThat(e.get(2).text()).isEqualTo("{\"sql\":\"select 1\"}");
        assertThat(e.get(4).text()).isEqualTo("""
                Waiting for 2 decisions:

                ask_user_question (q1): The agent asks
                %s
                question 0: Which load?
                   1) Incremental - Only new rows
                   2) Full

                git_push (c9): Push
                to origin
                Tool input:
                {
                  "branch" : "maia/fix-1"
                }""".formatted(HOSTILE));
        assertThat(e.get(5).text()).isEqualTo("""
                ask_user_question (q1): The agent asks · question 0: Which load?
                git_push (c9): Push

                waiting for a human decision""");
        assertThat(e.get(6).text()).isEqualTo("Line 7 of the .jsonl could not be read.");
        assertThat(e.get(7).text()).isEqualTo("answered by alice\nquestion 0 (Which load?): Incremental");
        assertThat(e.get(8).text()).isEqualTo("rejected by bob");
        assertThat(e.get(9).text()).isEqualTo("the task is done\nTarget branch: maia/fix-1");
        assertThatThrownBy(() -> view.entries().add(e.get(0))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void keepsTheLastEntriesAndSaysHowManyWereLeftOut() throws Exception {
        TranscriptView view = TranscriptView.read(wholeRun(), 3);

        assertThat(view.cut()).isTrue();
        assertThat(view.omitted()).isEqualTo(7);
        assertThat(view.events()).isEqualTo(4);
        assertThat(view.entries()).extracting(TranscriptEntry::kind).containsExactly(Kind.DECISION, Kind.DECISION,
                Kind.RESULT);
    }

    @Test
    void aHundredThousandEventsKeepOnlyTheLastFewInMemory() throws Exception {
        Path jsonl = TranscriptWriter.paths(dir, "big").jsonl();
        int events = 100_000;
        try (BufferedWriter out = Files.newBufferedWriter(jsonl, StandardCharsets.UTF_8)) {
            for (int i = 0; i < events; i++) {
                out.write("{\"data\":{\"type\":\"text\",\"role\":\"assistant\",\"content\":\"message " + i
                        + "\"},\"groupId\":\"g\",\"timestamp\":\"2025-01-01T00:00:00Z\"}\n");
            }
            out.write("{\"maia\":\"result\",\"at\":\"2025-01-01T01:00:00Z\",\"outcome\":\"FINISHED\",\"detail\":"
                    + "\"done\"}\n");
        }

        TranscriptView view = TranscriptView.read(jsonl, 25);

        assertThat(view.entries()).hasSize(25);
        assertThat(view.omitted()).isEqualTo(events + 1 - 25);
        assertThat(view.events()).isEqualTo(events);
        assertThat(view.entries()).extracting(TranscriptEntry::line)
                .containsExactlyElementsOf(LongStream.rangeClosed(events + 1 - 24, events + 1).boxed().toList());
        assertThat(view.entries().get(0).text()).isEqualTo("message " + (events - 24));
        assertThat(view.entries().get(24).label()).isEqualTo("Result: FINISHED");
    }

    @Test
    void readsFromAStreamWithoutClosingIt() throws Exception {
        byte[] bytes = Files.readAllBytes(wholeRun());
        AtomicBoolean closed = new AtomicBoolean();
        InputStream in = new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public void close() throws IOException {
                closed.set(true);
                super.close();
            }
        };

        TranscriptView view = TranscriptView.read(in, 2);

        assertThat(view.entries()).extracting(TranscriptEntry::label).containsExactly("Decision on git_push (c9)",
                "Result: FINISHED");
        assertThat(closed).isFalse();
    }

    @Test
    void controlCharactersAndBadBytesNeverReachThePage() throws Exception {
        Path jsonl = TranscriptWriter.paths(dir, "t-2").jsonl();
        byte[] bad = {'{', '"', 'd', 'a', 't', 'a', '"', ':', '"', 'a', (byte) 0xff, 'b', '"', '}', '\n'};
        Files.write(jsonl, bad);
        Files.writeString(jsonl, "{\"data\":\"red \\u001b[31m bell \\u0007\"}\n", java.nio.file.StandardOpenOption.APPEND);

        TranscriptView view = TranscriptView.read(jsonl, 10);

        assertThat(view.entries()).extracting(TranscriptEntry::text).containsExactly("a\uFFFDb",
                "red \uFFFD[31m bell \uFFFD");
    }

    @Test
    void badArgumentsNameTheFieldAndTheFix() {
        Path missing = dir.resolve("maia-transcript-nope.jsonl");
        assertThatThrownBy(() -> TranscriptView.read(missing, 10)).isInstanceOf(IOException.class)
                .hasMessageContaining("No transcript " + missing).hasMessageContaining("TranscriptWriter");
        assertThatThrownBy(() -> TranscriptView.read(missing, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxEntries must be 1 or more (how many of the last entries to keep), was 0");
        assertThatThrownBy(() -> TranscriptView.read((Path) null, 10)).hasMessageContaining("jsonl");
    }
}
