package io.jenkins.plugins.maia.agenttasks.pipeline;

import static io.jenkins.plugins.maia.agenttasks.MaiaTestSupport.taskArgs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import hudson.model.Result;
import io.jenkins.plugins.maia.agenttasks.MaiaTestSupport;
import io.jenkins.plugins.maia.agenttasks.action.MaiaTaskAction;
import io.jenkins.plugins.maia.sandbox.SandboxServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 * Decision rules as code in a Pipeline: a rule approves the SELECT and anything else is asked; the same rules as
 * YAML text settle every decision; bad rules fail before any call, naming the rule and the field.
 */
@WithJenkins
class PipelineRulesTest {

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

    private WorkflowRun start(String script) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class);
        p.setDefinition(new CpsFlowDefinition(script, true));
        return p.scheduleBuild2(0).waitForStart();
    }

    @Test
    void aRuleApprovesTheSelectAndAnAskRuleSendsTheRestToAPerson() throws Exception {
        WorkflowRun b = start("def r = maiaAgentTask(" + taskArgs("approval-and-question",
                "targetBranchName: 'feature/sales', rules: [\n"
                        + "  [tool: 'query_warehouse', field: 'query', inputMatches: '(?is)^\\\\s*select\\\\b', "
                        + "verdict: 'approve'],\n"
                        + "  [tool: '*', verdict: 'ask']]") + ")\n"
                + "echo \"outcome=${r.outcome} decisions=${r.decisions}\"\n");
        InputStepExecution question = awaitInput(b, null);
        assertThat(question.getInput().getMessage()).contains("Which load strategy");
        j.assertLogContains("Maia: tool query_warehouse approved once by rules[0]: query_warehouse query ~", b);
        question.proceed(Map.of("decision1_q1", "Incremental"));
        InputStepExecution push = awaitInput(b, question.getId());
        assertThat(push.getInput().getMessage()).contains("git_push"); // rules[1] says ask
        push.proceed(Map.of("decision1", "Approve once"));
        j.assertBuildStatusSuccess(j.waitForCompletion(b));
        j.assertLogContains("outcome=FINISHED", b);
        assertThat(b.getAction(MaiaTaskAction.class).getTasks().get(0).getDecisions())
                .anySatisfy(d -> assertThat(d).startsWith("tool query_warehouse approved once by rules[0]"));
    }

    @Test
    void rulesAsYamlTextSettleEveryDecisionWithoutAnInput() throws Exception {
        String yaml = "- tool: git_push\\n  verdict: reject\\n- tool: query_warehouse\\n  verdict: approve\\n"
                + "- question: load strategy\\n  answer: Incremental\\n";
        WorkflowRun b = j.waitForCompletion(start("def r = maiaAgentTask(" + taskArgs("approval-and-question",
                "targetBranchName: 'feature/sales', rules: \"" + yaml + "\"") + ")\n"
                + "echo \"outcome=${r.outcome} rejected=${r.rejectedTools}\"\n"));
        j.assertBuildStatusSuccess(b);
        j.assertLogContains("Maia: tool git_push rejected by rules[0]", b);
        j.assertLogContains("Maia: tool query_warehouse approved once by rules[1]", b);
        j.assertLogContains("by rules[2]", b);
        j.assertLogContains("outcome=FINISHED rejected=[git_push]", b);
        assertThat(b.getAction(InputAction.class) == null || b.getAction(InputAction.class).getExecutions().isEmpty())
                .isTrue();
    }

    @Test
    void badRulesFailBeforeAnyCallNamingTheRuleAndTheField() throws Exception {
        WorkflowRun b = j.waitForCompletion(start("maiaAgentTask(" + taskArgs("approval-and-question",
                "targetBranchName: 'feature/sales', rules: [[tool: 'query_warehouse', inputMatches: '(', "
                        + "verdict: 'aprove']]") + ")\n"));
        j.assertBuildStatus(Result.FAILURE, b);
        j.assertLogContains("Maia: rules: ", b);
        j.assertLogContains("rules[0].inputMatches", b);
        j.assertLogContains("rules[0].verdict", b);
        assertThat(sandbox.stats().tasksCreated()).isEmpty();
    }

    private static InputStepExecution awaitInput(WorkflowRun b, String otherThan) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> {
            InputAction a = b.getAction(InputAction.class);
            return a == null ? List.<InputStepExecution>of() : a.getExecutions();
        }, l -> !l.isEmpty() && !l.get(0).getId().equals(otherThan)).get(0);
    }
}
