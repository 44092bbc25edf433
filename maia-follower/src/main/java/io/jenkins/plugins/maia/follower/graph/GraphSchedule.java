package io.jenkins.plugins.maia.follower.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which task of a graph starts when, with no I/O, clock or thread: the rules alone, so they are tested as such.
 * Tasks start in the graph's order once every dependency FINISHED, at most {@code maxConcurrent} at a time (a task
 * counts as running from its start until it ends, paused for a person included). A task that ends otherwise skips
 * every task that waits for it, directly or not; with {@code failFast} it also skips every task not yet started and
 * asks for the running ones to be stopped. Not thread-safe: {@link GraphRun} calls it under its lock.
 */
public final class GraphSchedule {

    /** Where a task is. */
    public enum Phase { WAITING, RUNNING, FINISHED, NOT_FINISHED, SKIPPED }

    /** A task that will not run, and why. */
    public record Skip(String id, String reason) {}

    /** What follows from a task's end: tasks skipped, and running tasks to stop (failFast). */
    public record Consequences(List<Skip> skipped, List<String> toStop) {
        public Consequences {
            skipped = List.copyOf(skipped);
            toStop = List.copyOf(toStop);
        }
    }

    private final Map<String, List<String>> dependsOn = new LinkedHashMap<>();
    private final Map<String, Phase> phases = new LinkedHashMap<>();
    private final int maxConcurrent;
    private final boolean failFast;
    private boolean halted;

    public GraphSchedule(Map<String, List<String>> dependsOn, int maxConcurrent, boolean failFast) {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be at least 1, was " + maxConcurrent);
        }
        dependsOn.forEach((id, deps) -> {
            this.dependsOn.put(id, List.copyOf(deps));
            phases.put(id, Phase.WAITING);
        });
        this.maxConcurrent = maxConcurrent;
        this.failFast = failFast;
    }

    /** The schedule of {@code graph}. */
    public static GraphSchedule of(TaskGraph graph) {
        Map<String, List<String>> deps = new LinkedHashMap<>();
        graph.tasks().forEach(t -> deps.put(t.id(), t.dependsOn()));
        return new GraphSchedule(deps, graph.maxConcurrent(), graph.failFast());
    }

    /**
     * The schedule as it was saved: every task's phase and whether it was halted (failFast, abort). For a host that
     * keeps the phases itself and builds the schedule again after a restart (the Jenkins plugin's task graphs).
     */
    public static GraphSchedule restored(Map<String, List<String>> dependsOn, int maxConcurrent, boolean failFast,
            Map<String, Phase> phases, boolean halted) {
        GraphSchedule schedule = new GraphSchedule(dependsOn, maxConcurrent, failFast);
        phases.forEach((id, phase) -> {
            schedule.phase(id); // an unknown id fails here
            schedule.phases.put(id, Objects.requireNonNull(phase, "phase"));
        });
        schedule.halted = halted;
        return schedule;
    }

    /** True once nothing starts any more (failFast after a failure, or an abort). */
    public boolean halted() {
        return halted;
    }

    /** Marks a task as having FINISHED in an earlier run (a resumed graph), before anything starts. */
    public void finishedEarlier(String id) {
        require(id, Phase.WAITING);
        phases.put(id, Phase.FINISHED);
    }

    /** The tasks to start now, in the graph's order; each is RUNNING from here on. */
    public List<String> startable() {
        List<String> start = new ArrayList<>();
        if (halted) {
            return start;
        }
        int running = count(Phase.RUNNING);
        for (Map.Entry<String, Phase> e : phases.entrySet()) {
            if (running >= maxConcurrent) {
                break;
            }
            if (e.getValue() == Phase.WAITING
                    && dependsOn.get(e.getKey()).stream().allMatch(d -> phases.get(d) == Phase.FINISHED)) {
                e.setValue(Phase.RUNNING);
                start.add(e.getKey());
                running++;
            }
        }
        return start;
    }

    /**
     * A running task ended: FINISHED when {@code finished}, else how it ended ({@code how}, e.g. "ERRORED"), which
     * the skipped tasks' reasons name.
     */
    public Consequences ended(String id, boolean finished, String how) {
        require(id, Phase.RUNNING);
        phases.put(id, finished ? Phase.FINISHED : Phase.NOT_FINISHED);
        List<Skip> skipped = new ArrayList<>();
        List<String> toStop = new ArrayList<>();
        if (finished || halted) {
            return new Consequences(skipped, toStop);
        }
        skipDependents(id, "'" + id + "' did not finish (" + how + ")", skipped);
        if (failFast) {
            halted = true;
            String reason = "failFast: '" + id + "' did not finish (" + how + ")";
            for (Map.Entry<String, Phase> e : phases.entrySet()) {
                if (e.getValue() == Phase.WAITING) {
                    e.setValue(Phase.SKIPPED);
                    skipped.add(new Skip(e.getKey(), reason));
                } else if (e.getValue() == Phase.RUNNING) {
                    toStop.add(e.getKey());
                }
            }
        }
        return new Consequences(skipped, toStop);
    }

    /** Everything stops (the user aborted): nothing starts any more, and the running tasks are to be stopped. */
    public Consequences abort(String reason) {
        halted = true;
        List<Skip> skipped = new ArrayList<>();
        List<String> toStop = new ArrayList<>();
        for (Map.Entry<String, Phase> e : phases.entrySet()) {
            if (e.getValue() == Phase.WAITING) {
                e.setValue(Phase.SKIPPED);
                skipped.add(new Skip(e.getKey(), reason));
            } else if (e.getValue() == Phase.RUNNING) {
                toStop.add(e.getKey());
            }
        }
        return new Consequences(skipped, toStop);
    }

    /** True when no task runs or waits any more. */
    public boolean done() {
        return phases.values().stream().noneMatch(p -> p == Phase.WAITING || p == Phase.RUNNING);
    }

    public Phase phase(String id) {
        return Objects.requireNonNull(phases.get(id), () -> "no task " + id);
    }

    /** How many tasks run now. */
    public int running() {
        return count(Phase.RUNNING);
    }

    /** Skips the waiting tasks that depend on {@code id}, directly or through other skipped tasks. */
    private void skipDependents(String id, String reason, List<Skip> skipped) {
        for (Map.Entry<String, List<String>> e : dependsOn.entrySet()) {
            if (e.getValue().contains(id) && phases.get(e.getKey()) == Phase.WAITING) {
                phases.put(e.getKey(), Phase.SKIPPED);
                skipped.add(new Skip(e.getKey(), "dependency " + reason));
                skipDependents(e.getKey(), "'" + e.getKey() + "' was skipped", skipped);
            }
        }
    }

    private int count(Phase phase) {
        return (int) phases.values().stream().filter(p -> p == phase).count();
    }

    private void require(String id, Phase expected) {
        Phase actual = phase(id);
        if (actual != expected) {
            throw new IllegalStateException("task " + id + " is " + actual + ", not " + expected);
        }
    }
}
