package io.jenkins.plugins.maia.agenttasks.pipeline;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Run;
import io.jenkins.plugins.maia.agenttasks.Messages;
import io.jenkins.plugins.maia.agenttasks.graph.GraphCoordinator;
import io.jenkins.plugins.maia.agenttasks.graph.GraphCoordinators;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * Internal: a {@code maiaAgentTasks} branch reports how its task ended (FINISHED, ERRORED, ABORTED, ...), so the
 * tasks waiting for it start or are skipped. Returns {@code [skipped: reason]} when the graph had skipped the task
 * already (a failFast interruption that reached its gate). No I/O on the Pipeline's thread: the record is saved on a
 * Maia thread.
 */
@Restricted(NoExternalUse.class)
public final class MaiaAgentTasksEndedStep extends Step {

    private final String graph;
    private final String task;
    private final String outcome;
    private String taskId;
    private String detail;

    @DataBoundConstructor
    public MaiaAgentTasksEndedStep(String graph, String task, String outcome) {
        this.graph = graph;
        this.task = task;
        this.outcome = outcome;
    }

    public String getGraph() {
        return graph;
    }

    public String getTask() {
        return task;
    }

    public String getOutcome() {
        return outcome;
    }

    public @CheckForNull String getTaskId() {
        return taskId;
    }

    /** The Maia task id, when one was created. */
    @DataBoundSetter
    public void setTaskId(String taskId) {
        this.taskId = Util.fixEmptyAndTrim(taskId);
    }

    public @CheckForNull String getDetail() {
        return detail;
    }

    @DataBoundSetter
    public void setDetail(String detail) {
        this.detail = Util.fixEmptyAndTrim(detail);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, this);
    }

    private static final class Execution extends StepExecution {
        private static final long serialVersionUID = 1L;
        private final transient MaiaAgentTasksEndedStep step;

        Execution(StepContext context, MaiaAgentTasksEndedStep step) {
            super(context);
            this.step = step;
        }

        @Override
        public boolean start() throws Exception {
            GraphCoordinator graph = GraphCoordinators.of(getContext().get(Run.class), step.graph);
            graph.ended(step.task, step.outcome, step.taskId, step.detail);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("skipped", graph.skipReason(step.task));
            getContext().onSuccess(result);
            return true;
        }
    }

    @Extension
    public static final class DescriptorImpl extends InternalStepDescriptor {

        @Override
        public String getFunctionName() {
            return "maiaAgentTasksEnded";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.MaiaAgentTasksEndedStep_DisplayName();
        }
    }
}
