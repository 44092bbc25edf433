package io.jenkins.plugins.maia.agenttasks.quant;

import io.jenkins.plugins.casc.misc.junit.jupiter.AbstractRoundTripTest;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * The Configuration as Code harness's round trip of {@code quant-mirror-casc.yaml}: applied, checked and applied
 * again through the web UI, then read as {@code jenkins.yaml} after a restart.
 */
class QuantMirrorRoundTripTest extends AbstractRoundTripTest {

    @Override
    protected String configResource() {
        return "quant-mirror-casc.yaml";
    }

    @Override
    protected void assertConfiguredAsExpected(JenkinsRule j, String configContent) {
        QuantMirrorCascTest.assertConfigured();
    }

    @Override
    protected String stringInLogExpected() {
        return "acme-casc";
    }
}
