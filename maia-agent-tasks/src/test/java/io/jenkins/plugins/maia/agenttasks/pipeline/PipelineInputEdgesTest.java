package io.jenkins.plugins.maia.agenttasks.pipeline;

import static io.jenkins.plugins.maia.agenttasks.MaiaTestSupport.artifact;
import static io.jenkins.plugins.maia.agenttasks.MaiaTestSupport.taskArgs;
import static io.jenkins.plugins.maia.agenttasks.MaiaTestSupport.transcriptPaths;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import hudson.model.Result;
import io.jenkins.plugins.maia.agenttasks.MaiaTestSupport;
import io.jenkins.plugins.maia.agenttasks.action.MaiaTaskAction;
import io.jenkins.plugins.maia.sandbox.Endpoint;
import io.jenkins.plugins.maia.sandbox.SandboxServer;
import java.io.File;
import java.time.Duration;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.support.steps.input.InputAction;
import org.jenkinsci.plugins.workflow.support.steps.input.InputStepExecution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * What happens at the edges of a decision: an input that ends without an answer stops the task, a direct call of
 * the plain step never ends green with the task paused, and a script cannot forge an answer.
 */
@WithJenkins
class PipelineInputEdgesTest {

    private static final String BRANCH = "targetBranchName: 'feature/edges'";

    private SandboxServer sandbox;
    private JenkinsRule j;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        j = rule;
        sandbox = MaiaTestSupport.startSandbox("happy-path");
        MaiaTestSupport.configure(sandbox);
    }

    @AfterEach
    void tearDown() {
        sandbox.close();
    }

    @Test
    void abortingTheBuildAtTheInputStopsTheTaskAndArchivesTheTranscript() throws Exception {
        WorkflowRun b = startWaitingForInput("maiaAgentTask(" + taskArgs("approval-and-question", BRANCH) + ")\n");
        String taskId = sandbox.stats().tasksCreated().get(0);
        b.doStop();
        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(b));
        assertStoppedAndRecorded(b, taskId);
    }

    @Test
    void aRejectionAtTheInputStopsTheTask() throws Exception {
        WorkflowRun b = startWaitingForInput("maiaAgentTask(" + taskArgs("approval-and-question", BRANCH) + ")\n");
        String taskId = sandbox.stats().tasksCreated().get(0);
        InputStepExecution input = pendingInputs(b).get(0);
        JenkinsRule.WebClient wc = j.createWebClient();
        wc.getPage(wc.addCrumb(new org.htmlunit.WebRequest(new java.net.URL(j.getURL(),
                b.getUrl() + "input/" + input.getId() + "/abort"), org.htmlunit.HttpMethod.POST)));
        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(b));
        assertStoppedAndRecorded(b, taskId);
        j.assertLogContains("the Jenkins input ended without an answer (Rejected", b);
    }

    @Test
    void aTimeoutAroundAWaitingInputStopsTheTask() throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("timeout(time: 10, unit: 'SECONDS') {\n  maiaAgentTask("
                + taskArgs("approval-and-question", BRANCH) + ")\n}\n", true));
        WorkflowRun b = j.assertBuildStatus(Result.ABORTED, p.scheduleBuild2(0));
        String taskId = sandbox.stats().tasksCreated().get(0);
        assertStoppedAndRecorded(b, taskId);
        j.assertLogContains("Timeout has been exceeded", b);
    }

    @Test
    void withStopOnAbortFalseTheTaskStaysPausedAndThePageSaysSo() throws Exception {
        WorkflowRun b = startWaitingForInput("maiaAgentTask(" + taskArgs("approval-and-question",
                BRANCH + ", stopOnAbort: false") + ")\n");
        String taskId = sandbox.stats().tasksCreated().get(0);
        b.doStop();
        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(b));
        assertThat(sandbox.stats().stopRequests(taskId)).isZero();
        assertThat(sandbox.stats().taskStatus(taskId)).contains("STOPPED+PENDING");
        j.assertLogContains("stays paused (stopOnAbort: false)", b);
        assertThat(b.getAction(MaiaTaskAction.class).getTasks()).singleElement()
                .satisfies(t -> assertThat(t.getDetail()).contains("left paused"));
        assertThat(new File(b.getRootDir(), "maia/" + taskId + "/paused.json")).doesNotExist();
    }

    @Test
    void theStepCalledDirectlyFailsNamingTheToolInsteadOfEndingGreen() throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("def r = steps.maiaAgentTask(" + taskArgs("approval-and-question", BRANCH)
                + ")\necho \"outcome=${r.outcome}\"\n", true));
        WorkflowRun b = j.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        String taskId = sandbox.stats().tasksCreated().get(0);
        j.assertLogContains("waits for decisions that the step's rules do not settle (onDecision: fail)", b);
        j.assertLogContains("query_warehouse", b);
        j.assertLogNotContains("outcome=", b);
        assertThat(sandbox.stats().taskStatus(taskId)).contains("STOPPED+PENDING");

        WorkflowJob explicit = j.createProject(WorkflowJob.class, "explicit");
        explicit.setDefinition(new CpsFlowDefinition("steps.maiaAgentTask(" + taskArgs("approval-and-question",
                BRANCH + ", onDecision: 'input'") + ")\n", true));
        WorkflowRun refused = j.assertBuildStatus(Result.FAILURE, explicit.scheduleBuild2(0));
        j.assertLogContains("onDecision 'input' works only through the maiaAgentTask and maiaAgentMessage global "
                + "variables", refused);
        assertThat(sandbox.stats().tasksCreated()).hasSize(1);
    }

    @Test
    void aScriptCannotPoseAsTheVariableNorAnswerForAPerson() throws Exception {
        // Posing as the global variable to get the input request handed back (and then ignore it) is refused.
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("def r = steps.maiaAgentTask(" + taskArgs("approval-and-question",
                BRANCH + ", variableTicket: 'made-up'") + ")\necho \"outcome=${r.outcome}\"\n", true));
        WorkflowRun b = j.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        j.assertLogContains("variableTicket is internal to the maiaAgentTask and maiaAgentMessage global variables", b);
        j.assertLogNotContains("outcome=", b);
        assertThat(sandbox.stats().tasksCreated()).isEmpty();

        // Made-up values and approver are not parameters of the resume step.
        WorkflowJob forged = j.createProject(WorkflowJob.class, "forged");
        forged.setDefinition(new CpsFlowDefinition("maiaAgentTaskResume(taskId: '550e8400-e29b-41d4-a716-446655440099',"
                + " values: ['Approve for this task'], decidedBy: 'security-officer')\n", true));
        WorkflowRun f = j.assertBuildStatus(Result.FAILURE, forged.scheduleBuild2(0));
        j.assertLogContains("values", f);
        assertThat(sandbox.stats().requests(Endpoint.SUBMIT_DECISIONS)).isZero();
    }

    @Test
    void aParallelBranchCannotResumeWhileThePersonHasNotAnswered() throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        // Not sandboxed, so the forging branch can read the task id and see the input from the build itself.
        p.setDefinition(new CpsFlowDefinition("parallel agent: {\n"
                + "  maiaAgentTask(" + taskArgs("approval-and-question", BRANCH) + ")\n"
                + "}, forger: {\n"
                + "  def id = null\n"
                + "  waitUntil {\n"
                + "    def run = currentBuild.rawBuild\n"
                + "    def maia = run.getAction(io.jenkins.plugins.maia.agenttasks.action.MaiaTaskAction)\n"
                + "    id = maia?.tasks ? maia.tasks[0].taskId : null\n"
                // The log, not InputAction.getExecutions(), which must not be called on the CPS VM thread.
                + "    return id != null && run.getLog(500).join('\\n').contains('asking for Jenkins input')\n"
                + "  }\n"
                + "  maiaAgentTaskResume(taskId: id)\n"
                + "}\n", false));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        // A failed parallel branch's error is printed when the parallel ends; the branch's end is visible at once.
        j.waitForMessage("Failed in branch forger", b);
        assertThat(sandbox.stats().requests(Endpoint.SUBMIT_DECISIONS)).isZero();
        assertThat(pendingInputs(b)).hasSize(1); // the real input still waits for a person
        b.doStop();
        j.waitForCompletion(b);
        j.assertLogContains("has not been answered, so nothing was sent to Maia", b);
        assertThat(sandbox.stats().requests(Endpoint.SUBMIT_DECISIONS)).isZero();
    }

    private WorkflowRun startWaitingForInput(String script) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(script, true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        await().atMost(Duration.ofSeconds(60)).until(() -> pendingInputs(b), l -> !l.isEmpty());
        return b;
    }

    private void assertStoppedAndRecorded(WorkflowRun b, String taskId) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> sandbox.stats().stopRequests(taskId), n -> n >= 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> sandbox.stats().taskStatus(taskId).orElse(""),
                s -> s.equals("STOPPED"));
        j.assertLogContains("stopping task " + taskId, b);
        j.assertLogContains("task " + taskId + " stopped", b);
        assertThat(sandbox.stats().requests(Endpoint.SUBMIT_DECISIONS)).isZero();
        assertThat(new File(b.getRootDir(), "maia/" + taskId + "/paused.json")).doesNotExist();
        assertThat(artifact(b, transcriptPaths(taskId).get(0))).isNotEmpty();
        assertThat(b.getAction(MaiaTaskAction.class).getTasks()).singleElement().satisfies(t -> {
            assertThat(t.getOutcome()).isEqualTo("STOPPED_ON_REQUEST");
            assertThat(t.getDetail()).contains("the Jenkins input ended without an answer");
        });
    }

    private static List<InputStepExecution> pendingInputs(WorkflowRun b) throws Exception {
        InputAction action = b.getAction(InputAction.class);
        return action == null ? List.of() : action.getExecutions();
    }
}
