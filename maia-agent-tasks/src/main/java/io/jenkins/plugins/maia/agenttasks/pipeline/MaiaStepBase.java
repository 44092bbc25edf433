package io.jenkins.plugins.maia.agenttasks.pipeline;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.maia.agenttasks.controller.MaiaController;
import io.jenkins.plugins.maia.agenttasks.options.HumanGate;
import io.jenkins.plugins.maia.agenttasks.options.StepRules;
import io.jenkins.plugins.maia.agenttasks.options.TaskOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The options {@code maiaAgentTask} and {@code maiaAgentMessage} share: where and as whom to connect, how
 * decisions are settled, the timeout, the transcript and what an abort does. Unset options take the global
 * defaults (Manage Jenkins » System » Maia AI Agent Tasks).
 */
public abstract class MaiaStepBase extends Step {

    private String credentialsId;
    private String region;
    private String baseUrl;
    private String approveTools;
    private String approveToolsForTask;
    private String rejectTools;
    private String onDecision;
    private String submitter;
    private int timeout;
    private boolean transcript = true;
    private boolean stopOnAbort = true;
    private String variableTicket;
    private boolean failOnRejection;
    private int giveUpAfter;
    private int approvers;
    private int decisionTimeout;
    private String onDecisionTimeout;
    /** A list of rule maps or YAML text, as the script gave it. */
    private Object rules;
    private String quantTaskList;

    /**
     * The checked, normalised options (see {@link TaskOptions#resolve}); {@code context} tells whether the plugin's
     * global variable called the step (it redeems the variable's ticket). Runs on the CPS thread: no I/O.
     */
    TaskOptions options(StepContext context) throws IOException, InterruptedException {
        boolean byVariable = false;
        if (variableTicket != null) {
            byVariable = VariableTickets.redeem(variableTicket, context.get(Run.class));
            if (!byVariable) {
                throw new AbortException("Maia: variableTicket is internal to the maiaAgentTask and maiaAgentMessage "
                        + "global variables; call maiaAgentTask(...) without it.");
            }
        }
        List<String> warnings = new ArrayList<>();
        TaskOptions options = resolve(byVariable, warnings);
        if (!warnings.isEmpty()) {
            TaskListener listener = context.get(TaskListener.class);
            warnings.forEach(w -> listener.getLogger().println(w));
        }
        return options;
    }

    /** The checked options when the step is called by a global variable ({@code onDecision: 'input'} allowed). */
    TaskOptions optionsForVariable() throws AbortException {
        return resolve(true, new ArrayList<>());
    }

    private TaskOptions resolve(boolean byVariable, List<String> warnings) throws AbortException {
        return TaskOptions.resolve(MaiaController.defaults(), region, baseUrl, credentialsId, approveTools,
                approveToolsForTask, rejectTools, onDecision, byVariable, submitter, timeout, transcript, stopOnAbort,
                failOnRejection, giveUpAfter).withHumanGate(HumanGate.of(approvers, decisionTimeout,
                        onDecisionTimeout)).withRules(StepRules.check(rules, warnings))
                .withQuantTaskList(quantTaskList);
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

    @DataBoundSetter
    public void setOnDecision(String onDecision) {
        this.onDecision = Util.fixEmptyAndTrim(onDecision);
    }

    public @CheckForNull String getSubmitter() {
        return submitter;
    }

    @DataBoundSetter
    public void setSubmitter(String submitter) {
        this.submitter = Util.fixEmptyAndTrim(submitter);
    }

    public int getTimeout() {
        return timeout;
    }

    /** Minutes; 0 = the global default. */
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

    public boolean isFailOnRejection() {
        return failOnRejection;
    }

    /** A task that finished after a tool was rejected (by a rule, the default or a person) makes the build UNSTABLE. */
    @DataBoundSetter
    public void setFailOnRejection(boolean failOnRejection) {
        this.failOnRejection = failOnRejection;
    }

    public int getGiveUpAfter() {
        return giveUpAfter;
    }

    /** Minutes that calls to Maia may fail in a row before the step fails with the last cause; 0 = 5 minutes. */
    @DataBoundSetter
    public void setGiveUpAfter(int giveUpAfter) {
        this.giveUpAfter = giveUpAfter;
    }

    public int getApprovers() {
        return approvers;
    }

    /** Distinct people from {@code submitter} who must approve a tool a person is asked about; 0 or 1 = one. */
    @DataBoundSetter
    public void setApprovers(int approvers) {
        this.approvers = approvers;
    }

    public int getDecisionTimeout() {
        return decisionTimeout;
    }

    /** Minutes a Jenkins input waits for an answer before {@code onDecisionTimeout} applies; 0 = no limit. */
    @DataBoundSetter
    public void setDecisionTimeout(int decisionTimeout) {
        this.decisionTimeout = decisionTimeout;
    }

    public @CheckForNull String getOnDecisionTimeout() {
        return onDecisionTimeout;
    }

    /** {@code reject}, {@code fail} (default) or {@code stop}. */
    @DataBoundSetter
    public void setOnDecisionTimeout(String onDecisionTimeout) {
        this.onDecisionTimeout = Util.fixEmptyAndTrim(onDecisionTimeout);
    }

    public @CheckForNull Object getRules() {
        return rules;
    }

    /**
     * Decision rules, first match wins, before the approve and reject lists: a list of maps
     * ({@code [[tool: 'query_warehouse', field: 'query', inputMatches: '(?is)^\\s*select\\b', verdict: 'approve'],
     * [tool: '*', verdict: 'ask']]}) or the same as YAML text ({@code readFile('.maia/rules.yaml')}).
     */
    @DataBoundSetter
    public void setRules(Object rules) {
        this.rules = rules;
    }

    public @CheckForNull String getQuantTaskList() {
        return quantTaskList;
    }

    /** The Quant task list the task is mirrored to, when the mirror is on; empty = {@code <job full name>#<build>}. */
    @DataBoundSetter
    public void setQuantTaskList(String quantTaskList) {
        this.quantTaskList = Util.fixEmptyAndTrim(quantTaskList);
    }

    public @CheckForNull String getVariableTicket() {
        return variableTicket;
    }

    /**
     * Internal: set only by the plugin's global variables ({@code maiaAgentTask(...)}, {@code maiaAgentMessage(...)}),
     * which turn a pending decision into a real {@code input} step, with a single-use ticket they take for this build
     * ({@link VariableTickets}). A step called any other way ({@code steps.maiaAgentTask} from a shared library)
     * cannot ask a person: its {@code onDecision} defaults to {@code fail}, so a task waiting for a decision never
     * ends in a green build. A ticket a script made up is refused.
     */
    @DataBoundSetter
    public void setVariableTicket(String variableTicket) {
        this.variableTicket = Util.fixEmptyAndTrim(variableTicket);
    }
}
