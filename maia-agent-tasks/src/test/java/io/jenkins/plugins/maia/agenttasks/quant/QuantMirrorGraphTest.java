package io.jenkins.plugins.maia.agenttasks.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import hudson.model.Result;
import io.jenkins.plugins.maia.agenttasks.MaiaTestSupport;
import io.jenkins.plugins.maia.quant.client.QuantClient;
import io.jenkins.plugins.maia.quant.model.QuantStatus;
import io.jenkins.plugins.maia.quant.model.QuantTask;
import io.jenkins.plugins.maia.quant.model.QuantTaskSummary;
import io.jenkins.plugins.maia.sandbox.SandboxServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * A maiaAgentTasks graph on the Quant board: one Quant task per graph task, dependsOn as the Quant ids of its
 * dependencies, each Maia task on its own declared Quant task, and a skipped task cancelled with the reason.
 */
@WithJenkins
class QuantMirrorGraphTest {

    private SandboxServer sandbox;
    private QuantClient board;
    private JenkinsRule j;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        j = rule;
        sandbox = QuantTestSupport.startSandboxWithQuant("happy-path");
        MaiaTestSupport.configure(sandbox);
        board = QuantTestSupport.board(sandbox);
        QuantTestSupport.configureQuant(sandbox.quantUrl().orElseThrow());
    }

    @AfterEach
    void tearDown() {
        sandbox.close();
    }

    @Test
    void aGraphsTasksAreOnTheBoardWithTheirDependenciesAndASkippedTaskIsCancelled() throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "graph");
        p.setDefinition(new CpsFlowDefinition("maiaAgentTasks(projectId: '" + MaiaTestSupport.PROJECT_ID + "', "
                + "environmentName: 'development', sourceBranchName: 'main', generateBranch: true, "
                + "quantTaskList: 'nightly', propagate: false, tasks: ["
                + "[id: 'staging', message: '[scenario:happy-path] Build staging'], "
                + "[id: 'seeds', message: '[scenario:errored] Load seeds'], "
                + "[id: 'marts', dependsOn: ['staging'], message: '[scenario:happy-path] Build marts'], "
                + "[id: 'docs', dependsOn: ['marts', 'seeds'], message: '[scenario:happy-path] Document']])\n",
                true));
        WorkflowRun b = j.assertBuildStatus(Result.SUCCESS, p.scheduleBuild2(0));
        Map<String, QuantTaskSummary> byTitle = await().atMost(Duration.ofSeconds(60)).until(
                () -> QuantTestSupport.tasks(board, "nightly"),
                l -> l.size() == 4 && l.stream().allMatch(t -> t.status().isEnded())).stream()
                .collect(Collectors.toMap(QuantTaskSummary::title, Function.identity()));
        assertThat(byTitle.keySet()).containsExactlyInAnyOrder("[scenario:happy-path] Build staging",
                "[scenario:errored] Load seeds", "[scenario:happy-path] Build marts", "[scenario:happy-path] Document");
        QuantTask marts = board.getTask(byTitle.get("[scenario:happy-path] Build marts").taskId());
        assertThat(marts.status()).isEqualTo(QuantStatus.COMPLETED);
        assertThat(marts.dependsOn()).containsExactly(byTitle.get("[scenario:happy-path] Build staging").taskId());
        assertThat(sandbox.stats().tasksCreated()).contains(marts.metadata().path("maiaTaskId").asText());
        QuantTask docs = board.getTask(byTitle.get("[scenario:happy-path] Document").taskId());
        assertThat(docs.status()).isEqualTo(QuantStatus.CANCELLED);
        assertThat(docs.dependsOn()).containsExactlyInAnyOrder(marts.taskId(),
                byTitle.get("[scenario:errored] Load seeds").taskId());
        assertThat(board.getTask(byTitle.get("[scenario:errored] Load seeds").taskId()).status())
                .isEqualTo(QuantStatus.FAILED);
        assertThat(sandbox.stats().tasksCreated()).hasSize(3); // docs never ran
        assertThat(JenkinsRule.getLog(b)).doesNotContain("could not be written");
        List<String> titles = QuantTestSupport.tasks(board, "graph#1").stream().map(QuantTaskSummary::title).toList();
        assertThat(titles).isEmpty(); // one board for the graph: its quantTaskList
    }
}
