package io.jenkins.plugins.maia.follower.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.maia.client.model.TaskEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The readable text of a message event, for consoles and transcripts. Event {@code data} is untyped in the API, so
 * the common shapes are recognised ({@link MessageShapes} lists them): the sandbox's
 * {@code {"type":"text","role","content"}}, flat events whose {@code type} names the speaker, the agent-SDK stream
 * ({@code {"type":"assistant","message":{"role","content":[parts]}}} with text, {@code tool_use} and
 * {@code tool_result} parts), {@code result}, {@code status}, {@code system} and error records; anything else is
 * shown as compact JSON (cut to {@value #MAX_OTHER_CHARS} characters).
 *
 * <p>An event may say several things (an SDK message with text and two tool calls): then {@link #parts()} holds
 * each, in order, and the record's own kind and text are those of its first text part (else its first part), so
 * {@link #text()} of an agent message is the agent's words without its tool calls. {@link #pieces()} gives the
 * parts of any event, one or many.
 *
 * <p>Agent output is untrusted: control characters other than newline and tab (terminal escape sequences) are
 * replaced with U+FFFD in {@link #text()}. The text is not HTML-escaped: renderers escape for their format.
 *
 * @param kind     who or what the event is
 * @param text     the readable text (may be empty, never null); for a tool call its whole input
 * @param toolName the tool of a TOOL_CALL or TOOL_RESULT, when the event names it; else null
 * @param toolId   the id of a tool call, or the call a tool result answers, when the event says; else null
 * @param parts    the parts of an event that says several things; empty for an event that says one
 */
public record MessageText(Kind kind, String text, String toolName, String toolId, List<MessageText> parts) {

    /** Longest compact JSON kept for an event of unknown shape. */
    public static final int MAX_OTHER_CHARS = 4_000;

    /** Longest tool input on a console line (the transcripts show all of it). */
    public static final int CONSOLE_INPUT_CHARS = 300;

    public enum Kind {
        /** The agent speaking. */
        AGENT,
        /** The user's message (the task's prompt or a follow-up). */
        USER,
        /** The agent calling a tool. */
        TOOL_CALL,
        /** What a tool returned. */
        TOOL_RESULT,
        /** A system record (an SDK's init record, a system message), as one short line. */
        SYSTEM,
        /** A status record from the server, in words, e.g. {@code STOPPED (awaiting input)}. */
        STATUS,
        /** An error the task reported: its text. */
        ERROR,
        /** The agent's final summary (a {@code result} record). */
        RESULT,
        /** Anything else (unknown shapes, decision records). */
        OTHER
    }

    public MessageText {
        text = text == null ? "" : sanitize(text);
        toolName = toolName == null ? null : sanitize(toolName);
        toolId = toolId == null ? null : sanitize(toolId);
        parts = parts == null ? List.of() : List.copyOf(parts);
    }

    /** An event that says one thing. */
    public MessageText(Kind kind, String text, String toolName) {
        this(kind, text, toolName, null, List.of());
    }

    public static MessageText of(TaskEvent event) {
        return of(event == null ? null : event.data());
    }

    /** The text of an event's {@code data}; never throws. */
    public static MessageText of(JsonNode data) {
        try {
            return MessageShapes.read(data);
        } catch (RuntimeException e) {
            return new MessageText(Kind.OTHER, MessageShapes.compact(data), null);
        }
    }

    /** An event of several parts: kind and text of its first text part (else its first part), and the parts. */
    static MessageText of(List<MessageText> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        MessageText primary = parts.stream().filter(MessageText::isWords).findFirst().orElse(parts.get(0));
        return new MessageText(primary.kind, primary.text, primary.toolName, primary.toolId, parts);
    }

    /** Each thing the event says, in order: its parts, or itself. */
    public List<MessageText> pieces() {
        return parts.isEmpty() ? List.of(this) : parts;
    }

    public boolean isAgent() {
        return kind == Kind.AGENT;
    }

    /** The agent's own words: what it says, or its final summary (the last of these is its last message). */
    public boolean isAgentWords() {
        return (kind == Kind.AGENT || kind == Kind.RESULT) && !text.isBlank();
    }

    /**
     * One line per part for a console, e.g. {@code "agent: I'll check the pipeline"} or
     * {@code "tool call query_warehouse: {"query":"SELECT 1"}"}: a tool call's input on one line, cut to
     * {@value #CONSOLE_INPUT_CHARS} characters; a tool result labelled as one.
     */
    public String consoleLine() {
        if (!parts.isEmpty()) {
            List<String> lines = new ArrayList<>(parts.size());
            parts.forEach(p -> lines.add(p.consoleLine()));
            return String.join("\n", lines);
        }
        return switch (kind) {
            case AGENT -> "agent: " + text;
            case USER -> "user: " + text;
            case TOOL_CALL -> "tool call " + (toolName == null ? "" : toolName)
                    + (text.isEmpty() ? "" : ": " + oneLine(text, CONSOLE_INPUT_CHARS));
            case TOOL_RESULT -> "tool result" + (toolName == null ? "" : " " + toolName) + ": " + text;
            case SYSTEM -> "system: " + text;
            case STATUS -> "status: " + text;
            case ERROR -> "error: " + text;
            case RESULT -> "result: " + text;
            case OTHER -> "event: " + text;
        };
    }

    private boolean isWords() {
        return kind == Kind.AGENT || kind == Kind.USER || kind == Kind.SYSTEM;
    }

    /** {@code s} on one line (line breaks and tabs as spaces), cut to {@code max} characters with "...". */
    static String oneLine(String s, int max) {
        String line = s.replace('\n', ' ').replace('\t', ' ');
        return line.length() <= max ? line : line.substring(0, max) + "...";
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
