package io.jenkins.plugins.maia.agenttasks.pipeline;

import io.jenkins.plugins.maia.agenttasks.Messages;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Run;
import hudson.Util;
import io.jenkins.plugins.maia.agenttasks.task.Launch;
import io.jenkins.plugins.maia.agenttasks.task.BuildTaskFiles;
import io.jenkins.plugins.maia.agenttasks.task.TaskProgress;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * Internal: continues a task this build paused for decisions, once the Jenkins {@code input} that asks about them
 * ended. Called by the plugin's global variables ({@code maiaAgentTask}, {@code maiaAgentMessage}); listed among
 * the advanced steps only.
 *
 * <p>It believes nothing a script passes but the task id: it resumes only a follow this very build paused (the
 * pause is kept in the build's directory, with its options and the input's id), and takes the answer and the
 * person who gave it from the record the {@code input} step left on its own flow node. Called by a script while
 * the input still waits, or with no input answered, it is refused and nothing is sent to Maia.
 * With {@code inputEnded} (the input was aborted, timed out or rejected) it stops the task instead, unless the
 * paused step said {@code stopOnAbort: false}.
 */
@Restricted(NoExternalUse.class)
public final class MaiaAgentTaskResumeStep extends Step {

    private final String taskId;
    private String inputEnded;
    private String decisionTimedOut;

    @DataBoundConstructor
    public MaiaAgentTaskResumeStep(String taskId) {
        this.taskId = Util.fixEmptyAndTrim(taskId);
    }

    public String getTaskId() {
        return taskId;
    }

    public @CheckForNull String getInputEnded() {
        return inputEnded;
    }

    /** Why the input ended without an answer (e.g. "Aborted by alice"); set only by the global variables. */
    @DataBoundSetter
    public void setInputEnded(String inputEnded) {
        this.inputEnded = Util.fixEmptyAndTrim(inputEnded);
    }

    public @CheckForNull String getDecisionTimedOut() {
        return decisionTimedOut;
    }

    /**
     * Set only by the global variables when nobody answered within {@code decisionTimeout}: the step's
     * {@code onDecisionTimeout} ({@code reject}, {@code fail}, {@code stop}), which the pause's own options say
     * too; the two must agree, so a script cannot turn a timeout into something its step did not ask for.
     */
    @DataBoundSetter
    public void setDecisionTimedOut(String decisionTimedOut) {
        this.decisionTimedOut = Util.fixEmptyAndTrim(decisionTimedOut);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        BuildTaskFiles.checkTaskId(taskId);
        // The pause and the input's answer are read on a Maia thread, not here (no I/O on the CPS thread).
        Launch launch;
        if (decisionTimedOut != null) {
            String why = "nobody answered the Jenkins input within decisionTimeout";
            launch = switch (decisionTimedOut) {
                case "reject" -> new Launch.Answer(taskId, true);
                case "stop" -> new Launch.Abandon(taskId, why + " (onDecisionTimeout: stop)", Launch.AfterInput.STOP);
                case "fail" -> new Launch.Abandon(taskId, why + " (onDecisionTimeout: fail)",
                        Launch.AfterInput.KEEP_PAUSED);
                default -> throw new hudson.AbortException("Maia: decisionTimedOut is internal to the maiaAgentTask "
                        + "variable; it takes reject, fail or stop, not '" + decisionTimedOut + "'.");
            };
        } else {
            launch = inputEnded == null ? new Launch.Answer(taskId)
                    : new Launch.Abandon(taskId, "the Jenkins input ended without an answer (" + inputEnded + ")");
        }
        // A task of a maiaAgentTasks graph keeps its place in it (its Quant task, the order of its calls).
        return new MaiaStepExecution(context, launch, TaskProgress.begin(null, taskId),
                GraphPlacement.ofMaiaTask(context.get(Run.class), taskId));
    }

    @Extension
    public static final class DescriptorImpl extends InternalStepDescriptor {

        @Override
        public String getFunctionName() {
            return "maiaAgentTaskResume";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.MaiaAgentTaskResumeStep_DisplayName();
        }
    }
}
