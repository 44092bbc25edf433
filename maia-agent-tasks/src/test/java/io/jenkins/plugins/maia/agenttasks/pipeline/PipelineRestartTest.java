package io.jenkins.plugins.maia.agenttasks.pipeline;

import static io.jenkins.plugins.maia.agenttasks.MaiaTestSupport.artifact;
import static io.jenkins.plugins.maia.agenttasks.MaiaTestSupport.taskArgs;
import static io.jenkins.plugins.maia.agenttasks.MaiaTestSupport.transcriptPaths;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.maia.agenttasks.MaiaTestSupport;
import io.jenkins.plugins.maia.sandbox.SandboxOptions;
import io.jenkins.plugins.maia.sandbox.SandboxServer;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * A controller restart while a step follows a task: the step resumes from its saved state, creates no second
 * task, and the transcript holds every message exactly once.
 */
class PipelineRestartTest {

    private static final int EVENTS = 1500;
    private static final Pattern BATCH = Pattern.compile("Processed batch (\\d+) of " + EVENTS);

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @Test
    void aRestartWhileFollowingContinuesWithoutASecondTaskOrALostMessage() throws Throwable {
        // 100 messages every 300 ms: about 5 s of work, long enough to restart in the middle.
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().port(0)
                .defaultScenario("long-running").pacing(Duration.ofMillis(300)).longRunningEvents(EVENTS).build())) {
            sessions.then(j -> {
                MaiaTestSupport.configure(sandbox);
                WorkflowJob p = j.createProject(WorkflowJob.class, "p");
                p.setDefinition(new CpsFlowDefinition("def r = maiaAgentTask(" + taskArgs("long-running",
                        "generateBranch: true") + ")\necho \"outcome=${r.outcome}\"\n", true));
                WorkflowRun b = p.scheduleBuild2(0).waitForStart();
                j.waitForMessage("Processed batch", b);
                assertThat(sandbox.stats().taskStatus(sandbox.stats().tasksCreated().get(0))).contains("RUNNING");
            });
            sessions.then(j -> {
                WorkflowRun b = j.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
                j.assertBuildStatusSuccess(j.waitForCompletion(b));
                j.assertLogContains("outcome=FINISHED", b);
                List<String> created = sandbox.stats().tasksCreated();
                assertThat(created).hasSize(1);
                String taskId = created.get(0);

                // Transcript: every event of the task, each once.
                List<String> eventLines = artifact(b, transcriptPaths(taskId).get(0)).lines()
                        .filter(l -> !l.isBlank() && !l.contains("\"maia\":"))
                        .toList();
                assertThat((long) eventLines.size()).isEqualTo(sandbox.stats().eventCount(taskId));
                assertThat(new HashSet<>(eventLines)).hasSameSizeAs(eventLines);
                assertThat(batches(String.join("\n", eventLines))).hasSize(EVENTS);

                // Console: no message lost across the restart.
                assertThat(batches(JenkinsRule.getLog(b))).hasSize(EVENTS);
            });
        }
    }

    @Test
    void aTaskGraphGoesOnAfterARestartWithTheDependentStartedOnceItsDependencyFinished() throws Throwable {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().port(0)
                .defaultScenario("long-running").pacing(Duration.ofMillis(300)).longRunningEvents(EVENTS).build())) {
            sessions.then(j -> {
                MaiaTestSupport.configure(sandbox);
                WorkflowJob p = j.createProject(WorkflowJob.class, "g");
                p.setDefinition(new CpsFlowDefinition("def r = maiaAgentTasks(projectId: '" + MaiaTestSupport.PROJECT_ID
                        + "', environmentName: 'development', sourceBranchName: 'main', generateBranch: true, tasks: ["
                        + "[id: 'staging', message: '[scenario:long-running] staging'], "
                        + "[id: 'marts', dependsOn: ['staging'], message: '[scenario:happy-path] marts']])\n"
                        + "echo \"staging=${r.staging.outcome} marts=${r.marts.outcome}\"\n", true));
                WorkflowRun b = p.scheduleBuild2(0).waitForStart();
                j.waitForMessage("Processed batch", b);
                assertThat(sandbox.stats().tasksCreated()).hasSize(1); // marts waits at its gate
            });
            sessions.then(j -> {
                WorkflowRun b = j.jenkins.getItemByFullName("g", WorkflowJob.class).getBuildByNumber(1);
                j.assertBuildStatusSuccess(j.waitForCompletion(b));
                j.assertLogContains("staging=FINISHED marts=FINISHED", b);
                List<String> created = sandbox.stats().tasksCreated();
                assertThat(created).hasSize(2); // no task created twice across the restart
                String log = JenkinsRule.getLog(b);
                assertThat(log.indexOf("Maia: task " + created.get(1) + " created"))
                        .isGreaterThan(log.indexOf("Maia: task " + created.get(0) + " finished"));
                io.jenkins.plugins.maia.agenttasks.action.MaiaTaskGraph graph = b.getAction(
                        io.jenkins.plugins.maia.agenttasks.action.MaiaTaskAction.class).graph("tasks-1");
                assertThat(graph.task("staging").getMaiaTaskId()).isEqualTo(created.get(0));
                assertThat(graph.task("marts").getPhase()).isEqualTo("FINISHED");
            });
        }
    }

    private static Set<Integer> batches(String text) {
        Set<Integer> seen = new HashSet<>();
        Matcher m = BATCH.matcher(text);
        while (m.find()) {
            seen.add(Integer.parseInt(m.group(1)));
        }
        return seen;
    }
}
