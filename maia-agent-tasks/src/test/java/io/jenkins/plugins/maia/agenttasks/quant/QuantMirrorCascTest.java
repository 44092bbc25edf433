package io.jenkins.plugins.maia.agenttasks.quant;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.Util;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import io.jenkins.plugins.casc.model.CNode;
import io.jenkins.plugins.maia.agenttasks.config.QuantMirrorConfiguration;
import io.jenkins.plugins.maia.agenttasks.settings.QuantMirrorSettings;
import jenkins.model.GlobalConfiguration;
import org.junit.jupiter.api.Test;

/** The Quant mirror's configuration applied from Configuration as Code, and exported back to the same values. */
@WithJenkinsConfiguredWithCode
class QuantMirrorCascTest {

    static void assertConfigured() {
        QuantMirrorConfiguration config = GlobalConfiguration.all().get(QuantMirrorConfiguration.class);
        assertThat(config.quantMirrorSettings()).isEqualTo(new QuantMirrorSettings("https://dash.quantgov.cloud",
                "acme-casc", "quant-casc-token"));
        assertThat(config.quantMirrorSettings().enabled()).isTrue();
    }

    @Test
    @ConfiguredWithCode("quant-mirror-casc.yaml")
    void appliesAndExportsTheSameValues(JenkinsConfiguredWithCodeRule j) throws Exception {
        assertConfigured();
        ConfigurationContext context = new ConfigurationContext(ConfiguratorRegistry.get());
        CNode exported = Util.getUnclassifiedRoot(context).get("maiaQuantMirror");
        assertThat(Util.toYamlString(exported)).contains("organisation: \"acme-casc\"")
                .contains("credentialsId: \"quant-casc-token\"").contains("url: \"https://dash.quantgov.cloud\"");
    }
}
