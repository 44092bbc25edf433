package io.jenkins.plugins.maia.follower.transcript;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.jenkins.plugins.maia.client.model.Decision;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.QuestionAnswer;
import io.jenkins.plugins.maia.client.model.QuestionDecision;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskEvent;
import io.jenkins.plugins.maia.client.model.ToolDecision;
import io.jenkins.plugins.maia.follower.event.EventKey;
import io.jenkins.plugins.maia.follower.follow.FollowListener;
import io.jenkins.plugins.maia.follower.follow.FollowOutcome;
import io.jenkins.plugins.maia.follower.follow.FollowResult;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.Writer;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Streams a followed task to {@code maia-transcript-<taskId>.jsonl}: every event exactly as received (only
 * secrets masked by the {@link Redactor}), one JSON object per line, plus decisions, status changes and the final
 * result as extra lines marked with a {@value #MARKER} field ({@code {"maia":"decision",...}}), so raw event lines
 * stay untouched. Each line is flushed as it is written.
 *
 * <p>The file is opened in append mode, so a resumed follow continues it. A line cut by a crash is removed on
 * open, and the events at the end of the file are remembered, so events a resumed follow delivers again (those
 * after the last saved state) are not written twice.
 *
 * <p>A result with outcome NEEDS_DECISION is a pause for a person, not the end: its line carries the pending
 * decisions too, and it is rendered as "Paused: waiting for N decisions".
 *
 * <p>{@link #close(FollowResult)} (or {@link #render}) writes {@code .md} and {@code .html} by streaming the
 * {@code .jsonl}, with flat memory. Listener methods never throw: a write failure is logged, stops further
 * writes, and is thrown by {@link #close(FollowResult)}.
 */
public final class TranscriptWriter implements FollowListener, Closeable {

    /** The field that marks a line written by the follower rather than received from the API. */
    public static final String MARKER = "maia";

    private static final Logger LOG = System.getLogger(TranscriptWriter.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    /** How much of an existing file's end is read on open to recognise events delivered again. */
    private static final int TAIL_BYTES = 256 * 1024;

    private final Transcripts paths;
    private final String taskId;
    private final Redactor redactor;
    private final InstantSource clock;
    /** The latest server timestamp of an event written so far; guarded by this. */
    private Instant latestEventAt;
    private final Writer out;
    private Set<String> resumeGuard;
    private IOException failure;
    private boolean closed;

    private TranscriptWriter(Transcripts paths, String taskId, Redactor redactor, InstantSource clock, Writer out,
            Set<String> resumeGuard) {
        this.paths = paths;
        this.taskId = taskId;
        this.redactor = redactor;
        this.clock = clock;
        this.out = out;
        this.resumeGuard = resumeGuard;
    }

    /** Opens (appending) the transcript of {@code taskId} in {@code dir}, creating the directory if needed. */
    public static TranscriptWriter open(Path dir, String taskId, Redactor redactor) throws IOException {
        return open(dir, taskId, redactor, InstantSource.system());
    }

    static TranscriptWriter open(Path dir, String taskId, Redactor redactor, InstantSource clock) throws IOException {
        Objects.requireNonNull(redactor, "redactor (use Redactor.of(secrets) or Redactor.headersOnly())");
        Transcripts paths = paths(dir, taskId);
        Files.createDirectories(dir);
        Set<String> guard = new HashSet<>();
        if (Files.exists(paths.jsonl())) {
            dropCutLine(paths.jsonl());
            readTailKeys(paths.jsonl(), guard);
        }
        Writer out = new BufferedWriter(Files.newBufferedWriter(paths.jsonl(), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE));
        return new TranscriptWriter(paths, taskId, redactor, clock, out, guard.isEmpty() ? null : guard);
    }

    /** Renders {@code .md} and {@code .html} from the existing {@code .jsonl} of {@code taskId} in {@code dir}. */
    public static Transcripts render(Path dir, String taskId) throws IOException {
        Transcripts paths = paths(dir, taskId);
        if (!Files.exists(paths.jsonl())) {
            throw new IOException("No transcript " + paths.jsonl() + " to render; follow the task with a "
                    + "TranscriptWriter first");
        }
        return TranscriptRenderer.render(paths, taskId);
    }

    /** The file names used for {@code taskId} in {@code dir}. */
    public static Transcripts paths(Path dir, String taskId) {
        Objects.requireNonNull(dir, "dir");
        if (taskId == null || !SAFE_ID.matcher(taskId).matches()) {
            throw new IllegalArgumentException("taskId must be 1-200 letters, digits, '.', '_' or '-' to name a "
                    + "transcript file, was " + (taskId == null ? "null" : "'" + taskId + "'"));
        }
        String base = "maia-transcript-" + taskId;
        return new Transcripts(dir.resolve(base + ".jsonl"), dir.resolve(base + ".md"), dir.resolve(base + ".html"));
    }

    public Transcripts paths() {
        return paths;
    }

    @Override
    public void onEvent(TaskEvent event) {
        if (resumeGuard != null) {
            if (resumeGuard.remove(EventKey.of(event))) {
                return; // already in the file: delivered again after a resume
            }
            resumeGuard = null; // the first new event: everything after it is new too
        }
        JsonNode raw = event.raw();
        Instant at = event.timestamp();
        if (at != null) {
            synchronized (this) {
                latestEventAt = latestEventAt == null || at.isAfter(latestEventAt) ? at : latestEventAt;
            }
        }
        if (raw == null) {
            ObjectNode built = JSON.createObjectNode();
            built.set("data", event.data());
            built.put("groupId", event.groupId());
            built.put("timestamp", event.timestamp() == null ? null : event.timestamp().toString());
            raw = built;
        }
        writeLine(raw);
    }

    @Override
    public void onStatus(Task task) {
        ObjectNode line = marker("status");
        line.put("status", String.valueOf(task.status()));
        line.put("modifiedAt", task.modifiedAt() == null ? null : task.modifiedAt().toString());
        putPending(line, task.pendingDecisions());
        writeLine(line);
    }

    /** Each decision whole (type, tool, id, title, body, input), so the .jsonl alone renders what was asked. */
    private static void putPending(ObjectNode line, List<PendingDecision> decisions) {
        ArrayNode pending = line.putArray("pending");
        for (PendingDecision p : decisions) {
            ObjectNode o = pending.addObject();
            o.put("type", p.type());
            o.put("toolName", p.toolName());
            o.put("toolId", p.toolId());
            if (p.permissionMessage() != null) {
                o.put("title", p.permissionMessage().title());
                o.put("body", p.permissionMessage().body());
            }
            o.set("toolInput", p.toolInput());
        }
    }

    @Override
    public void onDecision(PendingDecision pending, Decision decision, String decidedBy) {
        ObjectNode line = marker("decision");
        line.put("toolId", decision.id());
        line.put("toolName", pending.toolName());
        line.put("decidedBy", decidedBy);
        if (decision instanceof ToolDecision t) {
            line.put("type", "tool");
            line.put("approved", t.approved());
            line.put("scope", t.scope() == null ? null : t.scope().name());
        } else if (decision instanceof QuestionDecision q) {
            line.put("type", "question");
            ArrayNode answers = line.putArray("answers");
            for (QuestionAnswer a : q.answers()) {
                ObjectNode o = answers.addObject();
                o.put("questionIndex", a.questionIndex());
                ArrayNode selected = o.putArray("selectedOptions");
                a.selectedOptions().forEach(selected::add);
            }
        }
        writeLine(line);
    }

    /**
     * Writes the result line, closes the .jsonl and renders .md and .html. A NEEDS_DECISION result is a pause: its
     * line also lists the pending decisions, the renderings show it as a pause, and a resumed follow appends to the
     * same file up to its real end.
     */
    public Transcripts close(FollowResult result) throws IOException {
        ObjectNode line = marker("result");
        line.put("outcome", result.outcome().name());
        line.put("detail", result.detail());
        line.put("status", result.task() == null ? null : String.valueOf(result.task().status()));
        line.put("targetBranchName", result.targetBranchName());
        if (result.error() != null) {
            line.put("error", result.error()); // also in the detail; here for programs reading the .jsonl
        }
        if (result.outcome() == FollowOutcome.NEEDS_DECISION) {
            // A pause, not the end: what the task waits for, so the transcript can say what a person is asked.
            putPending(line, result.pending());
        }
        writeLine(line);
        close();
        if (failure != null) {
            throw failure;
        }
        return TranscriptRenderer.render(paths, taskId);
    }

    /** Closes the .jsonl without a result line (the follow may be resumed later). */
    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            out.close();
        }
    }

    /**
     * A line of the follower's own ({@code status}, {@code decision}, {@code result}), stamped with this machine's
     * clock, but never earlier than the latest event before it: the server's clock may run ahead of ours, and a
     * decision must not read as if it came before the event that asked for it.
     */
    private synchronized ObjectNode marker(String kind) {
        ObjectNode line = JSON.createObjectNode();
        line.put(MARKER, kind);
        Instant now = clock.instant();
        line.put("at", (latestEventAt != null && latestEventAt.isAfter(now) ? latestEventAt : now).toString());
        return line;
    }

    private synchronized void writeLine(JsonNode node) {
        if (closed || failure != null) {
            return;
        }
        try {
            String line = JSON.writeValueAsString(node);
            if (redactor.mayContainSecret(line)) {
                line = JSON.writeValueAsString(redactTree(node));
            }
            out.write(line);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            failure = e;
            LOG.log(Level.WARNING, () -> "Cannot write the transcript " + paths.jsonl() + ": " + e.getMessage()
                    + "; further events are not written");
        }
    }

    /** A copy of {@code node} with every string redacted and credential-named fields masked. */
    private JsonNode redactTree(JsonNode node) {
        if (node.isTextual()) {
            String redacted = redactor.redact(node.asText());
            return redacted.equals(node.asText()) ? node : TextNode.valueOf(redacted);
        }
        if (node.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode value = field.getValue();
                if (redactor.isSecretField(field.getKey()) && value.isValueNode() && !value.isNull()
                        && !value.isBoolean() && !value.isNumber()) {
                    copy.put(redactor.redact(field.getKey()), Redactor.MASK);
                } else {
                    copy.set(redactor.redact(field.getKey()), redactTree(value));
                }
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JSON.createArrayNode();
            node.forEach(v -> copy.add(redactTree(v)));
            return copy;
        }
        return node;
    }

    /** Removes a last line without its newline: a write cut by a crash (its event will be delivered again). */
    private static void dropCutLine(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long length = raf.length();
            if (length == 0) {
                return;
            }
            raf.seek(length - 1);
            if (raf.read() == '\n') {
                return;
            }
            long pos = length - 1;
            while (pos > 0) {
                raf.seek(pos - 1);
                if (raf.read() == '\n') {
                    break;
                }
                pos--;
            }
            raf.setLength(pos);
        }
    }

    /** Keys of the event lines in the last {@value #TAIL_BYTES} bytes of the file. */
    private static void readTailKeys(Path file, Set<String> keys) throws IOException {
        byte[] tail;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int n = (int) Math.min(length, TAIL_BYTES);
            tail = new byte[n];
            raf.seek(length - n);
            raf.readFully(tail);
        }
        String text = new String(tail, StandardCharsets.UTF_8);
        int start = tail.length == Files.size(file) ? 0 : text.indexOf('\n') + 1; // skip a partial first line
        for (String line : text.substring(start).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(line);
                if (node != null && node.isObject() && !node.has(MARKER)) {
                    keys.add(EventKey.of(new TaskEvent(node.get("data"),
                            node.hasNonNull("groupId") ? node.get("groupId").asText() : null, null, node)));
                }
            } catch (JsonProcessingException e) {
                // not an event line
            }
        }
    }
}
