package io.jenkins.plugins.maia.agenttasks.graph;

import hudson.AbortException;
import io.jenkins.plugins.maia.agenttasks.options.PlainValues;
import io.jenkins.plugins.maia.follower.decision.NearestName;
import io.jenkins.plugins.maia.follower.graph.GraphValidation;
import io.jenkins.plugins.maia.follower.graph.TaskGraph;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The arguments of {@code maiaAgentTasks(...)} read and checked before any call: the tasks with their ids and
 * dependencies (checked by the engine's {@link GraphValidation}: duplicate ids, unknown dependencies with "did you
 * mean", cycles), {@code maxConcurrent}, {@code failFast}, {@code propagate}, and each task's own
 * {@code maiaAgentTask} arguments (the shared ones with the task's overrides), each checked as the single step
 * checks its own. Every problem is reported at once, each naming its path: {@code tasks[2].dependsOn[0]: ...}.
 *
 * @param order     the task ids in the order written
 * @param dependsOn each task's dependencies
 * @param taskArgs  each task's {@code maiaAgentTask} arguments (plain values only)
 */
@Restricted(NoExternalUse.class)
public record TaskGraphSpec(List<String> order, Map<String, List<String>> dependsOn,
        Map<String, Map<String, Object>> taskArgs, int maxConcurrent, boolean failFast, boolean propagate) {

    static final String TASKS = "tasks";
    static final String ID = "id";
    static final String DEPENDS_ON = "dependsOn";
    static final String MAX_CONCURRENT = "maxConcurrent";
    static final String FAIL_FAST = "failFast";
    static final String PROPAGATE = "propagate";
    /** One board for the whole graph: its skipped tasks are written where its run tasks are. */
    static final String QUANT_TASK_LIST = "quantTaskList";

    /** The Quant task list of the graph (the call's {@code quantTaskList}), or null for the build's default. */
    public String quantTaskList() {
        return order.isEmpty() ? null : (String) taskArgs.get(order.get(0)).get(QUANT_TASK_LIST);
    }

    /**
     * Checks one task's merged {@code maiaAgentTask} arguments; throws with a message naming the field. Called once
     * per task, {@code id} as written (null or invalid ones too: their problems are reported as well).
     */
    @FunctionalInterface
    public interface TaskCheck {
        void check(String id, Map<String, Object> args) throws Exception;
    }

    public TaskGraphSpec {
        order = List.copyOf(order);
        dependsOn = Map.copyOf(dependsOn);
        taskArgs = Map.copyOf(taskArgs);
    }

    /**
     * @param options the names {@code maiaAgentTask} takes (a task may set any of them, and so may the call for all)
     * @param check   checks a task's merged arguments as the single step would
     */
    public static TaskGraphSpec parse(Map<?, ?> spec, Set<String> options, TaskCheck check) throws AbortException {
        List<String> problems = new ArrayList<>();
        Map<String, Object> shared = new LinkedHashMap<>();
        int maxConcurrent = TaskGraph.DEFAULT_MAX_CONCURRENT;
        boolean failFast = false;
        boolean propagate = true;
        List<?> tasks = List.of();
        for (Map.Entry<?, ?> e : spec.entrySet()) {
            String key = String.valueOf(e.getKey());
            Object value = PlainValues.plain(e.getValue());
            switch (key) {
                case TASKS -> {
                    if (value instanceof List<?> list) {
                        tasks = list;
                    } else {
                        problems.add("tasks: must be a list of maps, e.g. tasks: [[id: 'staging', message: '...']]");
                    }
                }
                case MAX_CONCURRENT -> maxConcurrent = PlainValues.integer(MAX_CONCURRENT, value, problems,
                        maxConcurrent);
                case FAIL_FAST -> failFast = PlainValues.bool(FAIL_FAST, value, problems, failFast);
                case PROPAGATE -> propagate = PlainValues.bool(PROPAGATE, value, problems, propagate);
                case ID, DEPENDS_ON -> problems.add(key + ": belongs to a task, inside tasks: [[id: 'a', "
                        + "dependsOn: ['b'], message: '...']]");
                default -> {
                    if (options.contains(key)) {
                        shared.put(key, value);
                    } else {
                        problems.add(unknown(key, key, options));
                    }
                }
            }
        }
        if (!spec.containsKey(TASKS)) {
            problems.add("tasks: missing: list the tasks, e.g. tasks: [[id: 'staging', message: '...'], "
                    + "[id: 'marts', dependsOn: ['staging'], message: '...']]");
        }
        List<GraphValidation.Node> nodes = new ArrayList<>();
        List<Map<String, Object>> perTask = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            Object entry = PlainValues.plain(tasks.get(i));
            Map<String, Object> args = new LinkedHashMap<>(shared);
            String id = null;
            List<String> deps = new ArrayList<>();
            if (!(entry instanceof Map<?, ?> task)) {
                problems.add("tasks[" + i + "]: must be a map like [id: 'staging', message: '...'], was "
                        + (entry == null ? "null" : entry.getClass().getSimpleName()));
            } else {
                for (Map.Entry<?, ?> e : task.entrySet()) {
                    String key = String.valueOf(e.getKey());
                    Object value = e.getValue();
                    if (key.equals(ID)) {
                        id = value == null ? null : value.toString();
                    } else if (key.equals(DEPENDS_ON)) {
                        deps = PlainValues.strings("tasks[" + i + "].dependsOn", value, problems);
                    } else if (key.equals(QUANT_TASK_LIST)) {
                        problems.add("tasks[" + i + "].quantTaskList: set quantTaskList once for the whole graph "
                                + "(maiaAgentTasks(quantTaskList: '...', tasks: [...])), so all its tasks share a board");
                    } else if (options.contains(key)) {
                        args.put(key, PlainValues.plain(value));
                    } else {
                        problems.add(unknown("tasks[" + i + "]." + key, key, options));
                    }
                }
            }
            nodes.add(new GraphValidation.Node(id, deps));
            perTask.add(args);
        }
        problems.addAll(GraphValidation.problems(nodes, maxConcurrent));
        List<String> order = new ArrayList<>();
        Map<String, List<String>> dependsOn = new LinkedHashMap<>();
        Map<String, Map<String, Object>> taskArgs = new LinkedHashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            GraphValidation.Node node = nodes.get(i);
            try {
                check.check(node.id(), perTask.get(i));
            } catch (Exception e) {
                String message = String.valueOf(e.getMessage());
                problems.add("tasks[" + i + "]" + (node.id() == null ? "" : " (" + node.id() + ")") + ": "
                        + (message.startsWith("Maia: ") ? message.substring("Maia: ".length()) : message));
            }
            if (node.id() != null && !dependsOn.containsKey(node.id())) {
                order.add(node.id());
                dependsOn.put(node.id(), List.copyOf(node.dependsOn()));
                taskArgs.put(node.id(), perTask.get(i));
            }
        }
        if (!problems.isEmpty()) {
            throw new AbortException("maiaAgentTasks: " + problems.size() + " problem(s), nothing was started:\n- "
                    + String.join("\n- ", problems));
        }
        return new TaskGraphSpec(order, dependsOn, taskArgs, maxConcurrent, failFast, propagate);
    }

    private static String unknown(String path, String key, Set<String> options) {
        return path + ": not an option of maiaAgentTask" + NearestName.nearest(key, options)
                .map(s -> " (did you mean " + s + "?)").orElse("; a task takes id, dependsOn and the options of "
                        + "maiaAgentTask (message, projectId, ...)");
    }
}
