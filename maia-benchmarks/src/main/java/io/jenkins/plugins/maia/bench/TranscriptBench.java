package io.jenkins.plugins.maia.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskEvent;
import io.jenkins.plugins.maia.client.model.TaskStatus;
import io.jenkins.plugins.maia.follower.transcript.Redactor;
import io.jenkins.plugins.maia.follower.transcript.TranscriptWriter;
import io.jenkins.plugins.maia.follower.transcript.Transcripts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;

/**
 * Benchmark 4: exporting the transcript of a task with many events, {@code .jsonl} to {@code .md} and
 * {@code .html}, with the follower's {@link TranscriptWriter}.
 *
 * <p>The {@code .jsonl} is written first, in this JVM, through {@link TranscriptWriter} itself (so it is exactly
 * what a follow records; its rate is shown for context). The export runs in a child JVM with {@code -Xmx64m}: it
 * would fail with OutOfMemoryError if the export needed more, and the child reports the peak heap it used
 * ({@link TranscriptExportChild}). Events/s = events / time of {@link TranscriptWriter#render} in the child (JVM
 * start excluded, JIT warm-up included).
 */
final class TranscriptBench {

    /** The heap limit of the export child: the target. */
    static final String CHILD_HEAP = "64m";

    record Params(int events, boolean keepFiles) {}

    record Result(int events, long jsonlBytes, double writeEventsPerSecond, double renderSeconds, long peakUsedBytes,
            long maxLiveAfterGcBytes, long poolPeaksSumBytes, long heapMaxBytes, long collections, String gc,
            long markdownBytes, long htmlBytes) {

        double renderEventsPerSecond() {
            return events / renderSeconds;
        }
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String TASK_ID = "bench-transcript";

    private TranscriptBench() {}

    static Result run(Params params, Path workDir, long seed) {
        Path dir = workDir.resolve("transcript");
        Transcripts paths = TranscriptWriter.paths(dir, TASK_ID);
        try {
            Files.createDirectories(dir);
            for (Path p : List.of(paths.jsonl(), paths.markdown(), paths.html())) {
                Files.deleteIfExists(p);
            }
            double writeRate = writeJsonl(dir, params.events(), seed);
            long jsonlBytes = Files.size(paths.jsonl());
            JsonNode r;
            try (ChildJvm child = ChildJvm.start(TranscriptExportChild.class,
                    List.of("-Xmx" + CHILD_HEAP, "-XX:+UseG1GC"), List.of(dir.toString(), TASK_ID), workDir)) {
                String line = child.awaitLine(TranscriptExportChild.RESULT, Duration.ofMinutes(10));
                r = new ObjectMapper().readTree(line);
                int exit = child.awaitExit(Duration.ofSeconds(30));
                if (exit != 0) {
                    throw new IllegalStateException("The export child ended with exit code " + exit + ":\n"
                            + child.stderrTail());
                }
            }
            return new Result(params.events(), jsonlBytes, writeRate, r.path("renderNanos").asLong() / 1e9,
                    r.path("peakUsedBytes").asLong(), r.path("maxLiveAfterGcBytes").asLong(),
                    r.path("poolPeaksSumBytes").asLong(), r.path("heapMaxBytes").asLong(),
                    r.path("collections").asLong(), r.path("gc").asText(), r.path("markdownBytes").asLong(),
                    r.path("htmlBytes").asLong());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The export child printed an unreadable result", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!params.keepFiles()) {
                for (Path p : List.of(paths.jsonl(), paths.markdown(), paths.html())) {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException ignored) {
                        // a temporary file left behind
                    }
                }
            }
        }
    }

    /**
     * Writes {@code events} events through a {@link TranscriptWriter}, shaped like the sandbox's (agent text, tool
     * calls and results, user text, status changes) with a status line every 500 events; events/s of the writing.
     */
    private static double writeJsonl(Path dir, int events, long seed) throws IOException {
        Random random = new Random(seed);
        Instant at = Instant.parse("2025-01-01T09:00:00Z");
        long start = System.nanoTime();
        Redactor redactor = Redactor.of(List.of("bench-secret-token"));
        try (TranscriptWriter writer = TranscriptWriter.open(dir, TASK_ID, redactor)) {
            String group = "group-0";
            for (int i = 0; i < events; i++) {
                at = at.plus(50 + random.nextInt(5_000), ChronoUnit.MICROS);
                if (i % 25 == 0) {
                    group = "group-" + i;
                }
                ObjectNode data = eventData(random, i);
                ObjectNode raw = NODES.objectNode();
                raw.set("data", data);
                raw.put("groupId", group);
                raw.put("timestamp", at.toString());
                writer.onEvent(new TaskEvent(data, group, at, raw));
                if (i % 500 == 499) {
                    writer.onStatus(new Task(TASK_ID, i % 1000 == 999 ? TaskStatus.STOPPED : TaskStatus.RUNNING,
                            "Benchmark transcript", Instant.parse("2025-01-01T09:00:00Z"), at, null, List.of(),
                            List.of()));
                }
            }
        }
        return events / ((System.nanoTime() - start) / 1e9);
    }

    private static ObjectNode eventData(Random random, int i) {
        ObjectNode data = NODES.objectNode();
        int roll = random.nextInt(100);
        if (roll < 55) {
            data.put("type", "text");
            data.put("role", "assistant");
            data.put("content", AGENT_TEXT[random.nextInt(AGENT_TEXT.length)] + " (step " + i + ")");
        } else if (roll < 72) {
            data.put("type", "tool_use");
            data.put("toolName", "query_warehouse");
            data.put("toolId", "call_" + Integer.toHexString(i));
            data.putObject("input").put("query", "SELECT region, SUM(amount) FROM sales WHERE day = '2025-01-"
                    + (1 + random.nextInt(28)) + "' GROUP BY region");
        } else if (roll < 89) {
            data.put("type", "tool_result");
            data.put("toolId", "call_" + Integer.toHexString(i - 1));
            data.put("content", "5 rows: EMEA " + random.nextInt(1000) + "k, NA " + random.nextInt(1000)
                    + "k, APAC " + random.nextInt(1000) + "k, LATAM " + random.nextInt(100) + "k, OTHER 1k");
        } else if (roll < 95) {
            data.put("type", "text");
            data.put("role", "user");
            data.put("content", "Please keep the <b>daily</b> partitions & check ```backticks``` too.");
        } else {
            data.put("type", "status");
            data.put("status", "RUNNING");
            data.put("reason", "working");
        }
        return data;
    }

    private static final String[] AGENT_TEXT = {
        "I'll start by looking at the sales data in the warehouse.",
        "The sales table stores dates in local time; converting the date columns to UTC before loading.",
        "Building the pipeline: S3 -> staging -> sales_utc, with a <Filter> component & a `Rename` step.",
        "Validated the pipeline: every component passes. Next, the orchestration job.",
        "Here is the plan:\n1. Extract from S3\n2. Stage\n3. Transform to UTC\n4. Load into sales_utc",
    };
}
