package io.jenkins.plugins.maia.agenttasks.pipeline;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.maia.agenttasks.action.MaiaTaskAction;
import io.jenkins.plugins.maia.agenttasks.action.MaiaTaskGraph;
import io.jenkins.plugins.maia.agenttasks.quant.QuantPlacement;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a {@code maiaAgentTasks} task sits in its graph: its key on the build's Quant board ({@code tasks-1/staging}),
 * its dependencies' keys, and whether other tasks wait for it, read from the build's own graph record (a script
 * cannot place a task elsewhere). Serializable plain values, kept with the step's execution.
 */
final class GraphPlacement implements Serializable {

    private static final long serialVersionUID = 1L;
    private final String key;
    private final ArrayList<String> dependsOn;
    /** Another task of the graph depends on this one (false in executions saved before it was kept). */
    private final boolean awaited;

    private GraphPlacement(String key, List<String> dependsOn, boolean awaited) {
        this.key = key;
        this.dependsOn = new ArrayList<>(dependsOn);
        this.awaited = awaited;
    }

    /** The placement of {@code graphTask} ({@code graphId/taskId}) in {@code run}'s graphs; null for none. */
    static @CheckForNull GraphPlacement of(Run<?, ?> run, @CheckForNull String graphTask) throws AbortException {
        if (graphTask == null) {
            return null;
        }
        int slash = graphTask.indexOf('/');
        MaiaTaskAction action = run.getAction(MaiaTaskAction.class);
        MaiaTaskGraph graph = slash < 0 || action == null ? null : action.graph(graphTask.substring(0, slash));
        MaiaTaskGraph.Task task = graph == null ? null : graph.task(graphTask.substring(slash + 1));
        if (task == null) {
            throw new AbortException("Maia: graphTask is internal to maiaAgentTasks(...); this build has no graph task '"
                    + graphTask + "'.");
        }
        return of(graph, task);
    }

    /**
     * The placement of the graph task that started Maia task {@code maiaTaskId} in {@code run} (a task resumed after
     * an input); null when no graph of the build started it.
     */
    static @CheckForNull GraphPlacement ofMaiaTask(Run<?, ?> run, String maiaTaskId) {
        MaiaTaskAction action = run.getAction(MaiaTaskAction.class);
        if (action == null) {
            return null;
        }
        for (MaiaTaskGraph graph : action.getGraphs()) {
            for (MaiaTaskGraph.Task task : graph.getTasks()) {
                if (maiaTaskId.equals(task.getMaiaTaskId())) {
                    return of(graph, task);
                }
            }
        }
        return null;
    }

    private static GraphPlacement of(MaiaTaskGraph graph, MaiaTaskGraph.Task task) {
        boolean awaited = graph.getTasks().stream().anyMatch(t -> t.getDependsOn().contains(task.getId()));
        return new GraphPlacement(graph.quantKey(task.getId()),
                task.getDependsOn().stream().map(graph::quantKey).toList(), awaited);
    }

    /** Other tasks of the graph wait for this one's end. */
    boolean awaited() {
        return awaited;
    }

    QuantPlacement toQuant() {
        return new QuantPlacement(key, dependsOn);
    }
}
