package io.jenkins.plugins.maia.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.maia.client.MaiaClient;
import io.jenkins.plugins.maia.client.MaiaException;
import io.jenkins.plugins.maia.client.RetryPolicy;
import io.jenkins.plugins.maia.client.model.MessagePage;
import io.jenkins.plugins.maia.follower.transcript.TranscriptWriter;
import io.jenkins.plugins.maia.sandbox.SandboxServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * After a chaos run, compares each task's transcript with the server's whole history, event by event: equal,
 * a true beginning that misses the end, wrong (an event differs, repeats or is out of order), or unverified.
 */
final class TranscriptVerifier {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path workDir;

    TranscriptVerifier(Path workDir) {
        this.workDir = workDir;
    }

    /**
     * Reads each task's whole history from the sandbox (through retries: the faults are still on) and compares it,
     * event by event, with the event lines of its transcript.
     */
    List<TranscriptCheck> verify(List<ChaosTaskRun> runs, SandboxServer sandbox, MaiaClient client,
            ExecutorService pool) {
        MaiaClient reader = client.withRetryPolicy(
                new RetryPolicy(40, Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofSeconds(2)));
        List<CompletableFuture<TranscriptCheck>> checks = new ArrayList<>();
        for (ChaosTaskRun run : runs) {
            checks.add(CompletableFuture.supplyAsync(() -> checkTranscript(run, sandbox, reader), pool));
        }
        return checks.stream().map(CompletableFuture::join).toList();
    }

    private TranscriptCheck checkTranscript(ChaosTaskRun run, SandboxServer sandbox, MaiaClient reader) {
        if (run.taskId == null) {
            return new TranscriptCheck(TranscriptCheck.Verdict.UNVERIFIED, run.label() + ": never created");
        }
        long onServer = sandbox.stats().eventCount(run.taskId);
        Path jsonl = TranscriptWriter.paths(workDir, run.taskId).jsonl();
        try {
            List<JsonNode> written = eventLines(jsonl);
            run.eventsWritten = written.size();
            List<JsonNode> history = history(reader, run.taskId);
            if (history.size() != onServer) {
                return new TranscriptCheck(TranscriptCheck.Verdict.UNVERIFIED, run.label() + ": the sandbox counts "
                        + onServer + " events but serves " + history.size());
            }
            if (written.equals(history)) {
                return new TranscriptCheck(TranscriptCheck.Verdict.EQUAL, null);
            }
            int at = 0;
            while (at < Math.min(written.size(), history.size()) && written.get(at).equals(history.get(at))) {
                at++;
            }
            TranscriptCheck.Verdict verdict = at == written.size() ? TranscriptCheck.Verdict.INCOMPLETE
                    : TranscriptCheck.Verdict.WRONG;
            return new TranscriptCheck(verdict, run.label() + ": " + written.size() + " events written, " + onServer
                    + " on the server, " + (verdict == TranscriptCheck.Verdict.INCOMPLETE ? "the last "
                    + (onServer - written.size()) + " missing" : "first difference at event " + at)
                    + (run.result == null ? "" : " (" + run.result.detail() + ")"));
        } catch (IOException | MaiaException e) {
            return new TranscriptCheck(TranscriptCheck.Verdict.UNVERIFIED, run.label() + ": cannot verify: "
                    + e.getMessage());
        }
    }

    private static List<JsonNode> eventLines(Path jsonl) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        if (!Files.exists(jsonl)) {
            return events;
        }
        for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = JSON.readTree(line);
            if (!node.has(TranscriptWriter.MARKER)) {
                events.add(node);
            }
        }
        return events;
    }

    private static List<JsonNode> history(MaiaClient reader, String taskId) {
        List<JsonNode> events = new ArrayList<>();
        String token = null;
        do {
            MessagePage page = reader.getMessages(taskId, MaiaClient.MAX_MESSAGES_LIMIT, token);
            page.results().forEach(e -> events.add(e.raw()));
            token = page.more();
        } while (token != null);
        return events;
    }

    static int count(List<TranscriptCheck> checks, TranscriptCheck.Verdict verdict) {
        return (int) checks.stream().filter(c -> c.verdict() == verdict).count();
    }

    /** How a transcript compares with the server's history. */
    record TranscriptCheck(Verdict verdict, String problem) {
        enum Verdict {
            /** Exactly the server's events, in order, once each. */
            EQUAL,
            /** A true beginning of the history, but events at its end are missing. */
            INCOMPLETE,
            /** An event that differs, is repeated or out of order. */
            WRONG,
            /** The comparison itself could not be made. */
            UNVERIFIED
        }
    }

}
