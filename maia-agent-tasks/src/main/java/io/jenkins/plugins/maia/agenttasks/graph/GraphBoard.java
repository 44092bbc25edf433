package io.jenkins.plugins.maia.agenttasks.graph;

import hudson.model.Run;
import io.jenkins.plugins.maia.agenttasks.quant.BuildQuantMirror;
import io.jenkins.plugins.maia.agenttasks.quant.BuildQuantMirrors;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * A task graph on the build's Quant board (when the mirror is on): every task is declared {@code pending} up front,
 * dependencies first, with {@code dependsOn} the Quant ids of its dependencies; each task's step then takes over its
 * declared Quant task ({@code in_progress} with the Maia id, then its end). Runs on a Maia thread: opening the
 * build's mirror looks up the Quant credential.
 */
@Restricted(NoExternalUse.class)
public final class GraphBoard {

    /** What the board shows of a task before it runs. */
    public record Declared(String message, String projectId, String mode, String targetBranchName,
            String whoMayAnswer) {}

    private GraphBoard() {}

    /**
     * Declares the tasks of graph {@code graphId}; does nothing when the mirror is off. Quant trouble is the
     * mirror's to report (warnings on {@code console}); it never fails the graph.
     */
    public static void declare(Run<?, ?> run, String graphId, TaskGraphSpec spec, Map<String, Declared> tasks,
            Consumer<String> console) {
        BuildQuantMirror mirror = BuildQuantMirrors.forBuild(run, spec.quantTaskList(), console);
        if (mirror == null) {
            return;
        }
        for (String id : dependenciesFirst(spec)) {
            Declared d = tasks.get(id);
            List<String> deps = spec.dependsOn().get(id).stream().map(dep -> graphId + "/" + dep).toList();
            mirror.declare(graphId + "/" + id, d.message(), d.projectId(), d.mode(), d.targetBranchName(), deps,
                    d.whoMayAnswer());
        }
    }

    /** The graph's ids with every task after its dependencies (the graph is checked: no cycles). */
    static List<String> dependenciesFirst(TaskGraphSpec spec) {
        List<String> ordered = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        while (ordered.size() < spec.order().size()) {
            for (String id : spec.order()) {
                if (!placed.contains(id) && placed.containsAll(spec.dependsOn().get(id))) {
                    ordered.add(id);
                    placed.add(id);
                }
            }
        }
        return ordered;
    }
}
