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
 * Where a {@code maiaAgentTasks} task sits on the build's Quant board: its key ({@code tasks-1/staging}) and its
 * dependencies' keys, read from the build's own graph record (a script cannot place a task elsewhere). Serializable
 * plain values, kept with the step's execution.
 */
final class GraphPlacement implements Serializable {

    private static final long serialVersionUID = 1L;
    private final String key;
    private final ArrayList<String> dependsOn;

    private GraphPlacement(String key, List<String> dependsOn) {
        this.key = key;
        this.dependsOn = new ArrayList<>(dependsOn);
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
        return new GraphPlacement(graph.quantKey(task.getId()),
                task.getDependsOn().stream().map(graph::quantKey).toList());
    }

    QuantPlacement toQuant() {
        return new QuantPlacement(key, dependsOn);
    }
}
