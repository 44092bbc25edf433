package io.jenkins.plugins.maia.agenttasks.graph;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.listeners.RunListener;
import io.jenkins.plugins.maia.agenttasks.action.MaiaTaskAction;
import io.jenkins.plugins.maia.agenttasks.action.MaiaTaskGraph;
import io.jenkins.plugins.maia.agenttasks.controller.MaiaController;
import io.jenkins.plugins.maia.agenttasks.quant.BuildQuantMirror;
import io.jenkins.plugins.maia.agenttasks.quant.BuildQuantMirrors;
import io.jenkins.plugins.maia.follower.graph.GraphSchedule.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The graphs of running builds, by the build's Maia action (the very object, not the build's id: a reload from
 * disk, or a restart in the same JVM as in tests, makes new build objects whose graphs must be rebuilt from their
 * own record) and graph id. A graph is registered by the {@code maiaAgentTasks} plan and found again by its gates
 * and ends; after a restart it is rebuilt from the build's record on first use. A build's graphs are forgotten
 * when the build is finalized.
 */
@Restricted(NoExternalUse.class)
public final class GraphCoordinators {

    /** Identity keys: MaiaTaskAction does not override equals. */
    private static final Map<MaiaTaskAction, Map<String, GraphCoordinator>> GRAPHS = new WeakHashMap<>();

    private static final String SKIPPED = Phase.SKIPPED.name();

    private GraphCoordinators() {}

    /** Records {@code spec} in {@code run} as a new graph (every task WAITING) and returns its id. */
    public static String register(Run<?, ?> run, TaskGraphSpec spec) {
        MaiaTaskAction action = MaiaTaskAction.of(run);
        MaiaTaskGraph graph = action.addGraph(id -> {
            List<MaiaTaskGraph.Task> tasks = new ArrayList<>();
            for (String taskId : spec.order()) {
                tasks.add(new MaiaTaskGraph.Task(taskId, spec.dependsOn().get(taskId), Phase.WAITING.name(), null,
                        null, null));
            }
            return new MaiaTaskGraph(id, spec.maxConcurrent(), spec.failFast(), false, tasks, spec.quantTaskList());
        });
        synchronized (GRAPHS) {
            GRAPHS.computeIfAbsent(action, a -> new ConcurrentHashMap<>()).put(graph.getGraphId(),
                    coordinator(action, graph));
        }
        saveLater(action);
        return graph.getGraphId();
    }

    /** The graph {@code graphId} of {@code run}, rebuilt from the build's record after a restart. */
    public static GraphCoordinator of(Run<?, ?> run, String graphId) throws AbortException {
        MaiaTaskAction action = run.getAction(MaiaTaskAction.class);
        MaiaTaskGraph record = action == null ? null : action.graph(graphId);
        if (record == null) {
            throw new AbortException("Maia: this build has no task graph '" + graphId + "'; maiaAgentTasksGate and "
                    + "maiaAgentTasksEnded are internal to maiaAgentTasks(...)");
        }
        synchronized (GRAPHS) {
            return GRAPHS.computeIfAbsent(action, a -> new ConcurrentHashMap<>())
                    .computeIfAbsent(graphId, id -> coordinator(action, record));
        }
    }

    private static GraphCoordinator coordinator(MaiaTaskAction action, MaiaTaskGraph record) {
        Set<String> skipsTold = ConcurrentHashMap.newKeySet();
        record.getTasks().stream().filter(t -> SKIPPED.equals(t.getPhase())).forEach(t -> skipsTold.add(t.getId()));
        return new GraphCoordinator(record, changed -> {
            action.graphChanged(changed);
            saveLater(action);
            List<MaiaTaskGraph.Task> newSkips = changed.getTasks().stream()
                    .filter(t -> SKIPPED.equals(t.getPhase()) && skipsTold.add(t.getId())).toList();
            if (!newSkips.isEmpty()) {
                MaiaController.execute(() -> mirrorSkips(action, changed, newSkips));
            }
        });
    }

    /** A skipped task is {@code cancelled} on the build's Quant board, with the reason (when the mirror is on). */
    private static void mirrorSkips(MaiaTaskAction action, MaiaTaskGraph graph, List<MaiaTaskGraph.Task> skipped) {
        Run<?, ?> run = action.getRun();
        if (run == null) {
            return;
        }
        BuildQuantMirror mirror = BuildQuantMirrors.forBuild(run, graph.getQuantTaskList(), line -> { });
        if (mirror != null) {
            skipped.forEach(t -> mirror.skipped(graph.quantKey(t.getId()), t.getReason() == null ? "skipped"
                    : t.getReason()));
        }
    }

    /** build.xml is written on a Maia thread: the callers run on the Pipeline's thread. */
    private static void saveLater(MaiaTaskAction action) {
        if (!MaiaController.execute(action::saveBuild)) {
            action.saveBuild(); // shutting down: save now rather than lose the change
        }
    }

    /** Forgets a finished build's graphs. */
    @Extension
    public static final class Cleanup extends RunListener<Run<?, ?>> {
        @Override
        public void onFinalized(@NonNull Run<?, ?> run) {
            String id = run.getExternalizableId();
            synchronized (GRAPHS) {
                GRAPHS.keySet().removeIf(a -> a.getRun() == null || a.getRun() == run
                        || id.equals(a.getRun().getExternalizableId()));
            }
        }
    }
}
