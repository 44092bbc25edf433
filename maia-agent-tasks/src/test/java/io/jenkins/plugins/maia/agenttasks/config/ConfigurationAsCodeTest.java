package io.jenkins.plugins.maia.agenttasks.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.Util;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import io.jenkins.plugins.casc.model.CNode;
import org.junit.jupiter.api.Test;

/** The global configuration applied from Configuration as Code, and exported back to the same values. */
@WithJenkinsConfiguredWithCode
class ConfigurationAsCodeTest {

    static void assertConfigured(MaiaGlobalConfiguration config) {
        assertThat(config.getRegion()).isEqualTo("US1");
        assertThat(config.getBaseUrl()).isNull();
        assertThat(config.getCredentialsId()).isEqualTo("maia-casc-credentials");
        assertThat(config.getTokenUrl()).isEqualTo("https://id.example.com/oauth/dpc/token");
        assertThat(config.getPollInitialSeconds()).isEqualTo(2);
        assertThat(config.getPollMaxSeconds()).isEqualTo(20);
        assertThat(config.getDefaultTimeoutMinutes()).isEqualTo(45);
        assertThat(config.getRequestsPerMinute()).isEqualTo(30);
        assertThat(config.getBurst()).isEqualTo(3);
    }

    @Test
    @ConfiguredWithCode("configuration-as-code.yaml")
    void appliesAndExportsTheSameValues(JenkinsConfiguredWithCodeRule j) throws Exception {
        assertConfigured(MaiaGlobalConfiguration.get());
        ConfigurationContext context = new ConfigurationContext(ConfiguratorRegistry.get());
        CNode exported = Util.getUnclassifiedRoot(context).get("maia");
        String yaml = Util.toYamlString(exported);
        assertThat(yaml).contains("region: \"US1\"").contains("credentialsId: \"maia-casc-credentials\"")
                .contains("defaultTimeoutMinutes: 45").contains("burst: 3").doesNotContain("baseUrl");
    }
}
