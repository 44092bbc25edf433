package io.jenkins.plugins.maia.quant.mirror;

import io.jenkins.plugins.maia.client.model.AgentConfig;
import io.jenkins.plugins.maia.follower.follow.FollowListener;
import io.jenkins.plugins.maia.follower.graph.GraphState;
import io.jenkins.plugins.maia.follower.graph.GraphTask;
import io.jenkins.plugins.maia.follower.graph.GraphTaskResult;
import io.jenkins.plugins.maia.follower.graph.TaskGraph;
import io.jenkins.plugins.maia.follower.graph.TaskProgress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A task graph on a Quant board: one Quant task per graph task, all put on the board before the run starts (a
 * dependent's Quant task names its dependencies' Quant ids), {@code pending} while a task waits, then as its follow
 * goes, and {@code cancelled} when it is skipped or stopped by the run. The caller tells it what the
 * {@code GraphRun}'s listener hears: {@link #started} from {@code followListener}, {@link #ended} from
 * {@code onTaskEnded}. Every call returns at once (the mirror writes on its own thread).
 */
public final class GraphMirror {
    private final Map<String, MirroredTask> tasks;

    private GraphMirror(Map<String, MirroredTask> tasks) {
        this.tasks = tasks;
    }

    /**
     * Adds every task of {@code graph} to {@code mirror}, dependencies first. A run that continues {@code saved} (not
     * empty) takes up the Quant tasks its earlier run made ({@link QuantMirror#addFromEarlierRun}); a task that
     * finished then is shown completed.
     *
     * @param whoMayAnswer who may answer a paused task's decisions, for its blocked reason
     * @param buildUrl     the build that runs the graph, for the metadata (null outside CI)
     */
    public static GraphMirror add(QuantMirror mirror, TaskGraph graph, GraphState saved, String whoMayAnswer,
            String buildUrl) {
        GraphState earlierRun = saved == null ? GraphState.empty() : saved;
        boolean continued = !earlierRun.tasks().isEmpty();
        Map<String, MirroredTask> tasks = new LinkedHashMap<>();
        for (GraphTask t : dependenciesFirst(graph.tasks())) {
            AgentConfig config = t.request().agentConfig();
            MirrorEntry entry = new MirrorEntry(t.id(), t.request().message(), config.projectId(),
                    config.mode() == null ? null : config.mode().name(), config.targetBranchName(), buildUrl,
                    t.dependsOn(), whoMayAnswer);
            TaskProgress earlier = earlierRun.task(t.id());
            MirroredTask task = continued ? mirror.addFromEarlierRun(entry, earlier == null ? null : earlier.taskId())
                    : mirror.add(entry);
            if (earlier != null && earlier.finished()) {
                task.finishedEarlier(earlier.taskId(), earlier.targetBranchName());
            }
            tasks.put(t.id(), task);
        }
        return new GraphMirror(tasks);
    }

    /** The Quant task of graph task {@code id}, or null for an id not in the graph. */
    public MirroredTask task(String id) {
        return tasks.get(id);
    }

    /**
     * The follow of graph task {@code id} starts on Maia task {@code maiaTaskId} ({@code in_progress}); returns the
     * listener that mirrors the follow, to add to the task's own.
     */
    public FollowListener started(String id, String maiaTaskId) {
        MirroredTask task = tasks.get(id);
        if (task == null) {
            return null;
        }
        task.started(maiaTaskId);
        return task.listener();
    }

    /**
     * The task's last state in this run: how its follow ended (with {@code transcript}, a path or URL, or null), or
     * {@code cancelled} when skipped or stopped by the run, {@code failed} when its create or follow failed.
     */
    public void ended(GraphTaskResult r, String transcript) {
        MirroredTask task = tasks.get(r.id());
        if (task == null) {
            return;
        }
        switch (r.kind()) {
            case FINISHED, ENDED -> {
                if (r.follow() != null) {
                    task.ended(r.follow(), transcript);
                }
            }
            case SKIPPED -> task.skipped(r.reason());
            case STOPPED -> task.aborted(r.reason());
            case FAILED -> task.gaveUp(r.reason());
        }
    }

    /** The tasks in an order where each comes after those it depends on (a {@link TaskGraph} has no cycle). */
    static List<GraphTask> dependenciesFirst(List<GraphTask> graph) {
        List<GraphTask> ordered = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        List<GraphTask> left = new ArrayList<>(graph);
        while (!left.isEmpty()) {
            int before = ordered.size();
            for (var it = left.iterator(); it.hasNext();) {
                GraphTask t = it.next();
                if (placed.containsAll(t.dependsOn())) {
                    ordered.add(t);
                    placed.add(t.id());
                    it.remove();
                }
            }
            if (ordered.size() == before) {
                throw new IllegalArgumentException("a cycle among " + left.stream().map(GraphTask::id).toList());
            }
        }
        return ordered;
    }
}
