package io.jenkins.plugins.maia.follower.graph;

import io.jenkins.plugins.maia.follower.decision.NearestName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks a task graph passes before any call: ids, dependencies, cycles, a task to start with, the concurrency.
 * Every problem is reported, not only the first, each as a path into the graph's description and a fix:
 * {@code tasks[2].dependsOn[0]: no task has the id 'stagng' (did you mean staging?)}.
 */
public final class GraphValidation {

    /** Ids name files and prefix output lines, so they keep to a portable, printable alphabet. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    public static final int MAX_CONCURRENT_LIMIT = 1000;

    private GraphValidation() {}

    /** A task as the checks see it: its id and the ids it depends on (either may hold nulls: they are reported). */
    public record Node(String id, List<String> dependsOn) {
        public Node {
            dependsOn = dependsOn == null ? List.of() : new ArrayList<>(dependsOn);
        }
    }

    /** Every problem of {@code nodes} run at most {@code maxConcurrent} at a time; empty when the graph can run. */
    public static List<String> problems(List<Node> nodes, int maxConcurrent) {
        List<String> problems = new ArrayList<>();
        if (maxConcurrent < 1 || maxConcurrent > MAX_CONCURRENT_LIMIT) {
            problems.add("maxConcurrent: must be between 1 and " + MAX_CONCURRENT_LIMIT + ", was " + maxConcurrent
                    + " (the default is " + TaskGraph.DEFAULT_MAX_CONCURRENT + ")");
        }
        if (nodes.isEmpty()) {
            problems.add("tasks: there is no task: list at least one task with an id and a message");
            return problems;
        }
        Map<String, Integer> indexOf = new LinkedHashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            String id = nodes.get(i).id();
            if (id == null || id.isBlank()) {
                problems.add("tasks[" + i + "].id: missing: give every task an id, e.g. staging");
            } else if (!ID.matcher(id).matches()) {
                problems.add("tasks[" + i + "].id: '" + printable(id) + "' is not a valid id: use letters, digits, "
                        + "'.', '_' and '-' (at most 64), starting with a letter or a digit");
            } else if (indexOf.containsKey(id)) {
                problems.add("tasks[" + i + "].id: '" + id + "' is already the id of tasks[" + indexOf.get(id)
                        + "]: give each task an id of its own");
            } else {
                indexOf.put(id, i);
            }
        }
        Map<String, List<String>> edges = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            checkDependencies(i, nodes.get(i), indexOf, problems, edges);
        }
        if (nodes.stream().noneMatch(n -> n.dependsOn().isEmpty())) {
            problems.add("tasks: every task depends on another, so none can start: "
                    + "give at least one task no dependsOn");
        }
        problems.addAll(cycles(nodes, indexOf, edges));
        return problems;
    }

    private static void checkDependencies(int i, Node node, Map<String, Integer> indexOf, List<String> problems,
            Map<String, List<String>> edges) {
        Set<String> seen = new HashSet<>();
        List<String> known = new ArrayList<>();
        for (int j = 0; j < node.dependsOn().size(); j++) {
            String dep = node.dependsOn().get(j);
            String path = "tasks[" + i + "].dependsOn[" + j + "]: ";
            if (dep == null || dep.isBlank()) {
                problems.add(path + "empty: name the id of a task this one waits for");
            } else if (!indexOf.containsKey(dep)) {
                problems.add(path + "no task has the id '" + printable(dep) + "'"
                        + NearestName.nearest(dep, indexOf.keySet()).map(s -> " (did you mean " + s + "?)")
                                .orElse(" (the ids are " + String.join(", ", indexOf.keySet()) + ")"));
            } else if (!seen.add(dep)) {
                problems.add(path + "'" + dep + "' is listed twice: list each dependency once");
            } else if (dep.equals(node.id())) {
                problems.add(path + "'" + dep + "' depends on itself, so it can never start: remove it");
            } else {
                known.add(dep);
            }
        }
        if (node.id() != null && indexOf.get(node.id()) != null && indexOf.get(node.id()) == i) {
            edges.put(node.id(), known);
        }
    }

    /** Each cycle once, named task by task, at the dependency that closes it. */
    private static List<String> cycles(List<Node> nodes, Map<String, Integer> indexOf,
            Map<String, List<String>> edges) {
        List<String> problems = new ArrayList<>();
        Map<String, Integer> state = new HashMap<>(); // 1 = on the current path, 2 = done
        for (String start : indexOf.keySet()) {
            if (!state.containsKey(start)) {
                visit(start, new ArrayList<>(), state, edges, indexOf, nodes, problems);
            }
        }
        return problems;
    }

    private static void visit(String id, List<String> path, Map<String, Integer> state, Map<String, List<String>> edges,
            Map<String, Integer> indexOf, List<Node> nodes, List<String> problems) {
        state.put(id, 1);
        path.add(id);
        for (String dep : edges.getOrDefault(id, List.of())) {
            Integer s = state.get(dep);
            if (s == null) {
                visit(dep, path, state, edges, indexOf, nodes, problems);
            } else if (s == 1) {
                List<String> cycle = new ArrayList<>(path.subList(path.indexOf(dep), path.size()));
                cycle.add(dep);
                int i = indexOf.get(id);
                int j = nodes.get(i).dependsOn().indexOf(dep);
                problems.add("tasks[" + i + "].dependsOn[" + j + "]: a cycle: " + String.join(" -> ", cycle)
                        + " (each waits for the next), so none of them can start: remove one of these dependencies");
            }
        }
        path.remove(path.size() - 1);
        state.put(id, 2);
    }

    private static String printable(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 64 ? clean.substring(0, 64) + "..." : clean;
    }
}
