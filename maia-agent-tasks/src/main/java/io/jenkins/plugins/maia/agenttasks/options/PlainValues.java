package io.jenkins.plugins.maia.agenttasks.options;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * A Pipeline's arguments as plain values: a GString becomes a String, lists and maps are copied with plain
 * contents, so what the step hands back to the script (and what the program saves) holds no script object.
 */
@Restricted(NoExternalUse.class)
public final class PlainValues {

    private PlainValues() {}

    public static Object plain(Object value) {
        if (value instanceof CharSequence text) {
            return text.toString();
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(plain(v)));
            return copy;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), plain(v)));
            return copy;
        }
        return value;
    }

    public static int integer(String path, Object value, List<String> problems, int fallback) {
        if (value instanceof Number n && n.doubleValue() == n.intValue()) {
            return n.intValue();
        }
        if (value instanceof String s && s.strip().matches("-?\\d{1,9}")) {
            return Integer.parseInt(s.strip());
        }
        problems.add(path + ": must be a whole number, was '" + value + "'");
        return fallback;
    }

    public static boolean bool(String path, Object value, List<String> problems, boolean fallback) {
        if (value instanceof Boolean b) {
            return b;
        }
        if ("true".equals(value) || "false".equals(value)) {
            return Boolean.parseBoolean((String) value);
        }
        problems.add(path + ": must be true or false, was '" + value + "'");
        return fallback;
    }

    /** A list of ids, or one id on its own ({@code dependsOn: 'staging'}). */
    public static List<String> strings(String path, Object value, List<String> problems) {
        Object v = plain(value);
        if (v == null) {
            return new ArrayList<>();
        }
        if (v instanceof String s) {
            return new ArrayList<>(List.of(s));
        }
        if (v instanceof List<?> list) {
            List<String> ids = new ArrayList<>();
            for (Object o : list) {
                ids.add(o == null ? null : o.toString());
            }
            return ids;
        }
        problems.add(path + ": must be a list of task ids, e.g. ['staging'], was '" + v + "'");
        return new ArrayList<>();
    }
}
