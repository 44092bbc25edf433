package io.jenkins.plugins.maia.follower.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.maia.follower.event.MessageText.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The shapes of event {@code data} that {@link MessageText} recognises. The API leaves {@code data} undocumented and
 * its tool names ({@code ask_user_question}, {@code enter_plan_mode}) suggest an agent built on a common agent SDK,
 * so besides the sandbox's own shapes the SDK's stream is read too:
 * <ul>
 *   <li>{@code {"type":"text","role","content"}}, {@code {"text"}}, {@code {"message": string}}, a bare string;</li>
 *   <li>flat events whose {@code type} names the speaker ({@code assistant}, {@code agent}, {@code user},
 *       {@code system}) with {@code text}, {@code content} or {@code message};</li>
 *   <li>the SDK stream {@code {"type","message":{"role","content":[parts]}}}: parts {@code text},
 *       {@code tool_use} ({@code name}, {@code id}, {@code input}) and {@code tool_result} ({@code tool_use_id},
 *       {@code content} as text or parts), each its own {@link MessageText} part; thinking is not shown;</li>
 *   <li>{@code tool_use} / {@code tool_result} events; {@code {"role":"tool"}};</li>
 *   <li>{@code result} records: the final summary ({@code result}); with {@code is_error} an error;</li>
 *   <li>error events: {@code type: error}, {@code is_error: true} or {@code level: error}, with {@code message},
 *       {@code error} (a string or an object with {@code message}), {@code detail} or {@code text};</li>
 *   <li>{@code status} records ({@code status}, {@code reason}) in words; {@code system} records (an SDK's init)
 *       as one short line.</li>
 * </ul>
 * Anything else is compact JSON.
 */
final class MessageShapes {

    private static final Set<String> USER_ROLES = Set.of("user", "human", "customer");
    private static final Set<String> AGENT_ROLES = Set.of("", "assistant", "agent", "ai", "maia", "model", "bot");
    private static final Set<String> SYSTEM_ROLES = Set.of("system", "developer");
    /** Event types that name who speaks, as in {@code {"type":"assistant","text":"..."}}. */
    private static final Set<String> SPEAKER_TYPES = Set.of("user", "human", "assistant", "agent", "ai", "model",
            "system");
    private static final Set<String> TOOL_CALL_TYPES = Set.of("tool_use", "tool_call", "function_call",
            "tool_request", "server_tool_use");
    private static final Set<String> TOOL_RESULT_TYPES = Set.of("tool_result", "function_result", "tool_output",
            "tool_response", "function_call_output");
    /** Parts the agent thinks in, not meant for the reader. */
    private static final Set<String> HIDDEN_PARTS = Set.of("thinking", "redacted_thinking");
    private static final Set<String> ERROR_LEVELS = Set.of("error", "fatal", "critical");
    private static final String[] TEXT_FIELDS = {"content", "text", "message", "body"};
    private static final int MAX_DEPTH = 4;

    private MessageShapes() {}

    static MessageText read(JsonNode data) {
        return parse(data, 0, "");
    }

    /**
     * The text of an error event ({@code type: error}, {@code is_error: true}, {@code level: error}), or null when
     * {@code data} is no error event.
     */
    static String errorText(JsonNode data) {
        if (data == null || !data.isObject()) {
            return null;
        }
        boolean flagged = "error".equals(lower(JsonFields.firstText(data, "type")))
                || data.path("is_error").asBoolean(false) || data.path("isError").asBoolean(false)
                || ERROR_LEVELS.contains(lower(JsonFields.firstText(data, "level", "severity")));
        if (!flagged) {
            return null;
        }
        for (String field : new String[] {"message", "error", "detail", "text", "result", "description"}) {
            JsonNode v = data.get(field);
            if (v != null && v.isTextual() && !v.asText().isBlank()) {
                return v.asText();
            }
            if (v != null && v.isObject()) {
                String nested = JsonFields.firstText(v, "message", "detail", "text");
                if (nested != null && !nested.isBlank()) {
                    return nested;
                }
            }
        }
        String subtype = JsonFields.firstText(data, "subtype", "code");
        return subtype != null ? subtype : compact(data);
    }

    private static MessageText parse(JsonNode data, int depth, String outerSpeaker) {
        if (data == null || data.isNull() || data.isMissingNode()) {
            return new MessageText(Kind.OTHER, "", null);
        }
        if (data.isTextual()) {
            return speaking(outerSpeaker, data.asText(), null);
        }
        if (!data.isObject() || depth > MAX_DEPTH) {
            return new MessageText(Kind.OTHER, compact(data), null);
        }
        String type = lower(JsonFields.firstText(data, "type", "kind", "event"));
        String role = lower(JsonFields.firstText(data, "role", "author", "sender", "from"));
        if (TOOL_CALL_TYPES.contains(type)) {
            return toolCall(data);
        }
        if (TOOL_RESULT_TYPES.contains(type)) {
            return toolResult(data);
        }
        String error = errorText(data);
        if (error != null) {
            return new MessageText(Kind.ERROR, error, null);
        }
        if (type.equals("status")) {
            return status(data);
        }
        if (type.equals("result")) {
            return result(data);
        }
        String speaker = !role.isEmpty() ? role : SPEAKER_TYPES.contains(type) ? type : outerSpeaker;
        JsonNode message = data.get("message");
        if (message != null && message.isObject()) {
            MessageText inner = parse(message, depth + 1, speaker);
            if (inner.kind() != Kind.OTHER || !speaker.isEmpty()) {
                return inner;
            }
        }
        // e.g. {"type":"telemetry","message":"..."}: a record, not someone speaking.
        boolean record = speaker.isEmpty() && !type.isEmpty() && !type.equals("text") && !type.equals("message");
        for (String field : TEXT_FIELDS) {
            JsonNode v = data.get(field);
            if (v == null || v.isNull()) {
                continue;
            }
            if (v.isArray()) {
                List<MessageText> parts = parts(v, speaker);
                if (!parts.isEmpty()) {
                    return record ? new MessageText(Kind.OTHER, type + ": " + joined(parts), null)
                            : MessageText.of(parts);
                }
                continue;
            }
            String text = textOf(v);
            if (text != null) {
                return record ? new MessageText(Kind.OTHER, type + ": " + text, null) : speaking(speaker, text, data);
            }
        }
        if (SYSTEM_ROLES.contains(speaker)) {
            return systemRecord(data);
        }
        return new MessageText(Kind.OTHER, compact(data), null);
    }

    /** Who says {@code text}: the user, the agent, the system, a tool, or someone else (named). */
    private static MessageText speaking(String speaker, String text, JsonNode data) {
        if (USER_ROLES.contains(speaker)) {
            return new MessageText(Kind.USER, text, null);
        }
        if (AGENT_ROLES.contains(speaker)) {
            return new MessageText(Kind.AGENT, text, null);
        }
        if (SYSTEM_ROLES.contains(speaker)) {
            return new MessageText(Kind.SYSTEM, text, null);
        }
        if (speaker.equals("tool")) {
            return new MessageText(Kind.TOOL_RESULT, text, data == null ? null
                    : JsonFields.firstText(data, "toolName", "name"), data == null ? null
                    : JsonFields.firstText(data, "tool_call_id", "tool_use_id", "toolId"), List.of());
        }
        return new MessageText(Kind.OTHER, speaker + ": " + text, null);
    }

    /**
     * The parts of a content array, in order: consecutive text as one part of {@code speaker}, each tool call and
     * tool result its own part; thinking and unknown parts are left out.
     */
    private static List<MessageText> parts(JsonNode array, String speaker) {
        List<MessageText> parts = new ArrayList<>();
        StringBuilder words = new StringBuilder();
        for (JsonNode part : array) {
            String piece = null;
            if (part.isTextual()) {
                piece = part.asText();
            } else if (part.isObject()) {
                String partType = lower(JsonFields.firstText(part, "type"));
                if (TOOL_CALL_TYPES.contains(partType) || TOOL_RESULT_TYPES.contains(partType)) {
                    flush(words, speaker, parts);
                    parts.add(TOOL_CALL_TYPES.contains(partType) ? toolCall(part) : toolResult(part));
                    continue;
                }
                if (!HIDDEN_PARTS.contains(partType)) {
                    JsonNode content = JsonFields.firstNode(part, "text", "content");
                    piece = content == null ? null : textOf(content);
                }
            }
            if (piece != null && !piece.isEmpty()) {
                words.append(words.length() == 0 ? "" : "\n").append(piece);
            }
        }
        flush(words, speaker, parts);
        return parts;
    }

    private static void flush(StringBuilder words, String speaker, List<MessageText> parts) {
        if (words.length() > 0) {
            parts.add(speaking(speaker, words.toString(), null));
            words.setLength(0);
        }
    }

    private static MessageText toolCall(JsonNode node) {
        JsonNode input = JsonFields.firstNode(node, "input", "toolInput", "arguments", "parameters", "args");
        // The whole input: a console cuts it to one line, a transcript shows it all.
        String text = input == null ? "" : input.isTextual() ? input.asText() : input.toString();
        return new MessageText(Kind.TOOL_CALL, text, JsonFields.firstText(node, "toolName", "name", "tool"),
                JsonFields.firstText(node, "toolId", "id", "tool_use_id", "call_id", "callId"), List.of());
    }

    private static MessageText toolResult(JsonNode node) {
        JsonNode content = JsonFields.firstNode(node, "content", "output", "result", "text");
        String text = content == null ? "" : textOf(content);
        if (text == null) {
            text = content.toString();
        }
        boolean failed = node.path("is_error").asBoolean(false) || node.path("isError").asBoolean(false);
        return new MessageText(Kind.TOOL_RESULT, failed ? "error: " + text : text,
                JsonFields.firstText(node, "toolName", "name", "tool"),
                JsonFields.firstText(node, "tool_use_id", "toolUseId", "toolId", "tool_call_id", "call_id"),
                List.of());
    }

    /** {@code {"type":"status","status":"STOPPED","reason":"awaiting_input"}} as "STOPPED (awaiting input)". */
    private static MessageText status(JsonNode data) {
        String status = JsonFields.firstText(data, "status", "state");
        String reason = JsonFields.firstText(data, "reason", "stopReason", "stop_reason");
        JsonNode messageNode = JsonFields.firstNode(data, "message", "text", "detail");
        String message = messageNode == null ? null : textOf(messageNode);
        if (status == null && reason == null && message == null) {
            return new MessageText(Kind.OTHER, compact(data), null);
        }
        StringBuilder words = new StringBuilder(status == null ? "" : status);
        if (reason != null && !reason.isBlank()) {
            words.append(words.length() == 0 ? "" : " ").append('(').append(reason.replace('_', ' ')).append(')');
        }
        if (message != null && !message.isBlank()) {
            words.append(words.length() == 0 ? "" : ": ").append(message);
        }
        return new MessageText(Kind.STATUS, words.toString(), null);
    }

    /** A {@code result} record: the agent's final summary (an error one is an error event, see above). */
    private static MessageText result(JsonNode data) {
        JsonNode summary = JsonFields.firstNode(data, "result", "summary", "text", "content", "message");
        String text = summary == null ? null : textOf(summary);
        if (text == null) {
            text = JsonFields.firstText(data, "subtype");
        }
        return new MessageText(Kind.RESULT, text == null ? compact(data) : text, null);
    }

    /** A system record without text, e.g. an SDK's init: its subtype, model and number of tools. */
    private static MessageText systemRecord(JsonNode data) {
        String subtype = JsonFields.firstText(data, "subtype");
        List<String> facts = new ArrayList<>();
        String model = JsonFields.firstText(data, "model");
        if (model != null) {
            facts.add("model " + model);
        }
        JsonNode tools = data.get("tools");
        if (tools != null && tools.isArray()) {
            facts.add(tools.size() + (tools.size() == 1 ? " tool" : " tools"));
        }
        return new MessageText(Kind.SYSTEM, (subtype == null ? "record" : subtype)
                + (facts.isEmpty() ? "" : " (" + String.join(", ", facts) + ")"), null);
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
                } else if (part.isObject() && !HIDDEN_PARTS.contains(lower(JsonFields.firstText(part, "type")))) {
                    JsonNode content = JsonFields.firstNode(part, "text", "content");
                    piece = content == null ? null : textOf(content);
                }
                if (piece != null && !piece.isEmpty()) {
                    sb.append(sb.length() == 0 ? "" : "\n").append(piece);
                }
            }
            return sb.length() == 0 ? null : sb.toString();
        }
        if (v.isObject() && v.hasNonNull("text") && v.get("text").isTextual()) {
            return v.get("text").asText();
        }
        return null;
    }

    private static String joined(List<MessageText> parts) {
        List<String> texts = new ArrayList<>();
        parts.forEach(p -> texts.add(p.text()));
        return String.join("\n", texts);
    }

    /** Compact JSON, cut to {@link MessageText#MAX_OTHER_CHARS} characters. */
    static String compact(JsonNode v) {
        if (v == null) {
            return "";
        }
        String s = v.toString();
        return s.length() <= MessageText.MAX_OTHER_CHARS ? s : s.substring(0, MessageText.MAX_OTHER_CHARS) + "...";
    }

    private static String lower(String s) {
        return s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
    }
}
