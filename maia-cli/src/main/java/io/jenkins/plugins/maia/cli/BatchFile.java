package io.jenkins.plugins.maia.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jenkins.plugins.maia.cli.BatchFields.Field;
import io.jenkins.plugins.maia.cli.BatchSpec.Settings;
import io.jenkins.plugins.maia.cli.BatchSpec.TaskEntry;
import io.jenkins.plugins.maia.cli.BatchSpec.Value;
import io.jenkins.plugins.maia.follower.decision.DecisionRulesParser;
import io.jenkins.plugins.maia.follower.decision.OnDecisionTimeout;
import io.jenkins.plugins.maia.follower.decision.ParsedRules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;

/**
 * Reads a batch file (YAML, or JSON for a {@code .json} file) into a {@link BatchSpec}. Every problem is collected,
 * each naming its path in the file ({@code tasks[2].approve[0]: ...}) and the fix, and reported together in one
 * {@link BatchFileProblems}: a file is fixed in one go, not one error per run.
 */
final class BatchFile {

    /** Bigger is surely not a batch file; reading it whole would only cost memory. */
    private static final long MAX_BYTES = 4L * 1024 * 1024;

    private final Path file;
    private final List<String> problems = new ArrayList<>();

    private BatchFile(Path file) {
        this.file = file;
    }

    /**
     * The batch in {@code file}; {@link BatchFileProblems} naming every problem, or a {@link UsageException} for a
     * file that cannot be read.
     */
    static BatchSpec read(Path file) {
        return new BatchFile(file).read();
    }

    private BatchSpec read() {
        JsonNode root = parse();
        if (!root.isObject()) {
            throw problem("the batch file " + file + " must hold a map with tasks: (and defaults:, maxConcurrent:, "
                    + "failFast:)");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!BatchFields.TOP.contains(name)) {
                problems.add(BatchFields.refusal(name).map(r -> name + ": " + r)
                        .orElseGet(() -> BatchFields.FIELDS.containsKey(name)
                                ? name + ": a task's field: put it under defaults: (for every task) or in a task"
                                : BatchFields.unknown(name, name, BatchFields.TOP)));
            }
        }
        Settings defaults = root.has("defaults")
                ? settings(root.get("defaults"), "defaults", BatchFields.defaultNames(), false)
                : new Settings(Map.of());
        List<TaskEntry> tasks = tasks(root.get("tasks"));
        int maxConcurrent = count(root.get("maxConcurrent"), "maxConcurrent",
                io.jenkins.plugins.maia.follower.graph.TaskGraph.DEFAULT_MAX_CONCURRENT);
        boolean failFast = flag(root.get("failFast"), "failFast", false);
        if (!problems.isEmpty()) {
            throw new BatchFileProblems(problems);
        }
        return new BatchSpec(file, defaults, tasks, maxConcurrent, failFast);
    }

    private JsonNode parse() {
        if (!Files.isRegularFile(file)) {
            throw problem("cannot read the batch file " + file + ": no such file");
        }
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw problem("the batch file " + file + " is larger than 4 MB: is it the right file?");
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            ObjectMapper mapper = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")
                    ? new ObjectMapper() : new YAMLMapper();
            JsonNode root = mapper.readTree(text);
            if (root == null || root.isMissingNode()) {
                throw problem("the batch file " + file + " is empty: list the tasks under tasks:");
            }
            return root;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw problem("the batch file " + file + " is not valid " + format() + where + ": "
                    + TerminalText.oneLine(e.getOriginalMessage(), 300));
        } catch (IOException e) {
            throw problem("cannot read the batch file " + file + ": " + e.getMessage());
        }
    }

    private String format() {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json") ? "JSON" : "YAML";
    }

    private List<TaskEntry> tasks(JsonNode node) {
        List<TaskEntry> tasks = new ArrayList<>();
        if (node == null || node.isNull()) {
            problems.add("tasks: missing: list the tasks, each with an id and a message");
            return tasks;
        }
        if (!node.isArray()) {
            problems.add("tasks: must be a list of tasks (- id: ..., message: ...)");
            return tasks;
        }
        for (int i = 0; i < node.size(); i++) {
            String path = "tasks[" + i + "]";
            JsonNode t = node.get(i);
            if (!t.isObject()) {
                problems.add(path + ": must be a map with an id and a message");
                continue;
            }
            String id = text(t.get("id"), path + ".id");
            List<String> deps = t.has("dependsOn") ? list(t.get("dependsOn"), path + ".dependsOn", "a task id")
                    : List.of();
            tasks.add(new TaskEntry(i, id, deps, settings(t, path, BatchFields.taskNames(), true)));
        }
        return tasks;
    }

    /** The known fields of one level; {@code task}: also id and dependsOn, read by the caller. */
    private Settings settings(JsonNode node, String path, List<String> allowed, boolean task) {
        Map<String, Value> values = new LinkedHashMap<>();
        if (!node.isObject()) {
            problems.add(path + ": must be a map of fields such as projectId: ...");
            return new Settings(values);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            String at = path + "." + name;
            if (task && BatchFields.TASK_ONLY.contains(name)) {
                continue;
            }
            Field field = BatchFields.FIELDS.get(name);
            if (field == null) {
                problems.add(BatchFields.refusal(name).map(r -> at + ": " + r)
                        .orElseGet(() -> BatchFields.unknown(at, name, allowed)));
            } else if (!allowed.contains(name)) {
                problems.add(at + (task ? ": applies to the whole batch: set it under defaults: or pass "
                        + field.option() : ": each task has its own: set it in each task"));
            } else {
                Object value = value(field, e.getValue(), at);
                if (value != null) {
                    values.put(name, new Value(value, at));
                }
            }
        }
        return new Settings(values);
    }

    private Object value(Field field, JsonNode node, String path) {
        return switch (field.kind()) {
            case TEXT -> text(node, path);
            case FLAG -> flag(node, path, false);
            case LIST -> list(node, path, "a tool name");
            case ANSWERS -> answers(node, path);
            case DURATION -> {
                String text = text(node, path);
                yield text == null ? null : parsed(path, () -> DurationConverter.parse(text));
            }
            case MODE -> {
                String text = text(node, path);
                yield text == null ? null : parsed(path, () -> new ModeConverter().convert(text));
            }
            case ON_DECISION -> {
                String text = text(node, path);
                yield text == null ? null : parsed(path, () -> onDecision(text));
            }
            case PATH -> {
                String text = text(node, path);
                Path dir = file.toAbsolutePath().getParent();
                yield text == null ? null : dir.resolve(text).normalize();
            }
            case COUNT -> {
                int n = count(node, path, -1);
                yield n < 0 ? null : n;
            }
            case RULES -> rules(node, path);
            case ON_DECISION_TIMEOUT -> {
                String text = text(node, path);
                yield text == null ? null : parsed(path, () -> OnDecisionTimeout.parse(text).orElseThrow(() ->
                        new IllegalArgumentException("'" + text + "' is not one of reject, fail, stop")));
            }
        };
    }

    /**
     * {@code rules}: a list of rules in the file itself, or the path of a rules file beside it; each problem named by
     * its path in this file ({@code defaults.rules[0].verdict: ...}).
     */
    private RulesFile rules(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return null;
        }
        Path rulesFile = node.isTextual() ? file.toAbsolutePath().getParent().resolve(node.asText()).normalize() : null;
        ParsedRules parsed = rulesFile != null ? RulesFile.parse(rulesFile)
                : DecisionRulesParser.fromData(new ObjectMapper().convertValue(node, Object.class));
        String where = rulesFile == null ? path : path + " (" + rulesFile + ")";
        boolean inline = rulesFile == null; // then the engine's "rules[0]..." continues this file's path
        parsed.problems().forEach(p -> problems.add(where + (inline && p.startsWith("rules") ? p.substring(5)
                : ": " + p)));
        return parsed.ok() ? new RulesFile(parsed.rules(), parsed.warnings().stream().map(w -> "warning: " + file
                + ": " + where + (inline && w.startsWith("rules") ? w.substring(5) : ": " + w)).toList()) : null;
    }

    private static OnDecision onDecision(String text) {
        try {
            return OnDecision.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not one of prompt, fail, reject, wait");
        }
    }

    private Object parsed(String path, java.util.function.Supplier<Object> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException | CommandLine.TypeConversionException e) {
            problems.add(path + ": " + e.getMessage());
            return null;
        }
    }

    private String text(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isValueNode() || node.isBoolean()) {
            problems.add(path + ": must be text");
            return null;
        }
        return node.asText();
    }

    private boolean flag(JsonNode node, String path, boolean absent) {
        if (node == null || node.isNull()) {
            return absent;
        }
        if (!node.isBoolean()) {
            problems.add(path + ": must be true or false");
            return absent;
        }
        return node.asBoolean();
    }

    private int count(JsonNode node, String path, int absent) {
        if (node == null || node.isNull()) {
            return absent;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
            problems.add(path + ": must be a whole number");
            return absent;
        }
        return node.asInt();
    }

    /** A list of text; a single value counts as a list of one. Entries that are not text are reported (null). */
    private List<String> list(JsonNode node, String path, String what) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            String one = text(node, path);
            if (one != null) {
                out.add(one);
            }
            return out;
        }
        for (int j = 0; j < node.size(); j++) {
            JsonNode item = node.get(j);
            if (!item.isValueNode() || item.isNull() || item.isBoolean()) {
                problems.add(path + "[" + j + "]: must be " + what);
                out.add(null);
            } else {
                out.add(item.asText());
            }
        }
        return out;
    }

    private List<AnswerOption> answers(JsonNode node, String path) {
        List<String> texts = list(node, path, "an answer N=OPTION");
        List<AnswerOption> answers = new ArrayList<>();
        for (int j = 0; j < texts.size(); j++) {
            String text = texts.get(j);
            if (text != null) {
                String at = node.isArray() ? path + "[" + j + "]" : path;
                Object a = parsed(at, () -> new AnswerOption.Converter().convert(text));
                if (a != null) {
                    answers.add((AnswerOption) a);
                }
            }
        }
        return answers;
    }

    private UsageException problem(String message) {
        return new UsageException(message);
    }
}
