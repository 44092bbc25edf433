package io.jenkins.plugins.maia.follower.transcript;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.PermissionMessage;
import io.jenkins.plugins.maia.follower.decision.DecisionView;
import io.jenkins.plugins.maia.follower.event.MessageText;
import io.jenkins.plugins.maia.follower.follow.FollowOutcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Streams a transcript's .jsonl into {@link TranscriptSink}s, one line in memory at a time. Besides the line, it
 * keeps only the decisions of the last status that had any (one line's worth), so a decision can name the
 * question it answered and a repeated status or a pause need not show the same decisions again.
 *
 * <p>A {@code "result"} marker with outcome {@code NEEDS_DECISION} is a pause, not an end: the follow stopped for a
 * person and a resumed follow appends to the same file. Its {@code pending} field lists what the task waits for;
 * files written before that field existed fall back to the last status's decisions.
 */
final class TranscriptReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<TranscriptSink> sinks;
    private List<DecisionView> shown = List.of();
    private long events;

    private TranscriptReader(List<TranscriptSink> sinks) {
        this.sinks = List.copyOf(sinks);
    }

    /** Reads {@code in} to its end into {@code sinks}; returns how many events (lines from the API) it held. */
    static long read(BufferedReader in, List<TranscriptSink> sinks) throws IOException {
        TranscriptReader reader = new TranscriptReader(sinks);
        long lineNumber = 0;
        String line;
        while ((line = in.readLine()) != null) {
            lineNumber++;
            if (!line.isBlank()) {
                reader.line(lineNumber, line);
            }
        }
        return reader.events;
    }

    private void line(long lineNumber, String line) throws IOException {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            for (TranscriptSink s : sinks) {
                s.unreadable(lineNumber);
            }
        } else if (node.has(TranscriptWriter.MARKER)) {
            marker(lineNumber, node);
        } else {
            events++;
            String time = text(node, "timestamp");
            // An event that says several things (an SDK message with text and tool calls) shows each, in order.
            for (MessageText piece : MessageText.of(node.get("data")).pieces()) {
                for (TranscriptSink s : sinks) {
                    s.event(lineNumber, time, piece);
                }
            }
        }
    }

    private void marker(long lineNumber, JsonNode node) throws IOException {
        String time = text(node, "at");
        switch (text(node, TranscriptWriter.MARKER)) {
            case "status" -> {
                List<DecisionView> pending = pending(node.path("pending"));
                boolean shownAbove = !pending.isEmpty() && sameDecisions(pending, shown);
                if (!pending.isEmpty()) {
                    shown = pending;
                }
                for (TranscriptSink s : sinks) {
                    s.status(lineNumber, time, text(node, "status"), pending, shownAbove);
                }
            }
            case "decision" -> {
                DecisionMade decision = decision(node);
                for (TranscriptSink s : sinks) {
                    s.decision(lineNumber, time, decision);
                }
            }
            case "result" -> {
                if (FollowOutcome.NEEDS_DECISION.name().equals(text(node, "outcome"))) {
                    pause(lineNumber, time, node);
                } else {
                    for (TranscriptSink s : sinks) {
                        s.result(lineNumber, time, text(node, "outcome"), text(node, "detail"),
                                text(node, "targetBranchName"));
                    }
                }
            }
            default -> {
                // A marker of a later version: nothing to show.
            }
        }
    }

    private void pause(long lineNumber, String time, JsonNode node) throws IOException {
        List<DecisionView> waitingFor = node.has("pending") ? pending(node.get("pending")) : shown;
        boolean shownAbove = !waitingFor.isEmpty() && shownIn(waitingFor, shown);
        if (!waitingFor.isEmpty() && !shownAbove) {
            shown = waitingFor;
        }
        for (TranscriptSink s : sinks) {
            s.pause(lineNumber, time, waitingFor, shownAbove, text(node, "detail"));
        }
    }

    private DecisionMade decision(JsonNode node) {
        String toolId = text(node, "toolId");
        if (node.has("answers")) {
            DecisionView asked = shown.stream().filter(v -> toolId.equals(v.toolId())).findFirst().orElse(null);
            List<DecisionMade.Answer> answers = new ArrayList<>();
            for (JsonNode a : node.path("answers")) {
                int index = a.path("questionIndex").asInt();
                List<String> selected = new ArrayList<>();
                for (JsonNode o : a.path("selectedOptions")) {
                    selected.add(MessageText.sanitize(o.asText()));
                }
                answers.add(new DecisionMade.Answer(index, questionText(asked, index), selected));
            }
            return new DecisionMade(text(node, "toolName"), toolId, DecisionMade.Verdict.ANSWERED, answers,
                    text(node, "decidedBy"));
        }
        DecisionMade.Verdict verdict = !node.path("approved").asBoolean() ? DecisionMade.Verdict.REJECTED
                : "CONVERSATION".equals(text(node, "scope")) ? DecisionMade.Verdict.APPROVED_FOR_TASK
                : DecisionMade.Verdict.APPROVED_ONCE;
        return new DecisionMade(text(node, "toolName"), toolId, verdict, List.of(), text(node, "decidedBy"));
    }

    private static String questionText(DecisionView asked, int index) {
        if (asked == null) {
            return "";
        }
        return asked.questions().stream().filter(q -> q.index() == index).map(DecisionView.Question::text)
                .findFirst().orElse("");
    }

    /** The decisions of a marker's {@code pending} array, as a person is shown them. */
    private static List<DecisionView> pending(JsonNode array) {
        List<DecisionView> views = new ArrayList<>();
        if (array == null || !array.isArray()) {
            return views;
        }
        for (JsonNode p : array) {
            if (!p.isObject()) {
                continue;
            }
            String title = textOrNull(p, "title");
            String body = textOrNull(p, "body");
            PermissionMessage message = title == null && body == null ? null : new PermissionMessage(title, body);
            views.add(DecisionView.of(new PendingDecision(textOrNull(p, "type"), textOrNull(p, "toolName"),
                    textOrNull(p, "toolId"), message, p.get("toolInput"))));
        }
        return views;
    }

    private static boolean sameDecisions(List<DecisionView> a, List<DecisionView> b) {
        return a.size() == b.size() && shownIn(a, b);
    }

    /** Whether each of {@code wanted} is among {@code shown} (same id, same tool, same question). */
    private static boolean shownIn(List<DecisionView> wanted, List<DecisionView> shown) {
        for (DecisionView w : wanted) {
            if (shown.stream().noneMatch(s -> Objects.equals(s.toolId(), w.toolId())
                    && Objects.equals(s.toolName(), w.toolName()) && Objects.equals(s.title(), w.title())
                    && s.questions().equals(w.questions()))) {
                return false;
            }
        }
        return true;
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
    }

    static String text(JsonNode node, String field) {
        String v = textOrNull(node, field);
        return v == null ? "" : v;
    }
}
