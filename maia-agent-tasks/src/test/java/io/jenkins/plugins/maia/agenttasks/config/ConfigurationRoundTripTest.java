package io.jenkins.plugins.maia.agenttasks.config;

import io.jenkins.plugins.casc.misc.junit.jupiter.AbstractRoundTripTest;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * The Configuration as Code harness's round trip: apply {@code configuration-as-code.yaml}, check it through the
 * web UI, apply it again there, restart with it as {@code jenkins.yaml}, and check the values each time.
 */
class ConfigurationRoundTripTest extends AbstractRoundTripTest {

    @Override
    protected void assertConfiguredAsExpected(JenkinsRule j, String configContent) {
        ConfigurationAsCodeTest.assertConfigured(MaiaGlobalConfiguration.get());
    }

    @Override
    protected String stringInLogExpected() {
        return "maia-casc-credentials";
    }
}
