package io.jenkins.plugins.maia.agenttasks.pipeline;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.maia.agenttasks.task.Launch;
import io.jenkins.plugins.maia.agenttasks.task.TaskFiles;
import io.jenkins.plugins.maia.agenttasks.task.TaskProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * Internal: continues a task this build paused for decisions, with the values a human submitted in the
 * {@code input} step. Called by the plugin's global variables ({@code maiaAgentTask}, {@code maiaAgentMessage});
 * listed among the advanced steps only. It can resume only a follow this very build paused (the pause is kept in
 * the build's directory, with its options), and every value is checked against the input it answers.
 */
@Restricted(NoExternalUse.class)
public final class MaiaAgentTaskResumeStep extends Step {

    private final String taskId;
    private final List<String> values;
    private String decidedBy;

    @DataBoundConstructor
    public MaiaAgentTaskResumeStep(String taskId, List<String> values) {
        this.taskId = Util.fixEmptyAndTrim(taskId);
        this.values = values == null ? new ArrayList<>() : new ArrayList<>(values);
    }

    public String getTaskId() {
        return taskId;
    }

    public List<String> getValues() {
        return values;
    }

    public String getDecidedBy() {
        return decidedBy;
    }

    /** The user id the input step recorded as the submitter. */
    @DataBoundSetter
    public void setDecidedBy(String decidedBy) {
        this.decidedBy = Util.fixEmptyAndTrim(decidedBy);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        TaskFiles.checkTaskId(taskId);
        // The pause is read and the values checked on the timer thread, not here (no I/O on the CPS thread).
        return new MaiaStepExecution(context, new Launch.Answer(taskId, values, decidedBy),
                TaskProgress.begin(null, taskId));
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {

        @Override
        public String getFunctionName() {
            return "maiaAgentTaskResume";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Continue a Maia agent task after a Jenkins input (internal)";
        }

        /** Kept out of the main Snippet Generator list: the global variables call it. */
        @Override
        public boolean isAdvanced() {
            return true;
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }
}
