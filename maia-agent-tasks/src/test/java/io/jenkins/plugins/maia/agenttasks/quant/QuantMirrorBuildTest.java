package io.jenkins.plugins.maia.agenttasks.quant;

import static io.jenkins.plugins.maia.agenttasks.MaiaTestSupport.taskArgs;
import static io.jenkins.plugins.maia.agenttasks.quant.QuantTestSupport.awaitOnlyTask;
import static io.jenkins.plugins.maia.agenttasks.quant.QuantTestSupport.tasks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import io.jenkins.plugins.maia.agenttasks.MaiaTestSupport;
import io.jenkins.plugins.maia.agenttasks.freestyle.MaiaAgentTaskBuilder;
import io.jenkins.plugins.maia.quant.client.QuantClient;
import io.jenkins.plugins.maia.quant.model.QuantStatus;
import io.jenkins.plugins.maia.quant.model.QuantTask;
import io.jenkins.plugins.maia.sandbox.SandboxOptions;
import io.jenkins.plugins.maia.sandbox.SandboxServer;
import java.net.ServerSocket;
import java.time.Duration;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.support.steps.input.InputAction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Builds mirror their Maia tasks to the sandbox's Quant endpoints (validated against the vendor's document): the
 * fields of a Quant task, the default and a step's own task list, a paused task shown as blocked, and a Quant that
 * cannot be reached, which neither fails nor holds up the build.
 */
@WithJenkins
class QuantMirrorBuildTest {

    private SandboxServer sandbox;
    private QuantClient board;
    private JenkinsRule j;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        j = rule;
        sandbox = QuantTestSupport.startSandboxWithQuant("happy-path");
        MaiaTestSupport.configure(sandbox);
        board = QuantTestSupport.board(sandbox);
    }

    @AfterEach
    void tearDown() {
        sandbox.close();
    }

    @Test
    void aPipelineTaskIsMirroredWithItsTitleStatusMetadataAndResult() throws Exception {
        QuantTestSupport.configureQuant(sandbox.quantUrl().orElseThrow());
        WorkflowJob p = j.createProject(WorkflowJob.class, "orders");
        p.setDefinition(new CpsFlowDefinition("maiaAgentTask(projectId: '" + MaiaTestSupport.PROJECT_ID + "', "
                + "environmentName: 'development', sourceBranchName: 'main', targetBranchName: 'fix/orders', "
                + "mode: 'ACT', message: 'Fix the orders pipeline\\nIt fails on null regions.')", true));
        WorkflowRun b = j.buildAndAssertSuccess(p);
        String maiaTaskId = sandbox.stats().tasksCreated().get(0);

        QuantTask t = awaitOnlyTask(board, "orders#1", QuantStatus.COMPLETED);
        assertThat(t.title()).isEqualTo("Fix the orders pipeline");
        assertThat(t.description()).isEqualTo("Fix the orders pipeline\nIt fails on null regions.");
        assertThat(t.createdByAgentId()).isEqualTo("jenkins");
        assertThat(t.assignedAgentId()).isEqualTo("maia:data_engineer_agent");
        assertThat(t.metadata().path("maiaTaskId").asText()).isEqualTo(maiaTaskId);
        assertThat(t.metadata().path("projectId").asText()).isEqualTo(MaiaTestSupport.PROJECT_ID);
        assertThat(t.metadata().path("mode").asText()).isEqualTo("ACT");
        assertThat(t.metadata().path("targetBranchName").asText()).isEqualTo("fix/orders");
        assertThat(t.metadata().path("buildUrl").asText()).isEqualTo(j.getURL() + b.getUrl());
        assertThat(t.result().path("outcome").asText()).isEqualTo("FINISHED");
        assertThat(t.result().path("targetBranchName").asText()).isEqualTo("fix/orders");
        assertThat(t.result().path("lastAgentMessage").asText()).isNotBlank();
        assertThat(t.result().path("transcript").asText())
                .isEqualTo(j.getURL() + b.getUrl() + "artifact/maia/maia-transcript-" + maiaTaskId + ".md");
        j.assertLogContains("Quant mirror: Maia tasks of this build go to task list orders#1 (organisation acme", b);
        assertThat(JenkinsRule.getLog(b)).doesNotContain(SandboxOptions.DEFAULT_TOKEN)
                .doesNotContain("could not be written");
    }

    @Test
    void aStepsQuantTaskListIsUsedInsteadOfTheBuildsOwn() throws Exception {
        QuantTestSupport.configureQuant(sandbox.quantUrl().orElseThrow());
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("maiaAgentTask(" + taskArgs("happy-path",
                "targetBranchName: 'b1', quantTaskList: 'nightly-fixes'") + ")", true));
        j.buildAndAssertSuccess(p);
        assertThat(awaitOnlyTask(board, "nightly-fixes", QuantStatus.COMPLETED).title())
                .isEqualTo("[scenario:happy-path] work for the tests");
        assertThat(tasks(board, "p#1")).isEmpty();
    }

    @Test
    void aFreestyleStepMirrorsToItsExpandedTaskListOrTheBuildsOwn() throws Exception {
        QuantTestSupport.configureQuant(sandbox.quantUrl().orElseThrow());
        FreeStyleProject p = j.createFreeStyleProject("free");
        MaiaAgentTaskBuilder named = new MaiaAgentTaskBuilder(MaiaTestSupport.PROJECT_ID, "development", "main",
                "Build the staging models");
        named.setTargetBranchName("b1");
        named.setQuantTaskList("fixes-${BUILD_NUMBER}");
        MaiaAgentTaskBuilder unnamed = new MaiaAgentTaskBuilder(MaiaTestSupport.PROJECT_ID, "development", "main",
                "Build the marts");
        unnamed.setTargetBranchName("b2");
        p.getBuildersList().add(named);
        p.getBuildersList().add(unnamed);
        j.buildAndAssertSuccess(p);
        assertThat(awaitOnlyTask(board, "fixes-1", QuantStatus.COMPLETED).title()).isEqualTo("Build the staging models");
        QuantTask own = awaitOnlyTask(board, "free#1", QuantStatus.COMPLETED);
        assertThat(own.title()).isEqualTo("Build the marts");
        assertThat(own.createdByAgentId()).isEqualTo("jenkins");
    }

    @Test
    void aTaskPausedForAJenkinsInputIsBlockedNamingTheToolAndWhoMayAnswer() throws Exception {
        QuantTestSupport.configureQuant(sandbox.quantUrl().orElseThrow());
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("maiaAgentTask(" + taskArgs("approval-and-question",
                "targetBranchName: 'feature/sales', submitter: 'alice'") + ")", true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        await().atMost(Duration.ofSeconds(60)).until(() -> b.getAction(InputAction.class) != null
                && !b.getAction(InputAction.class).getExecutions().isEmpty());

        QuantTask t = awaitOnlyTask(board, "p#1", QuantStatus.BLOCKED);
        assertThat(t.blockedReason()).contains("query_warehouse", "the step's submitter (alice)",
                "Paused for Input");

        b.doStop();
        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(b));
        QuantTask cancelled = awaitOnlyTask(board, "p#1", QuantStatus.CANCELLED);
        assertThat(cancelled.title()).isEqualTo("[scenario:approval-and-question] work for the tests");
        assertThat(cancelled.blockedReason()).isNull(); // no longer blocked: the old reason is cleared
    }

    @Test
    void aQuantThatCannotBeReachedNeitherFailsTheBuildNorRepeatsItsWarning() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        QuantTestSupport.configureQuant("http://127.0.0.1:" + closedPort);
        FreeStyleProject p = j.createFreeStyleProject("p");
        for (String branch : new String[] {"b1", "b2"}) {
            MaiaAgentTaskBuilder step = new MaiaAgentTaskBuilder(MaiaTestSupport.PROJECT_ID, "development", "main",
                    "Task on " + branch);
            step.setTargetBranchName(branch);
            p.getBuildersList().add(step);
        }
        FreeStyleBuild b = j.buildAndAssertSuccess(p);
        String log = JenkinsRule.getLog(b);
        assertThat(log.split("Quant cannot be reached", -1)).as("one warning for the kind, whatever the count")
                .hasSize(2);
        assertThat(log).contains("the Maia task is not affected")
                .contains("Quant mirror: the final state (completed) of \"Task on b2\" could not be written to task "
                        + "list p#1")
                .contains("the mirror keeps trying for 30 s after the build");
        j.assertLogContains("Maia: exported MAIA_TASK_ID=", b);
    }
}
