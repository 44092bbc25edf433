package io.jenkins.plugins.maia.agenttasks.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.model.FreeStyleProject;
import hudson.model.Item;
import hudson.model.Result;
import io.jenkins.plugins.maia.agenttasks.MaiaTestSupport;
import io.jenkins.plugins.maia.agenttasks.config.QuantMirrorConfiguration;
import io.jenkins.plugins.maia.agenttasks.freestyle.MaiaAgentTaskBuilder;
import io.jenkins.plugins.maia.agenttasks.pipeline.MaiaAgentTaskStep;
import io.jenkins.plugins.maia.agenttasks.settings.QuantMirrorSettings;
import io.jenkins.plugins.maia.sandbox.SandboxServer;
import java.net.URL;
import java.util.List;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.htmlunit.util.NameValuePair;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The Quant mirror's global configuration (off until the organisation and credential are set, kept through the
 * form, bad values refused naming the field), its form checks (POST, Overall/Administer), and {@code quantTaskList}
 * checked on the steps.
 */
@WithJenkins
class QuantMirrorConfigurationTest {

    private SandboxServer sandbox;
    private JenkinsRule j;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        j = rule;
        sandbox = QuantTestSupport.startSandboxWithQuant("happy-path");
        MaiaTestSupport.configure(sandbox);
    }

    @AfterEach
    void tearDown() {
        sandbox.close();
    }

    private static QuantMirrorConfiguration config() {
        return GlobalConfiguration.all().get(QuantMirrorConfiguration.class);
    }

    @Test
    void offUntilOrganisationAndCredentialAreSetAndKeptThroughTheForm() throws Exception {
        QuantMirrorSettings initial = config().quantMirrorSettings();
        assertThat(initial.enabled()).isFalse();
        assertThat(initial.url()).isEqualTo("https://dashboard.quantcdn.io");
        config().setOrganisation("acme");
        assertThat(config().quantMirrorSettings().enabled()).as("no credential yet").isFalse();
        QuantTestSupport.configureQuant("https://dash.quantgov.cloud");

        j.configRoundtrip();
        QuantMirrorSettings kept = config().quantMirrorSettings();
        assertThat(kept).isEqualTo(new QuantMirrorSettings("https://dash.quantgov.cloud", "acme",
                QuantTestSupport.QUANT_CREDENTIALS));
        assertThat(kept.enabled()).isTrue();
    }

    @Test
    void settersRefuseBadValuesNamingTheFieldAndTheFix() {
        assertThatThrownBy(() -> config().setOrganisation("acme corp")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("organisation: 'acme corp' is not an organisation ID");
        assertThatThrownBy(() -> config().setUrl("http://quant.example.com")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("url: ").hasMessageContaining("https");
        assertThat(config().getOrganisation()).isNull();
        assertThat(config().getUrl()).isNull();
    }

    @Test
    void formChecksNeedAdministerAndNameTheProblem() throws Exception {
        QuantTestSupport.configureQuant(sandbox.quantUrl().orElseThrow());
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ, Item.READ, Item.CONFIGURE).everywhere().to("configurer"));
        String descriptor = "descriptorByName/" + QuantMirrorConfiguration.class.getName() + "/";

        assertThat(post("configurer", descriptor + "checkOrganisation", "value", "a/b").status()).isEqualTo(403);
        assertThat(post("admin", descriptor + "checkOrganisation", "value", "a/b").body())
                .contains("organisation: &#039;a/b&#039; is not an organisation ID");
        assertThat(post("admin", descriptor + "checkOrganisation", "value", "").body())
                .contains("No organisation: Maia tasks are not mirrored to Quant.");
        assertThat(post("admin", descriptor + "checkUrl", "value", "http://quant.example.com").body()).contains("url: ");
        assertThat(post("admin", descriptor + "checkUrl", "value", "https://dash.quantgov.cloud").body())
                .doesNotContain("error");
        assertThat(post("configurer", descriptor + "checkCredentialsId", "value", "nope").status()).isEqualTo(403);
        assertThat(post("admin", descriptor + "checkCredentialsId", "value", "nope").body())
                .contains("No Secret text credential &#039;nope&#039;");
        // Only Secret text credentials are offered, and only to administrators.
        assertThat(post("admin", descriptor + "fillCredentialsIdItems", "credentialsId", "").body())
                .contains(QuantTestSupport.QUANT_CREDENTIALS).contains(MaiaTestSupport.TOKEN_CREDENTIALS)
                .doesNotContain(MaiaTestSupport.CLIENT_CREDENTIALS);
        assertThat(post("configurer", descriptor + "fillCredentialsIdItems", "credentialsId", "").body())
                .doesNotContain(QuantTestSupport.QUANT_CREDENTIALS);
        JenkinsRule.WebClient wc = j.createWebClient().withThrowExceptionOnFailingStatusCode(false);
        wc.login("admin");
        Page get = wc.getPage(new WebRequest(new URL(j.getURL(), descriptor + "checkOrganisation?value=a/b"),
                HttpMethod.GET));
        assertThat(get.getWebResponse().getStatusCode()).isIn(404, 405);
    }

    @Test
    void quantTaskListIsCheckedInTheFormsAndWhenTheStepStarts() throws Exception {
        FreeStyleProject free = j.createFreeStyleProject("free");
        WorkflowJob p = j.createProject(WorkflowJob.class, "pipe");
        String freestyle = "job/free/descriptorByName/" + MaiaAgentTaskBuilder.class.getName() + "/checkQuantTaskList";
        String pipeline = "job/pipe/descriptorByName/" + MaiaAgentTaskStep.class.getName() + "/checkQuantTaskList";
        assertThat(post(null, freestyle, "value", "two\nlines").body()).contains("quantTaskList must be one line");
        assertThat(post(null, pipeline, "value", "x".repeat(501)).body()).contains("quantTaskList must be one line");
        assertThat(post(null, pipeline, "value", "nightly-fixes").body()).doesNotContain("quantTaskList");
        assertThat(free).isNotNull();

        p.setDefinition(new CpsFlowDefinition("maiaAgentTask(" + MaiaTestSupport.taskArgs("happy-path",
                "targetBranchName: 'b', quantTaskList: '" + "x".repeat(501) + "'") + ")", true));
        WorkflowRun b = j.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        j.assertLogContains("quantTaskList must be one line of 1 to 500 characters", b);
        assertThat(sandbox.stats().tasksCreated()).as("refused before any call").isEmpty();
    }

    private record Answer(int status, String body) {}

    private Answer post(String user, String relative, String name, String value) throws Exception {
        JenkinsRule.WebClient wc = j.createWebClient().withThrowExceptionOnFailingStatusCode(false);
        if (user != null) {
            wc.login(user);
        }
        WebRequest req = new WebRequest(new URL(j.getURL(), relative), HttpMethod.POST);
        req.setRequestParameters(List.of(new NameValuePair(name, value)));
        Page page = wc.getPage(wc.addCrumb(req));
        return new Answer(page.getWebResponse().getStatusCode(), page.getWebResponse().getContentAsString());
    }
}
