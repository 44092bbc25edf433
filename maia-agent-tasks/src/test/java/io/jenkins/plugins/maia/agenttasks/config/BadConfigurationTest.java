package io.jenkins.plugins.maia.agenttasks.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.casc.ConfigurationAsCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A bad value given to the global configuration outside its form (Configuration as Code, a script) is refused with
 * the form's message, naming the field and the fix, and leaves the saved value as it was (found in the real-Jenkins
 * run: region XX9, a plain-http base URL, burst -4 and pollMaxSeconds 0 were applied and exported back).
 */
@WithJenkinsConfiguredWithCode
class BadConfigurationTest {

    @Test
    void settersRefuseWhatTheFormRefuses(JenkinsConfiguredWithCodeRule j) {
        MaiaGlobalConfiguration config = MaiaGlobalConfiguration.get();
        assertThatThrownBy(() -> config.setRegion("XX9")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("XX9");
        assertThatThrownBy(() -> config.setBaseUrl("http://example.com/dpc"))
                .hasMessageContaining("baseUrl").hasMessageContaining("plain http");
        assertThatThrownBy(() -> config.setBurst(-4)).hasMessage("burst must be between 1 and 10000, was -4.");
        assertThatThrownBy(() -> config.setPollMaxSeconds(0)).hasMessageContaining("pollMaxSeconds");
        assertThat(config.getRegion()).isNull();
        assertThat(config.getBaseUrl()).isNull();
        assertThat(config.getBurst()).isEqualTo(MaiaGlobalConfiguration.DEFAULT_BURST);
    }

    @Test
    void configurationAsCodeRefusesABadValue(JenkinsConfiguredWithCodeRule j) throws Exception {
        Path yaml = Files.createTempFile("maia-bad-casc", ".yaml");
        Files.writeString(yaml, "unclassified:\n  maia:\n    burst: -4\n");
        assertThatThrownBy(() -> ConfigurationAsCode.get().configure(yaml.toString()))
                .hasStackTraceContaining("burst must be between 1 and 10000, was -4.");
        assertThat(MaiaGlobalConfiguration.get().getBurst()).isEqualTo(MaiaGlobalConfiguration.DEFAULT_BURST);
    }
}
