package io.jenkins.plugins.maia.agenttasks.action;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.ArrayList;
import java.util.List;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * One {@code maiaAgentTasks} call of a build as its Maia page shows it, and as the graph's scheduling is rebuilt
 * after a restart: the tasks, their dependencies and where each is. Immutable (a final class, not a record, for
 * XStream), replaced whole on every change as {@link MaiaTaskRecord} is.
 */
public final class MaiaTaskGraph {

    private final String graphId;
    private final int maxConcurrent;
    private final boolean failFast;
    /** Nothing starts any more: failFast after a failure. */
    private final boolean halted;
    private final List<Task> tasks;
    /** The Quant task list the graph is mirrored to (null: the build's default list). */
    private final String quantTaskList;

    /** One task of the graph. {@code phase}: WAITING, RUNNING, FINISHED, NOT_FINISHED or SKIPPED. */
    public static final class Task {
        private final String id;
        private final List<String> dependsOn;
        private final String phase;
        private final String outcome;
        private final String reason;
        private final String maiaTaskId;

        public Task(String id, List<String> dependsOn, String phase, @CheckForNull String outcome,
                @CheckForNull String reason, @CheckForNull String maiaTaskId) {
            this.id = id;
            this.dependsOn = List.copyOf(dependsOn);
            this.phase = phase;
            this.outcome = outcome;
            this.reason = reason;
            this.maiaTaskId = maiaTaskId;
        }

        public String getId() {
            return id;
        }

        public List<String> getDependsOn() {
            return dependsOn == null ? List.of() : dependsOn;
        }

        public String getPhase() {
            return phase;
        }

        public @CheckForNull String getOutcome() {
            return outcome;
        }

        public @CheckForNull String getReason() {
            return reason;
        }

        public @CheckForNull String getMaiaTaskId() {
            return maiaTaskId;
        }

        /** The same task in {@code newPhase}; null arguments keep what was known. */
        public Task with(String newPhase, @CheckForNull String newOutcome, @CheckForNull String newReason,
                @CheckForNull String newMaiaTaskId) {
            return new Task(id, getDependsOn(), newPhase, newOutcome == null ? outcome : newOutcome,
                    newReason == null ? reason : newReason, newMaiaTaskId == null ? maiaTaskId : newMaiaTaskId);
        }
    }

    public MaiaTaskGraph(String graphId, int maxConcurrent, boolean failFast, boolean halted, List<Task> tasks,
            @CheckForNull String quantTaskList) {
        this.graphId = graphId;
        this.maxConcurrent = maxConcurrent;
        this.failFast = failFast;
        this.halted = halted;
        this.tasks = List.copyOf(tasks);
        this.quantTaskList = quantTaskList;
    }

    public @CheckForNull String getQuantTaskList() {
        return quantTaskList;
    }

    /** The key of task {@code id} on the build's Quant board: unique in the build across graphs. */
    public String quantKey(String id) {
        return graphId + "/" + id;
    }

    public String getGraphId() {
        return graphId;
    }

    public int getMaxConcurrent() {
        return maxConcurrent;
    }

    public boolean isFailFast() {
        return failFast;
    }

    public boolean isHalted() {
        return halted;
    }

    public List<Task> getTasks() {
        return tasks == null ? List.of() : tasks;
    }

    /** The graph with {@code changed} in place of the task of the same id, and halted as given. */
    public MaiaTaskGraph with(Task changed, boolean nowHalted) {
        List<Task> list = new ArrayList<>(getTasks());
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).getId().equals(changed.getId())) {
                list.set(i, changed);
            }
        }
        return new MaiaTaskGraph(graphId, maxConcurrent, failFast, nowHalted, list, quantTaskList);
    }

    public @CheckForNull Task task(String id) {
        return getTasks().stream().filter(t -> t.getId().equals(id)).findFirst().orElse(null);
    }
}
