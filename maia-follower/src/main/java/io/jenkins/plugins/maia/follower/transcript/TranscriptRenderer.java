package io.jenkins.plugins.maia.follower.transcript;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.maia.follower.event.MessageText;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Renders a transcript's .jsonl into .md and .html in one streaming pass: one line in memory at a time, so a
 * transcript of millions of events renders with flat memory. Each output is written to a temporary file and
 * moved into place, so a reader never sees half a page.
 */
final class TranscriptRenderer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BUFFER = 1 << 16;

    private TranscriptRenderer() {}

    static Transcripts render(Transcripts paths, String taskId) throws IOException {
        Path mdTmp = paths.markdown().resolveSibling(paths.markdown().getFileName() + ".tmp");
        Path htmlTmp = paths.html().resolveSibling(paths.html().getFileName() + ".tmp");
        try (BufferedReader in = Files.newBufferedReader(paths.jsonl(), StandardCharsets.UTF_8);
                Writer md = new BufferedWriter(Files.newBufferedWriter(mdTmp, StandardCharsets.UTF_8), BUFFER);
                Writer html = new BufferedWriter(Files.newBufferedWriter(htmlTmp, StandardCharsets.UTF_8), BUFFER)) {
            List<TranscriptFormat> formats = List.of(new MarkdownFormat(md), new HtmlFormat(html));
            for (TranscriptFormat f : formats) {
                f.header(taskId);
            }
            long lineNumber = 0;
            long events = 0;
            String line;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    node = null;
                }
                if (node == null || !node.isObject()) {
                    for (TranscriptFormat f : formats) {
                        f.unreadable(lineNumber);
                    }
                    continue;
                }
                if (node.has(TranscriptWriter.MARKER)) {
                    marker(node, formats);
                } else {
                    events++;
                    String time = text(node, "timestamp");
                    MessageText text = MessageText.of(node.get("data"));
                    for (TranscriptFormat f : formats) {
                        f.event(time, text);
                    }
                }
            }
            for (TranscriptFormat f : formats) {
                f.footer(events);
            }
        }
        Files.move(mdTmp, paths.markdown(), StandardCopyOption.REPLACE_EXISTING);
        Files.move(htmlTmp, paths.html(), StandardCopyOption.REPLACE_EXISTING);
        return paths;
    }

    private static void marker(JsonNode node, List<TranscriptFormat> formats) throws IOException {
        String kind = text(node, TranscriptWriter.MARKER);
        String time = text(node, "at");
        switch (kind) {
            case "status" -> {
                StringBuilder pending = new StringBuilder();
                for (JsonNode p : node.path("pending")) {
                    if (pending.length() > 0) {
                        pending.append(", ");
                    }
                    pending.append(text(p, "toolName")).append(" (").append(text(p, "toolId")).append(')');
                }
                for (TranscriptFormat f : formats) {
                    f.status(time, text(node, "status"), pending.toString());
                }
            }
            case "decision" -> {
                String what;
                if (node.has("answers")) {
                    StringBuilder sb = new StringBuilder("answered");
                    for (JsonNode a : node.path("answers")) {
                        // Zero-based, the questionIndex that --answer N=OPTION and the prompts use.
                        sb.append(' ').append(a.path("questionIndex").asInt()).append(" = ");
                        StringBuilder options = new StringBuilder();
                        for (JsonNode o : a.path("selectedOptions")) {
                            if (options.length() > 0) {
                                options.append(", ");
                            }
                            options.append(o.asText());
                        }
                        sb.append(options).append(';');
                    }
                    what = sb.toString();
                } else if (node.path("approved").asBoolean()) {
                    what = "CONVERSATION".equals(text(node, "scope")) ? "approved for the task" : "approved once";
                } else {
                    what = "rejected";
                }
                for (TranscriptFormat f : formats) {
                    f.decision(time, text(node, "toolName"), text(node, "toolId"), what, text(node, "decidedBy"));
                }
            }
            case "result" -> {
                for (TranscriptFormat f : formats) {
                    f.result(time, text(node, "outcome"), text(node, "detail"), text(node, "targetBranchName"));
                }
            }
            default -> {
                // A marker of a later version: nothing to show.
            }
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString();
    }
}
