package io.jenkins.plugins.maia.sandbox.scenario;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scenarios a running sandbox knows by name: the built-ins, scenarios registered in code, and the files
 * {@code NAME.yaml}, {@code NAME.yml} or {@code NAME.json} in an optional scenario directory (read when first
 * used, so files can be added while the sandbox runs). Directives in task messages can only name scenarios,
 * never paths.
 */
public final class ScenarioCatalog {

    /** {@code [scenario:NAME]} at the very start of a message (leading blanks allowed). */
    private static final Pattern DIRECTIVE = Pattern.compile("^\\s*\\[scenario:([^\\]\\s]*)\\]");

    private final Map<String, Scenario> byName;
    private final Path directory;

    public ScenarioCatalog(List<Scenario> scenarios, Path directory) {
        Map<String, Scenario> map = new LinkedHashMap<>();
        for (Scenario scenario : scenarios) {
            map.put(scenario.name(), scenario);
        }
        this.byName = Map.copyOf(map);
        this.directory = directory;
        if (directory != null && !Files.isDirectory(directory)) {
            throw new ScenarioException("Scenario directory " + directory + " does not exist or is not a directory");
        }
    }

    /** The built-ins (long-running with {@code longRunningEvents} events) plus {@code extra}, which win on a name clash. */
    public static ScenarioCatalog withBuiltIns(List<Scenario> extra, Path directory, int longRunningEvents) {
        List<Scenario> all = new ArrayList<>();
        for (String name : Scenario.builtInNames()) {
            all.add(name.equals("long-running") ? Scenario.longRunning(longRunningEvents) : Scenario.builtIn(name));
        }
        all.addAll(extra);
        return new ScenarioCatalog(all, directory);
    }

    /**
     * The scenario with that name.
     *
     * @throws ScenarioException if it does not exist or its file is not valid
     */
    public Scenario get(String name) {
        Scenario known = byName.get(name);
        if (known != null) {
            return known;
        }
        if (!Scenario.NAME.matcher(name).matches()) {
            throw new ScenarioException("'" + name + "' is not a scenario name: use letters, digits, '.', '_' or '-'");
        }
        if (directory != null) {
            for (String extension : List.of(".yaml", ".yml", ".json")) {
                Path file = directory.resolve(name + extension);
                if (Files.isRegularFile(file)) {
                    return Scenario.fromFile(file);
                }
            }
        }
        throw new ScenarioException("Unknown scenario '" + name + "': choose one of " + String.join(", ", names())
                + (directory == null ? "" : " or add " + name + ".yaml to " + directory));
    }

    /** The names known without looking in the directory. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /**
     * The scenario named by a {@code [scenario:NAME]} directive at the start of {@code message}, if there is one.
     * An empty or malformed name is reported as an unknown scenario rather than silently ignored.
     */
    public static Optional<String> directive(String message) {
        if (message == null) {
            return Optional.empty();
        }
        Matcher matcher = DIRECTIVE.matcher(message);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
