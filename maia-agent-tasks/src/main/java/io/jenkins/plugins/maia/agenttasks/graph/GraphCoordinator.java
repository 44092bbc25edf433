package io.jenkins.plugins.maia.agenttasks.graph;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.maia.agenttasks.action.MaiaTaskGraph;
import io.jenkins.plugins.maia.follower.graph.GraphSchedule;
import io.jenkins.plugins.maia.follower.graph.GraphSchedule.Phase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * One {@code maiaAgentTasks} graph of a running build: when each task may start, which are skipped, under the
 * engine's rules ({@link GraphSchedule}). The tasks themselves run in the Pipeline's parallel branches; each
 * branch waits at its gate ({@link Gate}) until the graph lets it start or skips it, and reports its end.
 *
 * <p>The phases are the graph's record in the build ({@link MaiaTaskGraph}), written on every change, so the
 * schedule is rebuilt from it after a restart and the branches' gates come back to it. All methods run under this
 * object's lock; a gate is told its fate outside any Jenkins lock and never waits.
 */
@Restricted(NoExternalUse.class)
public final class GraphCoordinator {

    /** A branch waiting to start its task. */
    public interface Gate {
        void start();

        void skip(String reason);
    }

    private final GraphSchedule schedule;
    private final Map<String, Gate> gates = new LinkedHashMap<>();
    private final Consumer<MaiaTaskGraph> changed;
    private MaiaTaskGraph record;

    /** @param changed receives the new record after each change (it saves the build, off the calling thread) */
    GraphCoordinator(MaiaTaskGraph record, Consumer<MaiaTaskGraph> changed) {
        this.record = record;
        this.changed = changed;
        Map<String, List<String>> deps = new LinkedHashMap<>();
        Map<String, Phase> phases = new LinkedHashMap<>();
        for (MaiaTaskGraph.Task t : record.getTasks()) {
            deps.put(t.getId(), t.getDependsOn());
            phases.put(t.getId(), Phase.valueOf(t.getPhase()));
        }
        this.schedule = GraphSchedule.restored(deps, record.getMaxConcurrent(), record.isFailFast(), phases,
                record.isHalted());
    }

    /**
     * The branch of {@code taskId} arrived at its gate (or came back to it after a restart): it starts at once when
     * the graph allows, is skipped when the graph skipped it, and otherwise waits for another task's end.
     */
    public synchronized void arrive(String taskId, Gate gate) {
        startWhatCan();
        Phase phase = schedule.phase(taskId);
        if (phase == Phase.RUNNING) {
            gate.start();
        } else if (phase == Phase.WAITING) {
            gates.put(taskId, gate);
        } else {
            MaiaTaskGraph.Task t = record.task(taskId);
            gate.skip(t == null || t.getReason() == null ? "it ended earlier (" + phase + ")" : t.getReason());
        }
    }

    /** The branch of {@code taskId} stopped waiting (the build was interrupted): nothing to tell it any more. */
    public synchronized void leave(String taskId) {
        gates.remove(taskId);
    }

    /**
     * The task of {@code taskId} ended with {@code outcome} (FINISHED, ERRORED, ABORTED, ...); its dependents start
     * or are skipped. Ending a task that did not run (its branch was interrupted before its gate opened) skips it.
     */
    public synchronized void ended(String taskId, String outcome, @CheckForNull String maiaTaskId,
            @CheckForNull String detail) {
        boolean finished = "FINISHED".equals(outcome);
        Phase phase = schedule.phase(taskId);
        if (phase == Phase.WAITING) {
            GraphSchedule.Consequences c = schedule.abort("the build was interrupted");
            skipAll(c.skipped());
            startWhatCan();
            return;
        }
        if (phase != Phase.RUNNING) {
            return; // told twice (a branch's end after a restart): the first word stands
        }
        GraphSchedule.Consequences c = schedule.ended(taskId, finished, outcome);
        set(taskId, finished ? Phase.FINISHED : Phase.NOT_FINISHED, outcome, finished ? null : detail, maiaTaskId);
        skipAll(c.skipped());
        startWhatCan();
    }

    /** Why the graph skipped {@code taskId}, or null when it did not. */
    public synchronized @CheckForNull String skipReason(String taskId) {
        MaiaTaskGraph.Task t = record.task(taskId);
        return t == null || !Phase.SKIPPED.name().equals(t.getPhase()) ? null : t.getReason();
    }

    /** True once no task waits or runs. */
    public synchronized boolean done() {
        return schedule.done();
    }

    private void startWhatCan() {
        for (String id : schedule.startable()) {
            set(id, Phase.RUNNING, null, null, null);
            Gate gate = gates.remove(id);
            if (gate != null) {
                gate.start();
            }
        }
    }

    private void skipAll(List<GraphSchedule.Skip> skipped) {
        List<Gate> toTell = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (GraphSchedule.Skip s : skipped) {
            set(s.id(), Phase.SKIPPED, "SKIPPED", s.reason(), null);
            Gate gate = gates.remove(s.id());
            if (gate != null) {
                toTell.add(gate);
                reasons.add(s.reason());
            }
        }
        for (int i = 0; i < toTell.size(); i++) {
            toTell.get(i).skip(reasons.get(i));
        }
    }

    private void set(String id, Phase phase, @CheckForNull String outcome, @CheckForNull String reason,
            @CheckForNull String maiaTaskId) {
        MaiaTaskGraph.Task t = record.task(id);
        if (t == null) {
            return;
        }
        record = record.with(t.with(phase.name(), outcome, reason, maiaTaskId), schedule.halted());
        changed.accept(record);
    }
}
