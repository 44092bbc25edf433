package io.jenkins.plugins.maia.sandbox.scenario;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Turns scenario JSON/YAML into a {@link Scenario}, strictly: unknown fields are errors (they are usually typos). */
final class ScenarioParser {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    static final List<String> STEP_KINDS =
            List.of("say", "event", "wait", "tool", "tools", "ask", "generate_branch", "push", "finish", "error");

    /** Generous upper bounds that still keep a typo (an extra zero or three) from freezing the sandbox. */
    private static final int MAX_REPEAT = 1_000_000;
    private static final int MAX_WAIT_TICKS = 100_000;

    private final String source;

    private ScenarioParser(String source) {
        this.source = source;
    }

    static Scenario parse(String text, boolean json, String defaultName, String source) {
        JsonNode root;
        try {
            root = json ? JSON.readTree(text) : YAML.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw new ScenarioException("Scenario " + source + " is not valid " + (json ? "JSON" : "YAML") + where
                    + ": " + e.getOriginalMessage(), e);
        }
        return new ScenarioParser(source).scenario(root, defaultName);
    }

    private Scenario scenario(JsonNode root, String defaultName) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw error("", "the file is empty: write an object with a 'steps' list");
        }
        if (!root.isObject()) {
            throw error("", "the top level must be an object with 'name', 'description' and 'steps', not "
                    + describe(root));
        }
        onlyFields(root, "", Set.of("name", "description", "steps"));
        String name = optionalText(root, "name", "");
        String description = optionalText(root, "description", "");
        JsonNode steps = root.get("steps");
        if (steps == null || !steps.isArray() || steps.isEmpty()) {
            throw error("steps", "add a non-empty list of steps (each one of " + String.join(", ", STEP_KINDS) + ")");
        }
        List<Step> parsed = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Step step = step(steps.get(i), "steps[" + i + "]");
            if (!parsed.isEmpty()) {
                Step last = parsed.get(parsed.size() - 1);
                if (last instanceof Step.Finish || last instanceof Step.Fail) {
                    throw error("steps[" + i + "]", "this step can never run because the step before it ('"
                            + last.kind() + "') ends the task; remove it or move it earlier");
                }
            }
            parsed.add(step);
        }
        try {
            return new Scenario(name == null || name.isBlank() ? defaultName : name, description, parsed, source);
        } catch (ScenarioException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw error("", e.getMessage());
        }
    }

    private Step step(JsonNode node, String at) {
        if (node != null && node.isTextual()) {
            // Steps without settings may be written bare: `- finish`, `- push`, `- generate_branch`.
            switch (node.asText()) {
                case "finish":
                    return new Step.Finish(null);
                case "push":
                    return new Step.Push(null, null, null);
                case "generate_branch":
                    return new Step.GenerateBranch();
                default:
                    break;
            }
        }
        if (node == null || !node.isObject() || node.size() != 1) {
            throw error(at, "each step is an object with exactly one key, one of " + String.join(", ", STEP_KINDS)
                    + " (for example `- say: \"Hello\"`), not " + describe(node));
        }
        String kind = node.fieldNames().next();
        JsonNode value = node.get(kind);
        String here = at + "." + kind;
        return switch (kind) {
            case "say" -> say(value, here);
            case "event" -> {
                requireObject(value, here, "the event's data, a JSON object (for example {type: custom, note: hi})");
                yield new Step.Event(value);
            }
            case "wait" -> waitStep(value, here);
            case "tool" -> new Step.Tool(List.of(toolCall(value, here)));
            case "tools" -> tools(value, here);
            case "ask" -> ask(value, here);
            case "generate_branch" -> {
                if (value != null && !value.isNull() && !value.isBoolean() && !(value.isObject() && value.isEmpty())) {
                    throw error(here, "takes no settings: write `generate_branch: {}`");
                }
                yield new Step.GenerateBranch();
            }
            case "push" -> push(value, here);
            case "finish" -> finish(value, here);
            case "error" -> fail(value, here);
            default -> throw error(at, "unknown step '" + kind + "': use one of " + String.join(", ", STEP_KINDS));
        };
    }

    private Step.Say say(JsonNode value, String at) {
        if (value != null && value.isTextual()) {
            return new Step.Say(value.asText());
        }
        requireObject(value, at, "a text or an object with 'text', 'repeat' and 'perTick'");
        onlyFields(value, at, Set.of("text", "repeat", "perTick"));
        String text = requiredText(value, "text", at);
        int repeat = optionalInt(value, "repeat", at, 1, 1, MAX_REPEAT);
        int perTick = optionalInt(value, "perTick", at, 1, 1, MAX_REPEAT);
        return new Step.Say(text, repeat, perTick);
    }

    private Step.Wait waitStep(JsonNode value, String at) {
        if (value != null && value.isIntegralNumber()) {
            return new Step.Wait(checkRange(value.asLong(), at, 0, MAX_WAIT_TICKS));
        }
        requireObject(value, at, "a number of ticks or an object with 'ticks'");
        onlyFields(value, at, Set.of("ticks"));
        if (!value.has("ticks")) {
            throw error(at + ".ticks", "is required");
        }
        return new Step.Wait(optionalInt(value, "ticks", at, 0, 0, MAX_WAIT_TICKS));
    }

    private Step.Tool tools(JsonNode value, String at) {
        if (value == null || !value.isArray() || value.isEmpty()) {
            throw error(at, "must be a non-empty list of tools (each with 'name', 'title', 'body', 'input', 'result')");
        }
        List<Step.ToolCall> calls = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            calls.add(toolCall(value.get(i), at + "[" + i + "]"));
        }
        return new Step.Tool(calls);
    }

    private Step.ToolCall toolCall(JsonNode value, String at) {
        requireObject(value, at, "an object with 'name' and optional 'title', 'body', 'input', 'result'");
        onlyFields(value, at, Set.of("name", "title", "body", "input", "result"));
        String name = requiredText(value, "name", at);
        JsonNode input = value.get("input");
        if (input != null && !input.isNull() && !input.isObject()) {
            throw error(at + ".input", "must be an object (the tool's input), not " + describe(input));
        }
        return new Step.ToolCall(name, optionalText(value, "title", null), optionalText(value, "body", null),
                input == null || input.isNull() ? null : input, optionalText(value, "result", null));
    }

    private Step.Ask ask(JsonNode value, String at) {
        requireObject(value, at, "an object with 'questions' and optional 'title' and 'body'");
        onlyFields(value, at, Set.of("title", "body", "questions"));
        JsonNode questions = value.get("questions");
        if (questions == null || !questions.isArray() || questions.isEmpty()) {
            throw error(at + ".questions", "must be a non-empty list of questions");
        }
        List<Step.Question> parsed = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
            parsed.add(question(questions.get(i), at + ".questions[" + i + "]"));
        }
        return new Step.Ask(optionalText(value, "title", null), optionalText(value, "body", null), parsed);
    }

    private Step.Question question(JsonNode value, String at) {
        requireObject(value, at, "an object with 'question', 'options' and optional 'header' and 'multiSelect'");
        onlyFields(value, at, Set.of("question", "header", "options", "multiSelect"));
        String question = requiredText(value, "question", at);
        JsonNode options = value.get("options");
        if (options == null || !options.isArray() || options.isEmpty()) {
            throw error(at + ".options", "must be a non-empty list of options (each with 'label' and 'description')");
        }
        List<Step.Option> parsed = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        for (int i = 0; i < options.size(); i++) {
            JsonNode option = options.get(i);
            String here = at + ".options[" + i + "]";
            Step.Option opt;
            if (option != null && option.isTextual()) {
                opt = new Step.Option(option.asText(), null);
            } else {
                requireObject(option, here, "a label or an object with 'label' and 'description'");
                onlyFields(option, here, Set.of("label", "description"));
                opt = new Step.Option(requiredText(option, "label", here), optionalText(option, "description", null));
            }
            if (opt.label().isBlank()) {
                throw error(here + ".label", "must not be blank");
            }
            if (!labels.add(opt.label())) {
                throw error(here + ".label", "'" + opt.label() + "' appears twice; option labels must be unique");
            }
            parsed.add(opt);
        }
        JsonNode multi = value.get("multiSelect");
        if (multi != null && !multi.isNull() && !multi.isBoolean()) {
            throw error(at + ".multiSelect", "must be true or false, not " + describe(multi));
        }
        return new Step.Question(question, optionalText(value, "header", null), parsed,
                multi != null && multi.asBoolean(false));
    }

    private Step.Push push(JsonNode value, String at) {
        if (value == null || value.isNull() || (value.isBoolean() && value.asBoolean())) {
            return new Step.Push(null, null, null);
        }
        requireObject(value, at, "an object with optional 'title', 'body' and 'result' (or `push: {}`)");
        onlyFields(value, at, Set.of("title", "body", "result"));
        return new Step.Push(optionalText(value, "title", null), optionalText(value, "body", null),
                optionalText(value, "result", null));
    }

    private Step.Finish finish(JsonNode value, String at) {
        if (value == null || value.isNull()) {
            return new Step.Finish(null);
        }
        if (value.isTextual()) {
            return new Step.Finish(value.asText());
        }
        requireObject(value, at, "a text, an object with 'text', or nothing");
        onlyFields(value, at, Set.of("text"));
        return new Step.Finish(optionalText(value, "text", null));
    }

    private Step.Fail fail(JsonNode value, String at) {
        if (value != null && value.isTextual() && !value.asText().isBlank()) {
            return new Step.Fail(value.asText());
        }
        requireObject(value, at, "the error message, or an object with 'message'");
        onlyFields(value, at, Set.of("message"));
        return new Step.Fail(requiredText(value, "message", at));
    }

    private void requireObject(JsonNode value, String at, String expected) {
        if (value == null || !value.isObject()) {
            throw error(at, "must be " + expected + ", not " + describe(value));
        }
    }

    private void onlyFields(JsonNode node, String at, Set<String> allowed) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String field = names.next();
            if (!allowed.contains(field)) {
                throw error(at, "unknown field '" + field + "' (allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
    }

    private String requiredText(JsonNode node, String field, String at) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw error(join(at, field), "is required");
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw error(join(at, field), "must be a non-blank text, not " + describe(value));
        }
        return value.asText();
    }

    private String optionalText(JsonNode node, String field, String fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isValueNode() || value.isBinary()) {
            throw error(field, "must be a text, not " + describe(value));
        }
        return value.asText();
    }

    private int optionalInt(JsonNode node, String field, String at, int fallback, int min, int max) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber()) {
            throw error(join(at, field), "must be a whole number, not " + describe(value));
        }
        return checkRange(value.asLong(), join(at, field), min, max);
    }

    private int checkRange(long value, String at, int min, int max) {
        if (value < min || value > max) {
            throw error(at, "must be between " + min + " and " + max + ", got " + value);
        }
        return (int) value;
    }

    private ScenarioException error(String at, String problem) {
        return new ScenarioException("Scenario " + source + (at.isEmpty() ? "" : ": " + at) + ": " + problem);
    }

    private static String join(String at, String field) {
        return at.isEmpty() ? field : at + "." + field;
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "nothing";
        }
        if (node instanceof ObjectNode) {
            return "an object";
        }
        if (node instanceof ArrayNode) {
            return "a list";
        }
        String text = node.toString();
        return (node.isTextual() ? "the text " : "the value ") + (text.length() > 40 ? text.substring(0, 40) + "..." : text);
    }
}
