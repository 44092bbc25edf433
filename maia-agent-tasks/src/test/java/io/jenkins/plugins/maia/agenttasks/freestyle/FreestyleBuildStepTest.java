package io.jenkins.plugins.maia.agenttasks.freestyle;

import static io.jenkins.plugins.maia.agenttasks.MaiaTestSupport.artifact;
import static io.jenkins.plugins.maia.agenttasks.MaiaTestSupport.transcriptPaths;
import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import io.jenkins.plugins.maia.agenttasks.MaiaTestSupport;
import io.jenkins.plugins.maia.sandbox.SandboxOptions;
import io.jenkins.plugins.maia.sandbox.SandboxServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.CaptureEnvironmentBuilder;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The freestyle build step: policy-only decisions, exported variables, OAuth client credentials kept secret. */
@WithJenkins
class FreestyleBuildStepTest {

    private SandboxServer sandbox;
    private JenkinsRule j;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        j = rule;
        sandbox = MaiaTestSupport.startSandbox("branch-generation");
        MaiaTestSupport.configure(sandbox);
    }

    @AfterEach
    void tearDown() {
        sandbox.close();
    }

    @Test
    void aGeneratedBranchIsExportedToLaterStepsAndNoSecretReachesTheLog() throws Exception {
        FreeStyleProject p = j.createFreeStyleProject("p");
        MaiaAgentTaskBuilder step = new MaiaAgentTaskBuilder(MaiaTestSupport.PROJECT_ID, "development", "main",
                "Create the orders pipeline for build ${BUILD_NUMBER}");
        step.setGenerateBranch(true);
        step.setCredentialsId(MaiaTestSupport.CLIENT_CREDENTIALS); // OAuth client id + secret, through the token URL
        p.getBuildersList().add(step);
        // A named builder from the harness (an anonymous one would be saved in config.xml, which Jenkins logs as an error).
        CaptureEnvironmentBuilder seen = new CaptureEnvironmentBuilder();
        p.getBuildersList().add(seen);

        FreeStyleBuild b = j.buildAndAssertSuccess(p);
        String taskId = sandbox.stats().tasksCreated().get(0);
        String branch = seen.getEnvVars().get(MaiaTaskEnvironmentAction.TARGET_BRANCH);
        assertThat(seen.getEnvVars().get(MaiaTaskEnvironmentAction.TASK_ID)).isEqualTo(taskId);
        assertThat(branch).startsWith("maia/");
        j.assertLogContains("Maia: exported MAIA_TASK_ID=" + taskId + " and MAIA_TARGET_BRANCH=" + branch, b);
        j.assertLogContains("Working on branch " + branch, b);

        String log = JenkinsRule.getLog(b);
        String transcript = artifact(b, transcriptPaths(taskId).get(0)) + artifact(b, transcriptPaths(taskId).get(1))
                + artifact(b, transcriptPaths(taskId).get(2));
        for (String secret : new String[] {SandboxOptions.DEFAULT_CLIENT_SECRET, SandboxOptions.DEFAULT_TOKEN}) {
            assertThat(log).doesNotContain(secret);
            assertThat(transcript).doesNotContain(secret);
        }
        assertThat(new String(java.nio.file.Files.readAllBytes(b.getRootDir().toPath().resolve("build.xml")),
                java.nio.charset.StandardCharsets.UTF_8)).doesNotContain(SandboxOptions.DEFAULT_CLIENT_SECRET);
    }

    @Test
    void decisionsFollowTheRulesOnlyAndAnUnsettledOneFailsTheBuild() throws Exception {
        FreeStyleProject p = j.createFreeStyleProject("p");
        MaiaAgentTaskBuilder step = new MaiaAgentTaskBuilder(MaiaTestSupport.PROJECT_ID, "development", "main",
                "[scenario:approval-and-question] build the sales pipeline");
        step.setTargetBranchName("feature/sales");
        step.setRejectTools("query_warehouse");
        step.setOnDecision("reject");
        p.getBuildersList().add(step);

        FreeStyleBuild b = j.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        j.assertLogContains("tool query_warehouse rejected by policy", b);
        j.assertLogContains("Skipped query_warehouse because you declined it", b);
        // A question cannot be rejected: the build fails and says how to go on.
        j.assertLogContains("waits for decisions that the step's rules do not settle (onDecision: reject)", b);
        j.assertLogContains("Which load strategy should the pipeline use?", b);
        assertThat(b.getAction(MaiaTaskEnvironmentAction.class)).isNull();
    }

    @Test
    void inputIsRefusedForFreestyleWithAClearMessage() throws Exception {
        FreeStyleProject p = j.createFreeStyleProject("p");
        MaiaAgentTaskBuilder step = new MaiaAgentTaskBuilder(MaiaTestSupport.PROJECT_ID, "development", "main", "m");
        step.setGenerateBranch(true);
        step.setOnDecision("input");
        p.getBuildersList().add(step);
        FreeStyleBuild b = j.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        j.assertLogContains("onDecision 'input' works only through the maiaAgentTask and maiaAgentMessage global variables", b);
        assertThat(sandbox.stats().tasksCreated()).isEmpty();
    }
}
