package io.jenkins.plugins.maia.agenttasks.pipeline;

import static io.jenkins.plugins.maia.agenttasks.MaiaTestSupport.artifact;
import static io.jenkins.plugins.maia.agenttasks.MaiaTestSupport.taskArgs;
import static io.jenkins.plugins.maia.agenttasks.MaiaTestSupport.transcriptPaths;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import hudson.model.Result;
import io.jenkins.plugins.maia.agenttasks.MaiaTestSupport;
import io.jenkins.plugins.maia.sandbox.Endpoint;
import io.jenkins.plugins.maia.sandbox.SandboxOptions;
import io.jenkins.plugins.maia.sandbox.SandboxServer;
import java.time.Duration;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The ways a task can end, other than a plain finish: ERRORED, timeout, abort; Declarative use; and the calls of a plain
 * finish (the create's answer stands in for the first read).
 */
@WithJenkins
class PipelineOutcomeTest {

    private SandboxServer sandbox;
    private JenkinsRule j;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        j = rule;
        // Slow agents (200 ms a step): the long-running task (3,000 messages, 100 a step) runs for about 6 s.
        sandbox = SandboxServer.start(SandboxOptions.builder().port(0).defaultScenario("happy-path")
                .pacing(Duration.ofMillis(200)).build());
        MaiaTestSupport.configure(sandbox);
    }

    @AfterEach
    void tearDown() {
        sandbox.close();
    }

    @Test
    void anErroredTaskFailsTheStepWithTheAgentsLastWordsAndTheTranscript() throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("maiaAgentTask(" + taskArgs("errored", "generateBranch: true") + ")\n",
                true));
        WorkflowRun b = j.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        String taskId = sandbox.stats().tasksCreated().get(0);
        j.assertLogContains("ended with status ERRORED", b);
        j.assertLogContains("Could not connect to the warehouse", b);
        assertThat(artifact(b, transcriptPaths(taskId).get(0))).contains("Retrying the connection");
    }

    @Test
    void aTaskJustCreatedIsFollowedFromTheCreatesAnswerAndReadOnlyForItsEnd() throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("def r = maiaAgentTask(" + taskArgs("happy-path", "generateBranch: true")
                + ")\necho \"outcome=${r.outcome} branch=${r.targetBranchName}\"\n", true));
        WorkflowRun b = j.buildAndAssertSuccess(p);

        j.assertLogContains("outcome=FINISHED", b);
        j.assertLogNotContains("branch=null", b); // the generated branch: the end's read brings it
        assertThat(sandbox.stats().requests(Endpoint.GET_TASK)).as("no first read: the watch looked at the task "
                + "from the create's answer, and its end was read once").isEqualTo(1);
        assertThat(sandbox.stats().requests(Endpoint.LIST_TASKS)).isPositive();
    }

    @Test
    void aTimeoutStopsTheTaskAndFailsTheStep() throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        // timeout counts seconds in these tests (see the surefire configuration)
        p.setDefinition(new CpsFlowDefinition("maiaAgentTask(" + taskArgs("long-running",
                "generateBranch: true, timeout: 2") + ")\n", true));
        WorkflowRun b = j.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        String taskId = sandbox.stats().tasksCreated().get(0);
        j.assertLogContains("did not finish within 2 minute(s) (timeout). It was asked to stop.", b);
        assertThat(sandbox.stats().stopRequests(taskId)).isEqualTo(1);
        assertThat(artifact(b, transcriptPaths(taskId).get(1))).contains("Starting a long job");
    }

    @Test
    void abortingTheBuildStopsTheTaskAndStillArchivesTheTranscript() throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("maiaAgentTask(" + taskArgs("long-running", "generateBranch: true")
                + ")\n", true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        j.waitForMessage("Processed batch", b);
        String taskId = sandbox.stats().tasksCreated().get(0);
        b.doStop();
        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(b));
        assertThat(sandbox.stats().stopRequests(taskId)).isGreaterThanOrEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> sandbox.stats().taskStatus(taskId).orElse(""),
                s -> s.equals("STOPPED"));
        j.assertLogContains("build aborted, stopping task " + taskId, b);
        j.assertLogContains("task " + taskId + " stopped", b);
        assertThat(artifact(b, transcriptPaths(taskId).get(0))).contains("Processed batch");
    }

    @Test
    void declarativeStepsBlocksUseTheStepWithItsValidation() throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("pipeline {\n"
                + "  agent none\n"
                + "  stages {\n"
                + "    stage('agent') {\n"
                + "      steps {\n"
                + "        maiaAgentTask(" + taskArgs("branch-generation", "generateBranch: true") + ")\n"
                + "        script {\n"
                + "          def r = maiaAgentTask(" + taskArgs("happy-path", "targetBranchName: 'feature/x'") + ")\n"
                + "          echo \"second=${r.outcome}\"\n"
                + "        }\n"
                + "      }\n"
                + "    }\n"
                + "  }\n"
                + "}\n", true));
        WorkflowRun b = j.buildAndAssertSuccess(p);
        j.assertLogContains("second=FINISHED", b);
        assertThat(sandbox.stats().tasksCreated()).hasSize(2);

        WorkflowJob bad = j.createProject(WorkflowJob.class, "bad");
        bad.setDefinition(new CpsFlowDefinition("pipeline {\n  agent none\n  stages {\n    stage('s') {\n"
                + "      steps {\n        maiaAgentTask(projectId: 'x', environmentName: 'e', sourceBranchName: 'm', "
                + "message: 'm', noSuchOption: true)\n      }\n    }\n  }\n}\n", true));
        WorkflowRun failed = j.assertBuildStatus(Result.FAILURE, bad.scheduleBuild2(0));
        j.assertLogContains("noSuchOption", failed);
        assertThat(sandbox.stats().tasksCreated()).hasSize(2);
    }
}
