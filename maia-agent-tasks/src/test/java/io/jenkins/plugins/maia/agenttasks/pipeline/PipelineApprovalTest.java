package io.jenkins.plugins.maia.agenttasks.pipeline;

import static io.jenkins.plugins.maia.agenttasks.MaiaTestSupport.artifact;
import static io.jenkins.plugins.maia.agenttasks.MaiaTestSupport.taskArgs;
import static io.jenkins.plugins.maia.agenttasks.MaiaTestSupport.transcriptPaths;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import hudson.model.Item;
import hudson.model.Result;
import io.jenkins.plugins.maia.agenttasks.MaiaTestSupport;
import io.jenkins.plugins.maia.agenttasks.action.MaiaTaskAction;
import io.jenkins.plugins.maia.sandbox.SandboxServer;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import jenkins.model.Jenkins;
import net.sf.json.JSONArray;
import net.sf.json.JSONObject;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.htmlunit.util.NameValuePair;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.support.steps.input.ApproverAction;
import org.jenkinsci.plugins.workflow.support.steps.input.InputAction;
import org.jenkinsci.plugins.workflow.support.steps.input.InputStepExecution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Decisions answered through the real {@code input} step: the global variable pauses on a genuine
 * {@link InputAction}, a user allowed by {@code submitter} answers through {@code /input/ID/proceed}, the answer
 * reaches the sandbox and the task goes on.
 */
@WithJenkins
class PipelineApprovalTest {

    private SandboxServer sandbox;
    private JenkinsRule j;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        j = rule;
        sandbox = MaiaTestSupport.startSandbox("happy-path");
        MaiaTestSupport.configure(sandbox);
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ, Item.READ, Item.BUILD).everywhere().to("alice", "bob"));
    }

    @AfterEach
    void tearDown() {
        sandbox.close();
    }

    @Test
    void approvalAndQuestionAreAnsweredThroughTheRealInput() throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("def r = maiaAgentTask(" + taskArgs("approval-and-question",
                "targetBranchName: 'feature/sales', approveTools: 'git_push', submitter: 'alice'") + ")\n"
                + "echo \"outcome=${r.outcome} branch=${r.targetBranchName} task=${r.taskId} files=${r.transcript.size()}\"\n",
                true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();

        // 1. The query_warehouse approval: a real input, which only alice may answer, and only by POST.
        InputStepExecution approval = awaitInput(b);
        assertThat(approval.getId()).startsWith("Maia");
        assertThat(approval.getInput().getMessage()).contains("Tool query_warehouse").doesNotContain("SELECT region");
        assertThat(approval.getInput().getParameters()).singleElement()
                .satisfies(d -> assertThat(d.getDescription()).contains("SELECT region"));
        assertThat(approval.getInput().getSubmitter()).isEqualTo("alice");
        JenkinsRule.WebClient bob = j.createWebClient().withThrowExceptionOnFailingStatusCode(false);
        bob.login("bob");
        bob.getPage(proceed(bob, b, approval.getId(), "decision1", "Approve once"));
        assertThat(pendingInputs(b)).extracting(InputStepExecution::getId).containsExactly(approval.getId());
        JenkinsRule.WebClient alice = j.createWebClient().withThrowExceptionOnFailingStatusCode(false);
        alice.login("alice");
        Page viaGet = alice.getPage(new WebRequest(new URL(j.getURL(), inputUrl(b, approval.getId()) + "proceed"),
                HttpMethod.GET));
        assertThat(viaGet.getWebResponse().getStatusCode()).isEqualTo(405);
        assertThat(pendingInputs(b)).hasSize(1);
        Page answered = alice.getPage(proceed(alice, b, approval.getId(), "decision1", "Approve once"));
        assertThat(answered.getWebResponse().getStatusCode()).isEqualTo(200);

        // 2. The question: its options become a choice.
        InputStepExecution question = awaitInputOtherThan(b, approval.getId());
        assertThat(question.getInput().getMessage()).contains("Which load strategy should the pipeline use?");
        assertThat(question.getInput().getParameters()).hasSize(1);
        assertThat(alice.getPage(proceed(alice, b, question.getId(), "decision1_q1", "Incremental"))
                .getWebResponse().getStatusCode()).isEqualTo(200);

        // 3. git_push is approved by the step's rule; the task finishes.
        j.assertBuildStatusSuccess(j.waitForCompletion(b));
        String taskId = sandbox.stats().tasksCreated().get(0);
        assertThat(sandbox.stats().tasksCreated()).hasSize(1);
        j.assertLogContains("outcome=FINISHED branch=feature/sales task=" + taskId + " files=3", b);
        j.assertLogContains("tool query_warehouse approved once by alice", b);
        j.assertLogContains("question answered (0 = Incremental) by alice", b);
        j.assertLogContains("tool git_push approved once by policy", b);
        j.assertLogContains("Going with: ", b);
        // The console tells the story in order: the answer, then who gave it (then the task's next status); the
        // paused status read again before the answer was sent is not printed as if it were news.
        String log = b.getLog();
        int continuing = log.indexOf("Maia: continuing task " + taskId + " with 1 answer(s) from alice");
        int approvedAt = log.indexOf("Maia: tool query_warehouse approved once by alice");
        assertThat(continuing).isNotNegative();
        assertThat(approvedAt).isGreaterThan(continuing);
        assertThat(log.substring(continuing, approvedAt)).doesNotContain("waiting for");
        assertThat(b.getActions(ApproverAction.class)).extracting(ApproverAction::getUserId).contains("alice");

        String jsonl = artifact(b, transcriptPaths(taskId).get(0));
        assertThat(jsonl).contains("\"maia\":\"decision\"").contains("alice");
        assertThat(artifact(b, transcriptPaths(taskId).get(1))).contains("Which load strategy");
        MaiaTaskAction action = b.getAction(MaiaTaskAction.class);
        assertThat(action.getTasks()).singleElement().satisfies(t -> {
            assertThat(t.getTaskId()).isEqualTo(taskId);
            assertThat(t.getOutcome()).isEqualTo("FINISHED");
            assertThat(t.getTranscriptPaths()).containsExactlyElementsOf(transcriptPaths(taskId));
            assertThat(t.getDecisions()).contains("tool query_warehouse approved once by alice",
                    "question answered (0 = Incremental) by alice", "tool git_push approved once by policy");
        });

        // The build's pages: the Maia page renders the conversation (escaped), the Status page sums it up.
        try (hudson.security.ACLContext ignored = hudson.security.ACL.as(hudson.model.User.getById("admin", true))) {
            assertThat(action.transcript(action.getTasks().get(0))).isNotNull()
                    .satisfies(v -> assertThat(v.entries()).isNotEmpty());
        }
        JenkinsRule.WebClient admin = j.createWebClient();
        admin.login("admin");
        String maiaPage = admin.goTo(b.getUrl() + "maia/").asNormalizedText();
        assertThat(maiaPage).contains("Conversation").contains("Which load strategy should the pipeline use?")
                .contains("Paused").contains("tool query_warehouse approved once by alice")
                .doesNotContain("# Maia task").doesNotContain("**User**");
        String status = admin.goTo(b.getUrl()).asNormalizedText();
        assertThat(status).contains("Maia task " + taskId).contains("FINISHED").contains("feature/sales")
                .contains("question answered (0 = Incremental) by alice");
    }

    @Test
    void aRejectionThroughTheInputReachesTheAgent() throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("def r = maiaAgentTask(" + taskArgs("approval-and-question",
                "targetBranchName: 'feature/sales', approveToolsForTask: 'git_push', failOnRejection: true") + ")\n"
                + "echo \"outcome=${r.outcome} rejected=${r.rejectedTools}\"\n", true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        JenkinsRule.WebClient bob = j.createWebClient();
        bob.login("bob"); // no submitter: anyone with Job/Build may answer

        InputStepExecution approval = awaitInput(b);
        bob.getPage(proceed(bob, b, approval.getId(), "decision1", "Reject"));
        InputStepExecution question = awaitInputOtherThan(b, approval.getId());
        bob.getPage(proceed(bob, b, question.getId(), "decision1_q1", "Full reload"));

        // Denied work is visible: the task finished, but failOnRejection marks the build UNSTABLE.
        j.assertBuildStatus(Result.UNSTABLE, j.waitForCompletion(b));
        j.assertLogContains("failOnRejection marks the build UNSTABLE", b);
        j.assertLogContains("rejected=[query_warehouse]", b);
        j.assertLogContains("tool query_warehouse rejected by bob", b);
        j.assertLogContains("Skipped query_warehouse because you declined it", b);
        j.assertLogContains("tool git_push approved for the rest of the task by policy", b);
        j.assertLogContains("outcome=FINISHED", b);
    }

    @Test
    void withOnDecisionFailTheBuildFailsAndTheTaskStaysPaused() throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("maiaAgentTask(" + taskArgs("approval-and-question",
                "targetBranchName: 'feature/sales', onDecision: 'fail'") + ")\n", true));
        WorkflowRun b = j.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        String taskId = sandbox.stats().tasksCreated().get(0);
        j.assertLogContains("waits for decisions that the step's rules do not settle (onDecision: fail)", b);
        j.assertLogContains("query_warehouse", b);
        assertThat(sandbox.stats().taskStatus(taskId)).contains("STOPPED+PENDING");
        assertThat(b.getAction(InputAction.class) == null || b.getAction(InputAction.class).getExecutions().isEmpty())
                .isTrue();
    }

    private static String inputUrl(WorkflowRun b, String inputId) {
        return b.getUrl() + "input/" + inputId + "/";
    }

    /** A crumbed POST of one parameter to the input's REST endpoint, as a browser or script would send it. */
    private WebRequest proceed(JenkinsRule.WebClient wc, WorkflowRun b, String inputId, String name, String value)
            throws Exception {
        WebRequest req = new WebRequest(new URL(j.getURL(), inputUrl(b, inputId) + "proceed"), HttpMethod.POST);
        JSONObject parameter = new JSONObject().element("name", name).element("value", value);
        JSONObject json = new JSONObject().element("parameter", new JSONArray().element(parameter));
        req.setRequestParameters(List.of(new NameValuePair("json", json.toString())));
        return wc.addCrumb(req);
    }

    private static List<InputStepExecution> pendingInputs(WorkflowRun b) throws Exception {
        InputAction action = b.getAction(InputAction.class);
        return action == null ? List.of() : action.getExecutions();
    }

    private static InputStepExecution awaitInput(WorkflowRun b) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> pendingInputs(b), l -> !l.isEmpty()).get(0);
    }

    private static InputStepExecution awaitInputOtherThan(WorkflowRun b, String previousId) {
        return await().atMost(Duration.ofSeconds(60))
                .until(() -> pendingInputs(b), l -> !l.isEmpty() && !l.get(0).getId().equals(previousId))
                .get(0);
    }
}
