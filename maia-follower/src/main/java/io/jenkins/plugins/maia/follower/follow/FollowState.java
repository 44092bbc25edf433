package io.jenkins.plugins.maia.follower.follow;

import io.jenkins.plugins.maia.follower.event.EventKey;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.maia.client.model.TaskStatus;
import java.io.Serializable;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything needed to continue following a task in another process, and nothing secret. Small and bounded
 * whatever the number of events (no list of seen events: see {@link MessageCursor}). Immutable; the follower
 * publishes a new one through {@link FollowListener#onStateChanged} whenever it moves on.
 *
 * <p>Serializable (Java serialization) and also {@link #encode()}/{@link #decode(String)} as a short JSON string,
 * for stores that prefer text (a Jenkins step execution field, a file next to the CLI's transcript).
 *
 * @param taskId              the task followed
 * @param cursor              where the message history was read up to
 * @param answeredDecisionIds ids of pending decisions already answered by this follow (most recent
 *                            {@value #MAX_ANSWERED_IDS}); never answered twice
 * @param deadline            absolute deadline of the follow (TIMED_OUT after it), or null for none
 * @param lastStatus          last status seen, or null before the first read
 * @param lastModifiedAt      last {@code modifiedAt} seen, or null
 * @param awaitingProgress    set right after decisions or a follow-up were sent: until the task shows it moved
 *                            on, a STOPPED read is taken as stale, not as the end; null otherwise
 * @param lastAgentMessage    last agent message seen, cut to {@value #MAX_AGENT_MESSAGE_CHARS} characters, or null
 */
public record FollowState(
        String taskId,
        MessageCursor cursor,
        List<String> answeredDecisionIds,
        Instant deadline,
        TaskStatus lastStatus,
        Instant lastModifiedAt,
        ProgressGate awaitingProgress,
        String lastAgentMessage) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** How many answered decision ids are remembered (older ones belong to decisions long gone). */
    public static final int MAX_ANSWERED_IDS = 256;
    /** Longest last agent message kept in the state. */
    public static final int MAX_AGENT_MESSAGE_CHARS = 4_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Position in the task's message history, which has no "since" parameter: the token of the page being
     * consumed ({@code null} = the first page), how many events of that page were delivered, the key of the
     * last delivered event (to verify on re-read that the server did not re-page; see {@link EventKey}), the
     * index in the whole history just after it ({@code position}), and the number delivered ({@code delivered}).
     */
    public record MessageCursor(String pageToken, int deliveredInPage, String lastEventKey, long position,
            long delivered) implements Serializable {

        private static final long serialVersionUID = 1L;

        public MessageCursor {
            if (deliveredInPage < 0 || position < 0 || delivered < 0) {
                throw new IllegalArgumentException("message cursor counts must not be negative");
            }
            if (position > 0 && lastEventKey == null) {
                throw new IllegalArgumentException("message cursor: lastEventKey is required once events were read");
            }
        }

        /** Before the first event. */
        public static MessageCursor start() {
            return new MessageCursor(null, 0, null, 0, 0);
        }
    }

    /**
     * The task as it was when this follow last acted (decisions or a follow-up): {@code since} (our clock), its
     * {@code modifiedAt} and pending decision ids. The task has moved on once it shows RUNNING or STOPPING, a
     * different {@code modifiedAt}, or different pending ids.
     */
    public record ProgressGate(Instant since, Instant modifiedAt, List<String> pendingIds) implements Serializable {

        private static final long serialVersionUID = 1L;

        public ProgressGate {
            Objects.requireNonNull(since, "since");
            pendingIds = pendingIds == null ? List.of() : List.copyOf(pendingIds);
        }
    }

    public FollowState {
        if (taskId == null || taskId.isBlank()) {
            throw new IllegalArgumentException("taskId must not be blank (the id returned when the task was created)");
        }
        if (taskId.length() > 200) {
            throw new IllegalArgumentException("taskId is longer than 200 characters; pass the task's id, not a URL");
        }
        cursor = cursor == null ? MessageCursor.start() : cursor;
        answeredDecisionIds = answeredDecisionIds == null ? List.of() : List.copyOf(answeredDecisionIds);
        if (lastAgentMessage != null && lastAgentMessage.length() > MAX_AGENT_MESSAGE_CHARS) {
            lastAgentMessage = lastAgentMessage.substring(0, MAX_AGENT_MESSAGE_CHARS);
        }
    }

    /** A fresh follow of {@code taskId}; {@code deadline} null = none. */
    public static FollowState start(String taskId, Instant deadline) {
        return new FollowState(taskId, MessageCursor.start(), List.of(), deadline, null, null, null, null);
    }

    public FollowState withDeadline(Instant newDeadline) {
        return new FollowState(taskId, cursor, answeredDecisionIds, newDeadline, lastStatus, lastModifiedAt,
                awaitingProgress, lastAgentMessage);
    }

    /**
     * Records decisions answered outside this follower (e.g. {@code maia decide}) at {@code at}, so a follow
     * continuing from this state neither answers them again nor takes the next stale STOPPED read as the end.
     */
    public FollowState withAnsweredDecisions(Collection<String> ids, Instant at) {
        Objects.requireNonNull(at, "at");
        return new FollowState(taskId, cursor, appendAnswered(answeredDecisionIds, ids), deadline, lastStatus,
                lastModifiedAt, new ProgressGate(at, lastModifiedAt, List.copyOf(ids)), lastAgentMessage);
    }

    /** After a follow-up message was sent at {@code at}: the next STOPPED read must show the task moved on. */
    public FollowState expectingProgress(Instant at) {
        Objects.requireNonNull(at, "at");
        return new FollowState(taskId, cursor, answeredDecisionIds, deadline, lastStatus, lastModifiedAt,
                new ProgressGate(at, lastModifiedAt, List.of()), lastAgentMessage);
    }

    /** True when {@code decisionId} was answered by a follow with this state. */
    public boolean answered(String decisionId) {
        return answeredDecisionIds.contains(decisionId);
    }

    FollowState withCursor(MessageCursor newCursor) {
        return new FollowState(taskId, newCursor, answeredDecisionIds, deadline, lastStatus, lastModifiedAt,
                awaitingProgress, lastAgentMessage);
    }

    FollowState withCursorAndAgentMessage(MessageCursor newCursor, String message) {
        return new FollowState(taskId, newCursor, answeredDecisionIds, deadline, lastStatus, lastModifiedAt,
                awaitingProgress, message);
    }

    FollowState withSeen(TaskStatus status, Instant modifiedAt) {
        return new FollowState(taskId, cursor, answeredDecisionIds, deadline, status, modifiedAt, awaitingProgress,
                lastAgentMessage);
    }

    FollowState withAwaitingProgress(ProgressGate gate) {
        return new FollowState(taskId, cursor, answeredDecisionIds, deadline, lastStatus, lastModifiedAt, gate,
                lastAgentMessage);
    }

    FollowState withAnswered(Collection<String> ids, ProgressGate gate) {
        return new FollowState(taskId, cursor, appendAnswered(answeredDecisionIds, ids), deadline, lastStatus,
                lastModifiedAt, gate, lastAgentMessage);
    }

    private static List<String> appendAnswered(List<String> existing, Collection<String> more) {
        Set<String> all = new LinkedHashSet<>(existing);
        for (String id : more) {
            if (id != null) {
                all.remove(id);
                all.add(id);
            }
        }
        List<String> list = new ArrayList<>(all);
        return list.size() <= MAX_ANSWERED_IDS ? list : list.subList(list.size() - MAX_ANSWERED_IDS, list.size());
    }

    /** A compact JSON text of this state (format version 1), for {@link #decode(String)}. */
    public String encode() {
        ObjectNode o = JSON.createObjectNode();
        o.put("v", 1);
        o.put("taskId", taskId);
        ObjectNode c = o.putObject("cursor");
        putIfNotNull(c, "pageToken", cursor.pageToken());
        c.put("deliveredInPage", cursor.deliveredInPage());
        putIfNotNull(c, "lastEventKey", cursor.lastEventKey());
        c.put("position", cursor.position());
        c.put("delivered", cursor.delivered());
        ArrayNode answered = o.putArray("answered");
        answeredDecisionIds.forEach(answered::add);
        putIfNotNull(o, "deadline", deadline);
        putIfNotNull(o, "lastStatus", lastStatus);
        putIfNotNull(o, "lastModifiedAt", lastModifiedAt);
        if (awaitingProgress != null) {
            ObjectNode g = o.putObject("awaitingProgress");
            g.put("since", awaitingProgress.since().toString());
            putIfNotNull(g, "modifiedAt", awaitingProgress.modifiedAt());
            ArrayNode ids = g.putArray("pendingIds");
            awaitingProgress.pendingIds().forEach(ids::add);
        }
        putIfNotNull(o, "lastAgentMessage", lastAgentMessage);
        return o.toString();
    }

    /** Reads what {@link #encode()} wrote; a clear {@link IllegalArgumentException} for anything else. */
    public static FollowState decode(String encoded) {
        if (encoded == null || encoded.isBlank()) {
            throw new IllegalArgumentException("follow state text is empty");
        }
        try {
            JsonNode o = JSON.readTree(encoded);
            if (o == null || !o.isObject() || o.path("v").asInt() != 1) {
                throw new IllegalArgumentException("follow state text is not a version 1 follow state");
            }
            JsonNode c = o.path("cursor");
            MessageCursor cursor = new MessageCursor(text(c, "pageToken"), c.path("deliveredInPage").asInt(),
                    text(c, "lastEventKey"), c.path("position").asLong(), c.path("delivered").asLong());
            List<String> answered = new ArrayList<>();
            o.path("answered").forEach(n -> answered.add(n.asText()));
            ProgressGate gate = null;
            JsonNode g = o.get("awaitingProgress");
            if (g != null && g.isObject()) {
                List<String> ids = new ArrayList<>();
                g.path("pendingIds").forEach(n -> ids.add(n.asText()));
                gate = new ProgressGate(Instant.parse(g.path("since").asText()), instant(g, "modifiedAt"), ids);
            }
            String status = text(o, "lastStatus");
            return new FollowState(text(o, "taskId"), cursor, answered, instant(o, "deadline"),
                    status == null ? null : TaskStatus.valueOf(status), instant(o, "lastModifiedAt"), gate,
                    text(o, "lastAgentMessage"));
        } catch (JsonProcessingException | DateTimeParseException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new IllegalArgumentException("follow state text is damaged: " + why, e);
        }
    }

    private static void putIfNotNull(ObjectNode o, String name, Object value) {
        if (value != null) {
            o.put(name, value.toString());
        }
    }

    private static String text(JsonNode o, String name) {
        JsonNode v = o.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Instant instant(JsonNode o, String name) {
        String s = text(o, name);
        return s == null ? null : Instant.parse(s);
    }

    @Override
    public String toString() {
        return "FollowState[task " + taskId + ", " + cursor.delivered() + " events delivered, "
                + answeredDecisionIds.size() + " decisions answered, last status " + lastStatus + "]";
    }
}
