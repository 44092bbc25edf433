package io.jenkins.plugins.maia.agenttasks.freestyle;

import io.jenkins.plugins.maia.agenttasks.Messages;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.Util;
import hudson.Launcher;
import hudson.model.AbstractBuild;
import hudson.model.AbstractProject;
import hudson.model.BuildListener;
import hudson.model.Item;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.Builder;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.maia.agenttasks.controller.MaiaController;
import io.jenkins.plugins.maia.client.model.Mode;
import io.jenkins.plugins.maia.agenttasks.credentials.MaiaCredentials;
import io.jenkins.plugins.maia.agenttasks.forms.FieldChecks;
import io.jenkins.plugins.maia.agenttasks.forms.FormAccess;
import io.jenkins.plugins.maia.agenttasks.quant.QuantMirrorChecks;
import io.jenkins.plugins.maia.agenttasks.task.Launch;
import io.jenkins.plugins.maia.agenttasks.options.StepModes;
import io.jenkins.plugins.maia.agenttasks.options.TaskOptions;
import java.io.IOException;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The freestyle build step "Run a Maia AI agent task": the options of {@code maiaAgentTask} in a form, run by the
 * same {@code TaskRun} as the Pipeline step ({@link FreestyleTaskRun}). A freestyle build cannot pause for a Jenkins
 * input, so decisions follow the step's rules only ({@code onDecision} 'fail' or 'reject'). On success it exports
 * {@code MAIA_TASK_ID} and {@code MAIA_TARGET_BRANCH} to later build steps.
 */
public final class MaiaAgentTaskBuilder extends Builder {

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
    private String credentialsId;
    private String region;
    private String baseUrl;
    private String approveTools;
    private String approveToolsForTask;
    private String rejectTools;
    private String onDecision;
    private int timeout;
    private boolean transcript = true;
    private boolean stopOnAbort = true;
    private String quantTaskList;

    @DataBoundConstructor
    public MaiaAgentTaskBuilder(String projectId, String environmentName, String sourceBranchName, String message) {
        this.projectId = Util.fixEmptyAndTrim(projectId);
        this.environmentName = Util.fixEmptyAndTrim(environmentName);
        this.sourceBranchName = Util.fixEmptyAndTrim(sourceBranchName);
        this.message = message;
    }

    /**
     * Runs the task and waits for its end on this build's executor thread (which a freestyle step holds anyway); the
     * work runs on the Maia threads. A classic {@code perform}, not {@code SimpleBuildStep}: Pipeline has
     * {@code maiaAgentTask} (restart-safe, asks for input), so Pipeline Syntax lists the capability once.
     */
    @Override
    public boolean perform(AbstractBuild<?, ?> build, Launcher launcher, BuildListener listener)
            throws InterruptedException, IOException {
        EnvVars env = build.getEnvironment(listener);
        new FreestyleTaskRun(build, listener).run(options(env), launch(env));
        return true;
    }

    /** Options with build parameters expanded where a job would use them (a base URL per environment, a list name). */
    TaskOptions options(EnvVars env) throws AbortException {
        return TaskOptions.resolve(MaiaController.defaults(), region, env.expand(baseUrl), credentialsId, approveTools, approveToolsForTask,
                rejectTools, onDecision, false, null, timeout, transcript, stopOnAbort, false, 0)
                .withQuantTaskList(env.expand(quantTaskList));
    }

    /** The create request with the build's variables expanded, checked by the client's rules. */
    Launch.CreateTask launch(EnvVars env) throws AbortException {
        Mode m = StepModes.parse(mode, Mode.ACT);
        return new Launch.CreateTask(message == null ? null : env.expand(message), m,
                Util.fixEmptyAndTrim(env.expand(projectId)), Util.fixEmptyAndTrim(env.expand(environmentName)),
                Util.fixEmptyAndTrim(env.expand(sourceBranchName)), Util.fixEmptyAndTrim(env.expand(targetBranchName)),
                generateBranch, Util.fixEmptyAndTrim(env.expand(workingDirectory)),
                Util.fixEmptyAndTrim(env.expand(graphId)),
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

    @DataBoundSetter
    public void setGrantedPermissions(String grantedPermissions) {
        this.grantedPermissions = Util.fixEmptyAndTrim(grantedPermissions);
    }

    public @CheckForNull String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    public @CheckForNull String getRegion() {
        return region;
    }

    @DataBoundSetter
    public void setRegion(String region) {
        this.region = Util.fixEmptyAndTrim(region);
    }

    public @CheckForNull String getBaseUrl() {
        return baseUrl;
    }

    @DataBoundSetter
    public void setBaseUrl(String baseUrl) {
        this.baseUrl = Util.fixEmptyAndTrim(baseUrl);
    }

    public @CheckForNull String getApproveTools() {
        return approveTools;
    }

    @DataBoundSetter
    public void setApproveTools(String approveTools) {
        this.approveTools = Util.fixEmptyAndTrim(approveTools);
    }

    public @CheckForNull String getApproveToolsForTask() {
        return approveToolsForTask;
    }

    @DataBoundSetter
    public void setApproveToolsForTask(String approveToolsForTask) {
        this.approveToolsForTask = Util.fixEmptyAndTrim(approveToolsForTask);
    }

    public @CheckForNull String getRejectTools() {
        return rejectTools;
    }

    @DataBoundSetter
    public void setRejectTools(String rejectTools) {
        this.rejectTools = Util.fixEmptyAndTrim(rejectTools);
    }

    public @CheckForNull String getOnDecision() {
        return onDecision;
    }

    /** {@code fail} (default) or {@code reject}; a freestyle build cannot ask for input. */
    @DataBoundSetter
    public void setOnDecision(String onDecision) {
        this.onDecision = Util.fixEmptyAndTrim(onDecision);
    }

    public int getTimeout() {
        return timeout;
    }

    @DataBoundSetter
    public void setTimeout(int timeout) {
        this.timeout = timeout;
    }

    public boolean isTranscript() {
        return transcript;
    }

    @DataBoundSetter
    public void setTranscript(boolean transcript) {
        this.transcript = transcript;
    }

    public boolean isStopOnAbort() {
        return stopOnAbort;
    }

    @DataBoundSetter
    public void setStopOnAbort(boolean stopOnAbort) {
        this.stopOnAbort = stopOnAbort;
    }

    public @CheckForNull String getQuantTaskList() {
        return quantTaskList;
    }

    /** The Quant task list the task is mirrored to when the mirror is on; empty = {@code <job full name>#<build>}. */
    @DataBoundSetter
    public void setQuantTaskList(String quantTaskList) {
        this.quantTaskList = Util.fixEmptyAndTrim(quantTaskList);
    }

    /** Form support: every check and fill is POST-only and needs Item/Configure (else 403, or no data). */
    @Extension
    public static final class DescriptorImpl extends BuildStepDescriptor<Builder> {

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.MaiaAgentTaskBuilder_DisplayName();
        }

        @Override
        public boolean isApplicable(Class<? extends AbstractProject> jobType) {
            return true;
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId,
                @QueryParameter String baseUrl) {
            if (!FormAccess.canConfigure(item)) {
                return MaiaCredentials.currentValueOnly(credentialsId);
            }
            return MaiaCredentials.listBox(item, credentialsId, baseUrl);
        }

        @POST
        public FormValidation doCheckCredentialsId(@AncestorInPath Item item, @QueryParameter String value) {
            FormAccess.checkConfigure(item);
            return MaiaCredentials.check(item, value, false);
        }

        @POST
        public ListBoxModel doFillRegionItems(@AncestorInPath Item item) {
            return FormAccess.canConfigure(item) ? FieldChecks.regionItems(true) : new ListBoxModel();
        }

        @POST
        public FormValidation doCheckBaseUrl(@AncestorInPath Item item, @QueryParameter String value) {
            FormAccess.checkConfigure(item);
            return FieldChecks.baseUrl("baseUrl", value);
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
        public FormValidation doCheckMessage(@AncestorInPath Item item, @QueryParameter String value) {
            FormAccess.checkConfigure(item);
            return FieldChecks.message(value);
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

        @POST
        public FormValidation doCheckGrantedPermissions(@AncestorInPath Item item, @QueryParameter String value) {
            FormAccess.checkConfigure(item);
            return FieldChecks.toolNames("grantedPermissions", value);
        }

        @POST
        public FormValidation doCheckApproveTools(@AncestorInPath Item item, @QueryParameter String value) {
            FormAccess.checkConfigure(item);
            return FieldChecks.toolNames("approveTools", value);
        }

        @POST
        public FormValidation doCheckApproveToolsForTask(@AncestorInPath Item item, @QueryParameter String value) {
            FormAccess.checkConfigure(item);
            return FieldChecks.toolNames("approveToolsForTask", value);
        }

        @POST
        public FormValidation doCheckRejectTools(@AncestorInPath Item item, @QueryParameter String value) {
            FormAccess.checkConfigure(item);
            return FieldChecks.toolNames("rejectTools", value);
        }

        @POST
        public ListBoxModel doFillOnDecisionItems(@AncestorInPath Item item) {
            return FormAccess.canConfigure(item) ? FieldChecks.onDecisionItems(false) : new ListBoxModel();
        }

        @POST
        public FormValidation doCheckOnDecision(@AncestorInPath Item item, @QueryParameter String value) {
            FormAccess.checkConfigure(item);
            return FieldChecks.onDecision(value, false);
        }

        @POST
        public FormValidation doCheckTimeout(@AncestorInPath Item item, @QueryParameter String value) {
            FormAccess.checkConfigure(item);
            return FieldChecks.intInRange("timeout", value, 0, FieldChecks.MAX_TIMEOUT_MINUTES);
        }

        @POST
        public FormValidation doCheckQuantTaskList(@AncestorInPath Item item, @QueryParameter String value) {
            FormAccess.checkConfigure(item);
            return QuantMirrorChecks.taskList(value);
        }
    }
}
