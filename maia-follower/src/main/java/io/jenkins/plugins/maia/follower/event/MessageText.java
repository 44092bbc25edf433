package io.jenkins.plugins.maia.follower.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.maia.client.model.TaskEvent;
import java.util.Locale;
import java.util.Set;

/**
 * The readable text of a message event, for consoles and transcripts. Event {@code data} is untyped in the API,
 * so common shapes are recognised: {@code {"type":"text","role","content"}}, {@code {"text"}},
 * {@code {"message"}} (a string or a nested message), {@code {"content":[{"type":"text","text"}]}},
 * {@code tool_use} / {@code tool_result}, a bare string; anything else is shown as compact JSON (cut to
 * {@value #MAX_OTHER_CHARS} characters).
 *
 * <p>Agent output is untrusted: control characters other than newline and tab (terminal escape sequences) are
 * replaced with U+FFFD in {@link #text()}. The text is not HTML-escaped: renderers escape for their format.
 *
 * @param kind     who or what the event is
 * @param text     the readable text (may be empty, never null)
 * @param toolName the tool of a TOOL_CALL or TOOL_RESULT, when the event names it; else null
 */
public record MessageText(Kind kind, String text, String toolName) {

    /** Longest compact JSON kept for an event of unknown shape. */
    public static final int MAX_OTHER_CHARS = 4_000;

    public enum Kind {
        /** The agent speaking. */
        AGENT,
        /** The user's message (the task's prompt or a follow-up). */
        USER,
        /** The agent calling a tool. */
        TOOL_CALL,
        /** What a tool returned. */
        TOOL_RESULT,
        /** Anything else (status records, unknown shapes). */
        OTHER
    }

    private static final Set<String> USER_ROLES = Set.of("user", "human", "customer");
    private static final Set<String> AGENT_ROLES = Set.of("", "assistant", "agent", "ai", "maia", "model", "bot");
    private static final Set<String> TOOL_CALL_TYPES = Set.of("tool_use", "tool_call", "function_call", "tool_request");
    private static final Set<String> TOOL_RESULT_TYPES = Set.of("tool_result", "function_result", "tool_output",
            "tool_response");

    public MessageText {
        text = text == null ? "" : sanitize(text);
    }

    public static MessageText of(TaskEvent event) {
        return of(event == null ? null : event.data());
    }

    /** The text of an event's {@code data}; never throws. */
    public static MessageText of(JsonNode data) {
        try {
            return parse(data, 0);
        } catch (RuntimeException e) {
            return new MessageText(Kind.OTHER, compact(data), null);
        }
    }

    public boolean isAgent() {
        return kind == Kind.AGENT;
    }

    /** One line (or block) for a console, e.g. {@code "agent: I'll check the pipeline"}. */
    public String consoleLine() {
        return switch (kind) {
            case AGENT -> "agent: " + text;
            case USER -> "user: " + text;
            case TOOL_CALL -> "tool call " + (toolName == null ? "" : toolName) + (text.isEmpty() ? "" : ": " + text);
            case TOOL_RESULT -> "tool result" + (toolName == null ? "" : " " + toolName) + ": " + text;
            case OTHER -> "event: " + text;
        };
    }

    private static MessageText parse(JsonNode data, int depth) {
        if (data == null || data.isNull() || data.isMissingNode()) {
            return new MessageText(Kind.OTHER, "", null);
        }
        if (data.isTextual()) {
            return new MessageText(Kind.AGENT, data.asText(), null);
        }
        if (!data.isObject() || depth > 4) {
            return new MessageText(Kind.OTHER, compact(data), null);
        }
        String type = lower(JsonFields.firstText(data, "type", "kind", "event"));
        String role = lower(JsonFields.firstText(data, "role", "author", "sender", "from"));
        if (TOOL_CALL_TYPES.contains(type)) {
            JsonNode input = JsonFields.firstNode(data, "input", "toolInput", "arguments", "parameters", "args");
            return new MessageText(Kind.TOOL_CALL, input == null ? "" : compactOrText(input),
                    JsonFields.firstText(data, "toolName", "name", "tool"));
        }
        if (TOOL_RESULT_TYPES.contains(type)) {
            JsonNode content = JsonFields.firstNode(data, "content", "output", "result", "text");
            String text = content == null ? "" : textOf(content);
            return new MessageText(Kind.TOOL_RESULT, text == null ? compactOrText(content) : text,
                    JsonFields.firstText(data, "toolName", "name", "tool"));
        }
        JsonNode message = data.get("message");
        if (message != null && message.isObject()) {
            MessageText inner = parse(message, depth + 1);
            if (inner.kind() != Kind.OTHER || !role.isEmpty()) {
                return inner.kind() == Kind.OTHER ? inner : withRole(inner, role);
            }
        }
        String text = null;
        for (String field : new String[] {"content", "text", "message", "body"}) {
            JsonNode v = data.get(field);
            if (v != null && !v.isNull()) {
                text = textOf(v);
                if (text != null) {
                    break;
                }
            }
        }
        if (text == null) {
            return new MessageText(Kind.OTHER, compact(data), null);
        }
        if (!type.isEmpty() && !type.equals("text") && !type.equals("message") && role.isEmpty()) {
            // e.g. {"type":"status","message":"..."}: a record, not the agent speaking.
            return new MessageText(Kind.OTHER, type + ": " + text, null);
        }
        if (USER_ROLES.contains(role)) {
            return new MessageText(Kind.USER, text, null);
        }
        if (role.equals("tool")) {
            return new MessageText(Kind.TOOL_RESULT, text, JsonFields.firstText(data, "toolName", "name"));
        }
        if (AGENT_ROLES.contains(role)) {
            return new MessageText(Kind.AGENT, text, null);
        }
        return new MessageText(Kind.OTHER, role + ": " + text, null);
    }

    private static MessageText withRole(MessageText inner, String outerRole) {
        if (outerRole.isEmpty() || inner.kind() != Kind.AGENT) {
            return inner;
        }
        if (USER_ROLES.contains(outerRole)) {
            return new MessageText(Kind.USER, inner.text(), null);
        }
        return inner;
    }

    /** Text of a content value: a string, a list of parts, or an object with "text"; null if none. */
    private static String textOf(JsonNode v) {
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : v) {
                String piece = null;
                if (part.isTextual()) {
                    piece = part.asText();
                } else if (part.isObject()) {
                    String partType = lower(JsonFields.firstText(part, "type"));
                    if (TOOL_CALL_TYPES.contains(partType)) {
                        piece = "[tool call " + JsonFields.firstText(part, "name", "toolName") + "]";
                    } else if (part.hasNonNull("text") && part.get("text").isTextual()) {
                        piece = part.get("text").asText();
                    } else if (part.hasNonNull("content")) {
                        piece = textOf(part.get("content"));
                    }
                }
                if (piece != null && !piece.isEmpty()) {
                    if (sb.length() > 0) {
                        sb.append('\n');
                    }
                    sb.append(piece);
                }
            }
            return sb.length() == 0 ? null : sb.toString();
        }
        if (v.isObject() && v.hasNonNull("text") && v.get("text").isTextual()) {
            return v.get("text").asText();
        }
        return null;
    }

    private static String compactOrText(JsonNode v) {
        return v == null ? "" : v.isTextual() ? v.asText() : compact(v);
    }

    private static String compact(JsonNode v) {
        if (v == null) {
            return "";
        }
        String s = v.toString();
        return s.length() <= MAX_OTHER_CHARS ? s : s.substring(0, MAX_OTHER_CHARS) + "...";
    }

    private static String lower(String s) {
        return s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
    }

    /** Control characters other than newline and tab become U+FFFD; CR LF and lone CR become newline. */
    public static String sanitize(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean replace;
            char with;
            if (c == '\r') {
                replace = true;
                with = (i + 1 < s.length() && s.charAt(i + 1) == '\n') ? 0 : '\n';
            } else if ((c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f)) {
                replace = true;
                with = '\uFFFD';
            } else {
                replace = false;
                with = c;
            }
            if (replace && sb == null) {
                sb = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (sb != null && with != 0) {
                sb.append(with);
            }
        }
        return sb == null ? s : sb.toString();
    }
}
