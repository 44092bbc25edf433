package io.jenkins.plugins.maia.agenttasks.pipeline;

import static io.jenkins.plugins.maia.agenttasks.MaiaTestSupport.PROJECT_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import hudson.model.Result;
import io.jenkins.plugins.maia.agenttasks.MaiaTestSupport;
import io.jenkins.plugins.maia.agenttasks.action.MaiaTaskAction;
import io.jenkins.plugins.maia.agenttasks.action.MaiaTaskGraph;
import io.jenkins.plugins.maia.sandbox.SandboxServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * {@code maiaAgentTasks}: tasks start after their dependencies finished, decisions are real inputs naming the
 * task, a task that does not finish skips its dependents and fails the step (or not, with propagate: false),
 * failFast stops the running tasks, bad graphs are refused before any call, and Declarative runs it.
 */
@WithJenkins
class PipelineTaskGraphTest {

    private static final Pattern IDS = Pattern.compile("ids=([^,\\s]+),([^,\\s]+),([^,\\s]+)");
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

    private static String shared() {
        return "projectId: '" + PROJECT_ID + "', environmentName: 'development', sourceBranchName: 'main', "
                + "generateBranch: true, ";
    }

    private static String task(String id, String scenario, String extra) {
        return "[id: '" + id + "', message: '[scenario:" + scenario + "] " + id + " work'" + (extra.isEmpty() ? ""
                : ", " + extra) + "]";
    }

    private WorkflowRun start(String script) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class);
        p.setDefinition(new CpsFlowDefinition(script, true));
        return p.scheduleBuild2(0).waitForStart();
    }

    @Test
    void tasksStartAfterTheirDependenciesFinishedAndAskThroughInputsNamingTheTask() throws Exception {
        WorkflowRun b = start("def r = maiaAgentTasks(" + shared() + "maxConcurrent: 2, tasks: ["
                + task("staging", "happy-path", "") + ", "
                + task("seeds", "approval-and-question", "approveTools: 'git_push', generateBranch: false, "
                        + "targetBranchName: 'f/seeds'")
                + ", " + task("marts", "happy-path", "dependsOn: ['staging', 'seeds']") + "])\n"
                + "echo \"ids=${r.staging.taskId},${r.seeds.taskId},${r.marts.taskId}\"\n"
                + "echo \"marts=${r.marts.outcome} seedsBranch=${r.seeds.targetBranchName} keys=${r.keySet()}\"\n");
        InputStepExecution approval = awaitInput(b, null);
        assertThat(approval.getInput().getMessage()).startsWith("[seeds] ").contains("Tool query_warehouse");
        approval.proceed(Map.of("decision1", "Approve once"));
        InputStepExecution question = awaitInput(b, approval.getId());
        assertThat(question.getInput().getMessage()).startsWith("[seeds] ");
        question.proceed(Map.of("decision1_q1", "Incremental"));

        j.assertBuildStatusSuccess(j.waitForCompletion(b));
        j.assertLogContains("Maia: task graph tasks-1: 3 task(s), at most 2 at a time: staging, seeds, marts (after "
                + "staging, seeds)", b);
        j.assertLogContains("marts=FINISHED seedsBranch=f/seeds keys=[staging, seeds, marts]", b);
        String log = JenkinsRule.getLog(b);
        Matcher ids = IDS.matcher(log);
        assertThat(ids.find()).isTrue();
        String staging = ids.group(1);
        String seeds = ids.group(2);
        String marts = ids.group(3);
        assertThat(sandbox.stats().tasksCreated()).containsExactlyInAnyOrder(staging, seeds, marts);
        int martsCreated = log.indexOf("Maia: task " + marts + " created");
        assertThat(martsCreated).isGreaterThan(log.indexOf("Maia: task " + staging + " finished"))
                .isGreaterThan(log.indexOf("Maia: task " + seeds + " finished"));

        MaiaTaskGraph graph = b.getAction(MaiaTaskAction.class).graph("tasks-1");
        assertThat(graph.getTasks()).extracting(MaiaTaskGraph.Task::getPhase).containsOnly("FINISHED");
        assertThat(graph.task("marts").getDependsOn()).containsExactly("staging", "seeds");
        assertThat(graph.task("marts").getMaiaTaskId()).isEqualTo(marts);
        String page = j.createWebClient().goTo(b.getUrl() + "maia/").asNormalizedText();
        assertThat(page).contains("Task graph tasks-1").contains("At most 2 at a time").contains(marts);

        // Tasks others wait on are followed as awaited (their end is read ahead of other calls), marts is not; a task
        // resumed after its input keeps its place, found by its Maia task id.
        assertThat(GraphPlacement.of(b, "tasks-1/staging").awaited()).isTrue();
        assertThat(GraphPlacement.of(b, "tasks-1/seeds").awaited()).isTrue();
        assertThat(GraphPlacement.of(b, "tasks-1/marts").awaited()).isFalse();
        GraphPlacement resumedSeeds = GraphPlacement.ofMaiaTask(b, seeds);
        assertThat(resumedSeeds).isNotNull();
        assertThat(resumedSeeds.awaited()).isTrue();
        assertThat(resumedSeeds.toQuant().key()).isEqualTo(graph.quantKey("seeds"));
        assertThat(GraphPlacement.ofMaiaTask(b, "not-a-task-of-this-build")).isNull();
    }

    @Test
    void inputsOfTwoTasksAreAnsweredInAnyOrderWhileTheyWaitSideBySide() throws Exception {
        WorkflowRun b = start("def r = maiaAgentTasks(" + shared() + "approveTools: 'git_push', onWaiting: { d ->\n"
                + "  echo \"WAITING ${d.task} ${d.taskId} ${d.tools}\" }, tasks: ["
                + task("east", "approval-and-question", "") + ", " + task("west", "approval-and-question", "") + "])\n"
                + "echo \"east=${r.east.outcome} west=${r.west.outcome}\"\n");
        List<InputStepExecution> both = await().atMost(Duration.ofSeconds(60)).until(() -> pending(b),
                l -> l.size() == 2);
        InputStepExecution west = both.stream().filter(e -> e.getInput().getMessage().startsWith("[west] "))
                .findFirst().orElseThrow();
        InputStepExecution east = both.stream().filter(e -> e.getInput().getMessage().startsWith("[east] "))
                .findFirst().orElseThrow();
        west.proceed(Map.of("decision1", "Approve once")); // the later one first
        InputStepExecution westQuestion = await().atMost(Duration.ofSeconds(60)).until(() -> pending(b),
                l -> l.stream().anyMatch(e -> e.getInput().getMessage().startsWith("[west] ")
                        && e.getInput().getMessage().contains("Which load strategy"))).stream()
                .filter(e -> e.getInput().getMessage().startsWith("[west] ")).findFirst().orElseThrow();
        assertThat(pending(b)).extracting(InputStepExecution::getId).contains(east.getId()); // east still waits
        westQuestion.proceed(Map.of("decision1_q1", "Incremental"));
        east.proceed(Map.of("decision1", "Reject"));
        InputStepExecution eastQuestion = await().atMost(Duration.ofSeconds(60)).until(() -> pending(b),
                l -> l.size() == 1 && l.get(0).getInput().getMessage().startsWith("[east] ")
                        && l.get(0).getInput().getMessage().contains("Which load strategy")).get(0);
        eastQuestion.proceed(Map.of("decision1_q1", "Full reload"));
        j.assertBuildStatusSuccess(j.waitForCompletion(b));
        j.assertLogContains("east=FINISHED west=FINISHED", b);
        j.assertLogContains("WAITING east ", b);
        j.assertLogContains("WAITING west ", b);
    }

    @Test
    void aTaskThatDoesNotFinishSkipsItsDependentsAndTheStepFailsListingEveryTask() throws Exception {
        String tasks = "tasks: [" + task("staging", "errored", "") + ", "
                + task("marts", "happy-path", "dependsOn: 'staging'") + ", " + task("lint", "happy-path", "") + "]";
        WorkflowRun failed = j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(start(
                "maiaAgentTasks(" + shared() + tasks + ")\necho 'not reached'\n")));
        j.assertLogContains("Maia: 2 of 3 task(s) of tasks-1 did not finish", failed);
        j.assertLogContains("staging: ERRORED", failed);
        j.assertLogContains("marts: SKIPPED (dependency 'staging' did not finish (ERRORED))", failed);
        j.assertLogNotContains("not reached", failed);
        assertThat(sandbox.stats().tasksCreated()).hasSize(2); // staging and lint; marts never created
        MaiaTaskGraph graph = failed.getAction(MaiaTaskAction.class).graph("tasks-1");
        assertThat(graph.task("lint").getPhase()).isEqualTo("FINISHED");
        assertThat(graph.task("staging").getPhase()).isEqualTo("NOT_FINISHED");
        assertThat(graph.task("marts").getReason()).isEqualTo("dependency 'staging' did not finish (ERRORED)");

        WorkflowRun returned = j.assertBuildStatusSuccess(j.waitForCompletion(start("def r = maiaAgentTasks("
                + shared() + "propagate: false, " + tasks + ")\n"
                + "echo \"staging=${r.staging.outcome} marts=${r.marts.outcome} lint=${r.lint.outcome}\"\n")));
        j.assertLogContains("staging=ERRORED marts=SKIPPED lint=FINISHED", returned);
    }

    @Test
    void failFastStopsTheRunningTasksAndSkipsTheRest() throws Exception {
        WorkflowRun b = start("maiaAgentTasks(" + shared() + "failFast: true, tasks: ["
                + task("seeds", "approval-and-question", "") + ", " + task("staging", "errored", "") + ", "
                + task("marts", "happy-path", "dependsOn: ['seeds', 'staging']") + "])\n");
        j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(b));
        j.assertLogContains("staging: ERRORED", b);
        j.assertLogContains("marts: SKIPPED (dependency 'staging' did not finish (ERRORED))", b);
        j.assertLogContains("seeds: ABORTED (Failed in branch staging)", b); // failFast interrupted it
        List<String> created = sandbox.stats().tasksCreated();
        assertThat(created).hasSizeLessThanOrEqualTo(2);
        String erroredTask = b.getAction(MaiaTaskAction.class).graph("tasks-1").task("staging").getMaiaTaskId();
        for (String id : created) {
            if (!id.equals(erroredTask)) { // the seeds task, if it was created in time, was stopped, not left running
                await().atMost(Duration.ofSeconds(30)).until(() -> sandbox.stats().taskStatus(id).orElse(""),
                        s -> s.startsWith("STOPPED") || s.startsWith("FINISHED"));
                assertThat(sandbox.stats().taskStatus(id)).hasValueSatisfying(s -> assertThat(s).startsWith("STOPPED"));
            }
        }
    }

    @Test
    void aBadGraphIsRefusedBeforeAnyTaskIsCreated() throws Exception {
        WorkflowRun b = j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(start("maiaAgentTasks(" + shared()
                + "tasks: [" + task("staging", "happy-path", "mesage: 'x'") + ", "
                + task("marts", "happy-path", "dependsOn: ['stagng']") + "])\n")));
        j.assertLogContains("maiaAgentTasks: 2 problem(s), nothing was started", b);
        j.assertLogContains("tasks[0].mesage: not an option of maiaAgentTask (did you mean message?)", b);
        j.assertLogContains("tasks[1].dependsOn[0]: no task has the id 'stagng' (did you mean staging?)", b);
        assertThat(sandbox.stats().tasksCreated()).isEmpty();
    }

    @Test
    void declarativeStepsRunATaskGraph() throws Exception {
        WorkflowRun b = start("pipeline {\n  agent none\n  stages {\n    stage('agents') {\n      steps {\n"
                + "        maiaAgentTasks(" + shared() + "tasks: [" + task("staging", "happy-path", "") + ", "
                + task("marts", "happy-path", "dependsOn: ['staging']") + "])\n"
                + "      }\n    }\n  }\n}\n");
        j.assertBuildStatusSuccess(j.waitForCompletion(b));
        assertThat(sandbox.stats().tasksCreated()).hasSize(2);
        assertThat(b.getAction(MaiaTaskAction.class).graph("tasks-1").getTasks())
                .extracting(MaiaTaskGraph.Task::getPhase).containsOnly("FINISHED");
    }

    private static List<InputStepExecution> pending(WorkflowRun b) throws Exception {
        InputAction a = b.getAction(InputAction.class);
        return a == null ? List.of() : List.copyOf(a.getExecutions());
    }

    private static InputStepExecution awaitInput(WorkflowRun b, String otherThan) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> {
            InputAction a = b.getAction(InputAction.class);
            return a == null ? List.<InputStepExecution>of() : a.getExecutions();
        }, l -> !l.isEmpty() && !l.get(0).getId().equals(otherThan)).get(0);
    }
}
