package io.jenkins.plugins.maia.agenttasks.pipeline;

import io.jenkins.plugins.maia.agenttasks.Messages;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.maia.client.model.Mode;
import io.jenkins.plugins.maia.agenttasks.forms.FieldChecks;
import io.jenkins.plugins.maia.agenttasks.forms.FormAccess;
import io.jenkins.plugins.maia.agenttasks.task.Launch;
import io.jenkins.plugins.maia.agenttasks.options.StepModes;
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
 * {@code maiaAgentTask}: creates a Maia agent task, follows it to the end (streaming its messages to the console)
 * and returns a map: {@code taskId, status, outcome, targetBranchName, lastMessage, detail, transcript}.
 *
 * <p>In a Pipeline the name resolves to the plugin's {@link MaiaAgentTaskVariable global variable}, which calls
 * this step and, when the task waits for a decision its rules do not settle, asks with the {@code input} step and
 * continues. Called directly ({@code steps.maiaAgentTask}), the step returns with outcome {@code NEEDS_DECISION}.
 */
public final class MaiaAgentTaskStep extends MaiaStepBase {

    private final String projectId;
    private final String environmentName;
    private final String sourceBranchName;
    private final String message;
    private String targetBranchName;
    private boolean generateBranch;
    private String mode;
    private String workingDirectory;
    private String graphId;
    private String grantedPermissions;
    private String graphTask;

    @DataBoundConstructor
    public MaiaAgentTaskStep(String projectId, String environmentName, String sourceBranchName, String message) {
        this.projectId = Util.fixEmptyAndTrim(projectId);
        this.environmentName = Util.fixEmptyAndTrim(environmentName);
        this.sourceBranchName = Util.fixEmptyAndTrim(sourceBranchName);
        this.message = message;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        TaskOptions options = options(context);
        return new MaiaStepExecution(context, launch(), TaskProgress.begin(options, null),
                GraphPlacement.of(context.get(Run.class), graphTask));
    }

    /** The create request as serializable values, checked by the client's rules before anything is scheduled. */
    Launch.CreateTask launch() throws AbortException {
        Mode m = StepModes.parse(mode, Mode.ACT);
        return new Launch.CreateTask(message, m, projectId, environmentName, sourceBranchName, targetBranchName,
                generateBranch, workingDirectory, graphId,
                TaskOptions.toolNames("grantedPermissions", grantedPermissions)).checked();
    }

    public String getProjectId() {
        return projectId;
    }

    public String getEnvironmentName() {
        return environmentName;
    }

    public String getSourceBranchName() {
        return sourceBranchName;
    }

    public String getMessage() {
        return message;
    }

    public @CheckForNull String getTargetBranchName() {
        return targetBranchName;
    }

    @DataBoundSetter
    public void setTargetBranchName(String targetBranchName) {
        this.targetBranchName = Util.fixEmptyAndTrim(targetBranchName);
    }

    public boolean isGenerateBranch() {
        return generateBranch;
    }

    @DataBoundSetter
    public void setGenerateBranch(boolean generateBranch) {
        this.generateBranch = generateBranch;
    }

    public @CheckForNull String getMode() {
        return mode;
    }

    /** {@code PLAN} or {@code ACT} (default). */
    @DataBoundSetter
    public void setMode(String mode) {
        this.mode = Util.fixEmptyAndTrim(mode);
    }

    public @CheckForNull String getWorkingDirectory() {
        return workingDirectory;
    }

    @DataBoundSetter
    public void setWorkingDirectory(String workingDirectory) {
        this.workingDirectory = Util.fixEmptyAndTrim(workingDirectory);
    }

    public @CheckForNull String getGraphId() {
        return graphId;
    }

    @DataBoundSetter
    public void setGraphId(String graphId) {
        this.graphId = Util.fixEmptyAndTrim(graphId);
    }

    public @CheckForNull String getGrantedPermissions() {
        return grantedPermissions;
    }

    /** Tools the agent may use without asking, separated by commas. */
    @DataBoundSetter
    public void setGrantedPermissions(String grantedPermissions) {
        this.grantedPermissions = Util.fixEmptyAndTrim(grantedPermissions);
    }

    public @CheckForNull String getGraphTask() {
        return graphTask;
    }

    /** Internal: set only by {@code maiaAgentTasks(...)} for the task it runs ({@code tasks-1/staging}). */
    @DataBoundSetter
    public void setGraphTask(String graphTask) {
        this.graphTask = Util.fixEmptyAndTrim(graphTask);
    }

    @Extension
    @Symbol("maiaAgentTask")
    public static final class DescriptorImpl extends MaiaStepDescriptor {

        @Override
        public String getFunctionName() {
            return "maiaAgentTask";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.MaiaAgentTaskStep_DisplayName();
        }

        @POST
        public FormValidation doCheckProjectId(@AncestorInPath Item item, @QueryParameter String value) {
            FormAccess.checkConfigure(item);
            return FieldChecks.projectId(value);
        }

        @POST
        public FormValidation doCheckEnvironmentName(@AncestorInPath Item item, @QueryParameter String value) {
            FormAccess.checkConfigure(item);
            return FieldChecks.required("environmentName", value);
        }

        @POST
        public FormValidation doCheckSourceBranchName(@AncestorInPath Item item, @QueryParameter String value) {
            FormAccess.checkConfigure(item);
            return FieldChecks.required("sourceBranchName", value);
        }

        @POST
        public FormValidation doCheckTargetBranchName(@AncestorInPath Item item, @QueryParameter String value,
                @QueryParameter boolean generateBranch) {
            FormAccess.checkConfigure(item);
            return FieldChecks.targetBranch(value, generateBranch);
        }

        @POST
        public ListBoxModel doFillModeItems(@AncestorInPath Item item) {
            return FormAccess.canConfigure(item) ? FieldChecks.modeItems() : new ListBoxModel();
        }
    }
}
