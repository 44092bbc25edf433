package io.jenkins.plugins.maia.agenttasks.pipeline;

import static io.jenkins.plugins.maia.agenttasks.MaiaTestSupport.taskArgs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import hudson.model.Item;
import hudson.model.Result;
import io.jenkins.plugins.maia.agenttasks.MaiaTestSupport;
import io.jenkins.plugins.maia.sandbox.SandboxServer;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import jenkins.model.Jenkins;
import net.sf.json.JSONArray;
import net.sf.json.JSONObject;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.util.NameValuePair;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.support.steps.input.InputAction;
import org.jenkinsci.plugins.workflow.support.steps.input.InputStepExecution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Decisions where the people are: onWaiting is called once per round with the round's details (and a failing
 * closure does not skip the input), a decision timeout applies its default, and two approvers means two people.
 */
@WithJenkins
class PipelineHumanGateTest {

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

    private WorkflowRun start(String name, String script) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, name);
        p.setDefinition(new CpsFlowDefinition(script, true));
        return p.scheduleBuild2(0).waitForStart();
    }

    @Test
    void onWaitingIsCalledOncePerRoundWithTheDetailsAndAFailingClosureStillAsks() throws Exception {
        WorkflowRun b = start("w", "def r = maiaAgentTask(" + taskArgs("approval-and-question",
                "targetBranchName: 'feature/sales', approveTools: 'git_push', submitter: 'alice'") + ", onWaiting: { d ->\n"
                + "  echo \"WAITING task=${d.taskId} tools=${d.tools} questions=${d.questions} submitter=${d.submitter}"
                + " url=${d.url}\"\n"
                + "  error 'the chat service is down'\n"
                + "})\necho \"outcome=${r.outcome}\"\n");
        InputStepExecution approval = awaitInput(b, null);
        String taskId = sandbox.stats().tasksCreated().get(0);
        j.waitForMessage("WAITING task=" + taskId + " tools=[query_warehouse] questions=[] submitter=alice url=", b);
        j.assertLogContains("Maia: onWaiting failed (", b);
        answer("alice", b, approval.getId(), "decision1", "Approve once");
        InputStepExecution question = awaitInput(b, approval.getId());
        j.waitForMessage("questions=[Which load strategy should the pipeline use?]", b);
        answer("alice", b, question.getId(), "decision1_q1", "Incremental");
        j.assertBuildStatusSuccess(j.waitForCompletion(b));
        j.assertLogContains("outcome=FINISHED", b);
        assertThat(JenkinsRule.getLog(b).split("WAITING task=", -1)).hasSize(3); // once per round: two rounds
        // The build's input page, absolute (JenkinsRule configures Jenkins' URL).
        assertThat(JenkinsRule.getLog(b)).contains("url=" + j.getURL() + b.getUrl() + "input/");
    }

    @Test
    void aDecisionTimeoutRejectsAndGoesOnOrFailsLeavingTheTaskPaused() throws Exception {
        WorkflowRun rejecting = start("reject", "def r = maiaAgentTask(" + taskArgs("approval-and-question",
                "targetBranchName: 'feature/sales', approveTools: 'git_push', decisionTimeout: 1, "
                        + "onDecisionTimeout: 'reject'") + ")\necho \"outcome=${r.outcome} rejected=${r.rejectedTools}\"\n");
        WorkflowRun failing = start("fail", "maiaAgentTask(" + taskArgs("approval-and-question",
                "targetBranchName: 'feature/sales', decisionTimeout: 1") + ")\necho 'not reached'\n");
        InputStepExecution first = awaitInput(rejecting, null);
        // Nobody answers: after a minute the tool is rejected and the task goes on to its question.
        InputStepExecution question = await().atMost(Duration.ofSeconds(150)).until(() -> pending(rejecting),
                l -> !l.isEmpty() && !l.get(0).getId().equals(first.getId())).get(0);
        j.assertLogContains("nobody answered within 1 minute(s) (decisionTimeout); rejecting 1 tool call(s)", rejecting);
        j.assertLogContains("tool query_warehouse rejected by the decision timeout", rejecting);
        answer("bob", rejecting, question.getId(), "decision1_q1", "Incremental");
        j.assertBuildStatusSuccess(j.waitForCompletion(rejecting));
        j.assertLogContains("outcome=FINISHED rejected=[query_warehouse]", rejecting);

        j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(failing));
        j.assertLogContains("nobody answered within 1 minute(s) (decisionTimeout); task ", failing);
        j.assertLogContains("stays paused (onDecisionTimeout: fail)", failing);
        j.assertLogNotContains("not reached", failing);
        String failingLog = JenkinsRule.getLog(failing);
        String pausedTask = sandbox.stats().tasksCreated().stream().filter(failingLog::contains).findFirst()
                .orElseThrow();
        assertThat(sandbox.stats().taskStatus(pausedTask)).contains("STOPPED+PENDING");
    }

    @Test
    void twoApproversMeansTwoDistinctPeopleEachInAnInputOfTheirOwn() throws Exception {
        WorkflowRun b = start("two", "def r = maiaAgentTask(" + taskArgs("approval-and-question",
                "targetBranchName: 'feature/sales', approveTools: 'git_push', approvers: 2") + ")\n"
                + "echo \"outcome=${r.outcome} decisions=${r.decisions}\"\n");
        InputStepExecution first = awaitInput(b, null);
        answer("alice", b, first.getId(), "decision1", "Approve for this task");
        InputStepExecution second = awaitInput(b, first.getId());
        assertThat(second.getInput().getMessage()).startsWith("[approval 2 of 2, approved by alice] ");
        assertThat(second.getInput().getParameters()).singleElement(); // the tool only
        answer("alice", b, second.getId(), "decision1", "Approve once"); // the same person again: refused
        InputStepExecution third = awaitInput(b, second.getId());
        j.assertLogContains("Maia: alice already approved; another person must approve", b);
        answer("bob", b, third.getId(), "decision1", "Approve once");
        InputStepExecution question = awaitInput(b, third.getId());
        assertThat(question.getInput().getMessage()).contains("Which load strategy");
        answer("bob", b, question.getId(), "decision1_q1", "Incremental"); // a question needs one answer
        j.assertBuildStatusSuccess(j.waitForCompletion(b));
        j.assertLogContains("tool query_warehouse approved once by alice and bob", b);
        j.assertLogContains("outcome=FINISHED", b);
    }

    private void answer(String user, WorkflowRun b, String inputId, String name, String value) throws Exception {
        JenkinsRule.WebClient wc = j.createWebClient();
        wc.login(user);
        WebRequest req = new WebRequest(new URL(j.getURL(), b.getUrl() + "input/" + inputId + "/proceed"),
                HttpMethod.POST);
        JSONObject parameter = new JSONObject().element("name", name).element("value", value);
        req.setRequestParameters(List.of(new NameValuePair("json", new JSONObject()
                .element("parameter", new JSONArray().element(parameter)).toString())));
        wc.getPage(wc.addCrumb(req));
    }

    private static List<InputStepExecution> pending(WorkflowRun b) throws Exception {
        InputAction a = b.getAction(InputAction.class);
        return a == null ? List.of() : a.getExecutions();
    }

    private static InputStepExecution awaitInput(WorkflowRun b, String otherThan) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> pending(b),
                l -> !l.isEmpty() && !l.get(0).getId().equals(otherThan)).get(0);
    }
}
