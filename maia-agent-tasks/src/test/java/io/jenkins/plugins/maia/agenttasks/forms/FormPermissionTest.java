package io.jenkins.plugins.maia.agenttasks.forms;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.FreeStyleProject;
import hudson.model.Item;
import io.jenkins.plugins.maia.agenttasks.MaiaTestSupport;
import io.jenkins.plugins.maia.agenttasks.config.MaiaGlobalConfiguration;
import io.jenkins.plugins.maia.agenttasks.freestyle.MaiaAgentTaskBuilder;
import io.jenkins.plugins.maia.agenttasks.pipeline.MaiaAgentTaskStep;
import io.jenkins.plugins.maia.sandbox.SandboxServer;
import java.net.URL;
import java.util.List;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.htmlunit.util.NameValuePair;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Form checks and fills are POST-only and permission-checked: a user who may not configure the job gets 403 from a
 * check and no credential ids from a fill; one who may gets both. The global configuration needs Administer.
 */
@WithJenkins
class FormPermissionTest {

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
                .grant(Jenkins.READ, Item.READ).everywhere().to("reader")
                .grant(Jenkins.READ, Item.READ, Item.CONFIGURE).everywhere().to("configurer"));
        j.createFreeStyleProject("free");
        j.createProject(WorkflowJob.class, "pipe");
    }

    @AfterEach
    void tearDown() {
        sandbox.close();
    }

    @Test
    void freestyleChecksAndFillsNeedConfigure() throws Exception {
        String descriptor = "job/free/descriptorByName/" + MaiaAgentTaskBuilder.class.getName() + "/";
        assertThat(post("reader", descriptor + "checkProjectId", "value", "not-a-uuid").getStatusCode())
                .isEqualTo(403);
        WebResult configured = post("configurer", descriptor + "checkProjectId", "value", "not-a-uuid");
        assertThat(configured.getStatusCode()).isEqualTo(200);
        assertThat(configured.body()).contains("projectId: &#039;not-a-uuid&#039; is not a UUID");

        assertThat(post("reader", descriptor + "fillCredentialsIdItems", "credentialsId", "").body())
                .doesNotContain(MaiaTestSupport.TOKEN_CREDENTIALS).doesNotContain(MaiaTestSupport.CLIENT_CREDENTIALS);
        assertThat(post("configurer", descriptor + "fillCredentialsIdItems", "credentialsId", "").body())
                .contains(MaiaTestSupport.TOKEN_CREDENTIALS).contains(MaiaTestSupport.CLIENT_CREDENTIALS);
    }

    @Test
    void checksRefuseGet() throws Exception {
        String url = "job/free/descriptorByName/" + MaiaAgentTaskBuilder.class.getName() + "/checkProjectId?value=x";
        JenkinsRule.WebClient wc = j.createWebClient().withThrowExceptionOnFailingStatusCode(false);
        wc.login("configurer");
        Page page = wc.getPage(new WebRequest(new URL(j.getURL(), url), HttpMethod.GET));
        // @POST cancels the dispatch of any other verb, so Stapler finds no handler.
        assertThat(page.getWebResponse().getStatusCode()).isIn(404, 405);
        assertThat(page.getWebResponse().getContentAsString()).doesNotContain("is not a UUID");
    }

    @Test
    void snippetGeneratorChecksNeedConfigureOnTheJob() throws Exception {
        String descriptor = "job/pipe/descriptorByName/" + MaiaAgentTaskStep.class.getName() + "/";
        assertThat(post("reader", descriptor + "checkApproveTools", "value", "git push!").getStatusCode())
                .isEqualTo(403);
        assertThat(post("configurer", descriptor + "checkApproveTools", "value", "git push!").body())
                .contains("is not a tool name");
    }

    @Test
    void globalConfigurationNeedsAdminister() throws Exception {
        String descriptor = "descriptorByName/" + MaiaGlobalConfiguration.class.getName() + "/";
        assertThat(post("configurer", descriptor + "checkBaseUrl", "value", "http://example.com").getStatusCode())
                .isEqualTo(403);
        assertThat(post("admin", descriptor + "checkBaseUrl", "value", "http://example.com").body())
                .contains("uses plain http, which is only allowed to loopback");
        assertThat(post("configurer", descriptor + "fillCredentialsIdItems", "credentialsId", "").body())
                .doesNotContain(MaiaTestSupport.TOKEN_CREDENTIALS);
        assertThat(post("admin", descriptor + "fillCredentialsIdItems", "credentialsId", "").body())
                .contains(MaiaTestSupport.TOKEN_CREDENTIALS);
    }

    private record WebResult(int getStatusCode, String body) {}

    private WebResult post(String user, String relative, String name, String value) throws Exception {
        JenkinsRule.WebClient wc = j.createWebClient().withThrowExceptionOnFailingStatusCode(false);
        wc.login(user);
        WebRequest req = new WebRequest(new URL(j.getURL(), relative), HttpMethod.POST);
        req.setRequestParameters(List.of(new NameValuePair(name, value)));
        Page page = wc.getPage(wc.addCrumb(req));
        return new WebResult(page.getWebResponse().getStatusCode(), page.getWebResponse().getContentAsString());
    }
}
