package io.jenkins.plugins.maia.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A batch file as read: its defaults, its tasks and the graph's settings, every value with the path it came from so
 * that a later problem with it names the place in the file.
 */
record BatchSpec(Path file, Settings defaults, List<TaskEntry> tasks, int maxConcurrent, boolean failFast) {

    /** A value of the file and where it stands, e.g. {@code tasks[2].approve}. */
    record Value(Object value, String path) {}

    /** The fields one level of the file sets (defaults, or a task), by name, typed as {@link BatchFields} says. */
    record Settings(Map<String, Value> values) {
        Settings {
            values = Map.copyOf(values);
        }

        Value get(String name) {
            return values.get(name);
        }

        boolean has(String name) {
            return values.containsKey(name);
        }
    }

    /** One task of the file. {@code dependsOn} may hold nulls for entries that were not text (already reported). */
    record TaskEntry(int index, String id, List<String> dependsOn, Settings settings) {
        String path() {
            return "tasks[" + index + "]";
        }
    }
}
