package io.jenkins.plugins.maia.agenttasks.pipeline;

import io.jenkins.plugins.maia.agenttasks.Messages;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.maia.agenttasks.forms.FieldChecks;
import io.jenkins.plugins.maia.agenttasks.forms.FormAccess;
import io.jenkins.plugins.maia.agenttasks.task.Launch;
import io.jenkins.plugins.maia.agenttasks.options.StepModes;
import io.jenkins.plugins.maia.agenttasks.task.BuildTaskFiles;
import io.jenkins.plugins.maia.agenttasks.options.TaskOptions;
import io.jenkins.plugins.maia.agenttasks.task.TaskProgress;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code maiaAgentMessage}: sends a follow-up message to an existing task (which resumes it; e.g. a PLAN task
 * continued in ACT mode) and follows it like {@code maiaAgentTask}, returning the same map. Decisions are handled
 * the same way, through the plugin's global variable of the same name.
 */
public final class MaiaAgentMessageStep extends MaiaStepBase {

    private final String taskId;
    private final String message;
    private String mode;
    private String targetBranchName;
    private String grantedPermissions;

    @DataBoundConstructor
    public MaiaAgentMessageStep(String taskId, String message) {
        this.taskId = Util.fixEmptyAndTrim(taskId);
        this.message = message;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        TaskOptions options = options(context);
        Launch.FollowUp launch = launch();
        return new MaiaStepExecution(context, launch, TaskProgress.begin(options, launch.taskId()));
    }

    Launch.FollowUp launch() throws AbortException {
        BuildTaskFiles.checkTaskId(taskId);
        if (message == null || message.isBlank()) {
            throw new AbortException("Maia: message is missing: the follow-up to send to task " + taskId + ".");
        }
        return new Launch.FollowUp(taskId, message, StepModes.parse(mode, null), targetBranchName,
                TaskOptions.toolNames("grantedPermissions", grantedPermissions));
    }

    public String getTaskId() {
        return taskId;
    }

    public String getMessage() {
        return message;
    }

    public @CheckForNull String getMode() {
        return mode;
    }

    /** {@code PLAN} or {@code ACT}; empty keeps the task's mode. */
    @DataBoundSetter
    public void setMode(String mode) {
        this.mode = Util.fixEmptyAndTrim(mode);
    }

    public @CheckForNull String getTargetBranchName() {
        return targetBranchName;
    }

    @DataBoundSetter
    public void setTargetBranchName(String targetBranchName) {
        this.targetBranchName = Util.fixEmptyAndTrim(targetBranchName);
    }

    public @CheckForNull String getGrantedPermissions() {
        return grantedPermissions;
    }

    /** Tools added to the task's grants, separated by commas. */
    @DataBoundSetter
    public void setGrantedPermissions(String grantedPermissions) {
        this.grantedPermissions = Util.fixEmptyAndTrim(grantedPermissions);
    }

    @Extension
    @Symbol("maiaAgentMessage")
    public static final class DescriptorImpl extends MaiaStepDescriptor {

        @Override
        public String getFunctionName() {
            return "maiaAgentMessage";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.MaiaAgentMessageStep_DisplayName();
        }

        @POST
        public FormValidation doCheckTaskId(@AncestorInPath Item item, @QueryParameter String value) {
            FormAccess.checkConfigure(item);
            return FieldChecks.required("taskId", value);
        }

        @POST
        public ListBoxModel doFillModeItems(@AncestorInPath Item item) {
            if (!FormAccess.canConfigure(item)) {
                return new ListBoxModel();
            }
            ListBoxModel m = new ListBoxModel();
            m.add("(keep the task's mode)", "");
            m.addAll(FieldChecks.modeItems());
            return m;
        }
    }
}
