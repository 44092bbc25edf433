package io.jenkins.plugins.maia.sandbox.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a scripted agent does, step by step. Scenarios come from the built-ins shipped with the sandbox
 * ({@link #builtInNames()}) or from JSON/YAML files (format in the module README).
 *
 * @param name        what {@code [scenario:NAME]} directives and {@code --scenario} refer to
 * @param description one line for humans
 * @param steps       the steps, run in order
 * @param source      where the scenario was loaded from ("built-in" or a file path), for error messages
 */
public record Scenario(String name, String description, List<Step> steps, String source) {

    /** The scenarios shipped in the jar, in the order the README lists them. */
    private static final List<String> BUILT_INS =
            List.of("happy-path", "approval-and-question", "branch-generation", "errored", "long-running");

    /** Names a directive may use: no path separators, so a request can never make the server read a file by path. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private static final String RESOURCE_DIR = "/io/jenkins/plugins/maia/sandbox/scenarios/";

    public Scenario {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new ScenarioException("Scenario name '" + name + "' (from " + source
                    + ") is not valid: use letters, digits, '.', '_' or '-' (at most 100 characters)");
        }
        description = description == null ? "" : description;
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new ScenarioException("Scenario '" + name + "' (from " + source + ") has no steps: add at least one");
        }
        source = source == null ? "code" : source;
    }

    public static List<String> builtInNames() {
        return BUILT_INS;
    }

    /**
     * Loads a built-in scenario by name, or else a scenario file by path ({@code .json}, {@code .yaml} or
     * {@code .yml}).
     *
     * @throws ScenarioException naming the file or name and the problem
     */
    public static Scenario load(String nameOrPath) {
        if (nameOrPath == null || nameOrPath.isBlank()) {
            throw new ScenarioException("No scenario given: pass a built-in name (" + String.join(", ", BUILT_INS)
                    + ") or the path of a .json/.yaml scenario file");
        }
        if (BUILT_INS.contains(nameOrPath)) {
            return builtIn(nameOrPath);
        }
        Path path = Path.of(nameOrPath);
        if (!Files.exists(path)) {
            throw new ScenarioException("Scenario '" + nameOrPath + "' is neither a built-in scenario ("
                    + String.join(", ", BUILT_INS) + ") nor an existing file");
        }
        return fromFile(path);
    }

    /** Reads a scenario file; JSON for {@code .json}, YAML otherwise. Its name defaults to the file name. */
    public static Scenario fromFile(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ScenarioException("Cannot read scenario file " + path + ": " + e.getMessage(), e);
        }
        String fileName = path.getFileName().toString();
        boolean json = fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".json");
        return ScenarioParser.parse(text, json, defaultName(fileName), path.toString());
    }

    /**
     * Parses scenario text (YAML, which includes JSON).
     *
     * @param defaultName the name to use when the text has no {@code name} field
     * @param source      where the text came from, for error messages
     */
    public static Scenario parse(String text, String defaultName, String source) {
        return ScenarioParser.parse(text, false, defaultName, source);
    }

    public static Scenario builtIn(String name) {
        if (!BUILT_INS.contains(name)) {
            throw new ScenarioException("Unknown built-in scenario '" + name + "': choose one of "
                    + String.join(", ", BUILT_INS));
        }
        try (InputStream in = Scenario.class.getResourceAsStream(RESOURCE_DIR + name + ".yaml")) {
            if (in == null) {
                throw new ScenarioException("Built-in scenario '" + name + "' is missing from the jar");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return ScenarioParser.parse(text, false, name, "built-in " + name);
        } catch (IOException e) {
            throw new ScenarioException("Cannot read built-in scenario '" + name + "': " + e.getMessage(), e);
        }
    }

    /**
     * The built-in {@code long-running} scenario with {@code events} progress messages instead of its usual
     * 3,000, emitted in about 30 ticks.
     */
    public static Scenario longRunning(int events) {
        if (events < 1) {
            throw new IllegalArgumentException("events must be at least 1, got " + events);
        }
        Scenario base = builtIn("long-running");
        List<Step> steps = new ArrayList<>();
        for (Step step : base.steps()) {
            if (step instanceof Step.Say say && say.repeat() > 1) {
                steps.add(new Step.Say(say.text(), events, Math.max(1, (events + 29) / 30)));
            } else {
                steps.add(step);
            }
        }
        return new Scenario(base.name(), base.description(), steps, base.source() + " (" + events + " events)");
    }

    /** The file name without its extension, made into a valid scenario name. */
    private static String defaultName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String base = dot > 0 ? fileName.substring(0, dot) : fileName;
        String cleaned = base.replaceAll("[^A-Za-z0-9._-]", "-");
        if (cleaned.isEmpty() || !Character.isLetterOrDigit(cleaned.charAt(0))) {
            cleaned = "scenario" + cleaned;
        }
        return cleaned.length() > 100 ? cleaned.substring(0, 100) : cleaned;
    }
}
