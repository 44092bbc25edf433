package io.jenkins.plugins.maia.agenttasks.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import io.jenkins.plugins.maia.client.model.Mode;
import io.jenkins.plugins.maia.agenttasks.settings.ConnectionSettings;
import io.jenkins.plugins.maia.agenttasks.task.BuildTaskFiles;
import io.jenkins.plugins.maia.follower.decision.Fallback;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing of the step options that the runtime and the forms share. */
class TaskOptionsTest {

    @Test
    void toolNamesAreSplitOnCommasAndSpacesAndDeduplicated() throws Exception {
        assertThat(TaskOptions.toolNames("approveTools", " git_push,query_warehouse  git_push ,edit_file"))
                .containsExactly("git_push", "query_warehouse", "edit_file");
        assertThat(TaskOptions.toolNames("approveTools", "  ")).isEmpty();
        assertThatThrownBy(() -> TaskOptions.toolNames("rejectTools", "git_push; rm -rf"))
                .isInstanceOf(AbortException.class).hasMessageContaining("rejectTools").hasMessageContaining("git_push;");
    }

    @Test
    void onDecisionMapsOntoTheFollowersFallbacks() throws Exception {
        assertThat(OnDecision.parse(null, OnDecision.INPUT, true)).isEqualTo(OnDecision.INPUT);
        assertThat(OnDecision.parse("REJECT", OnDecision.INPUT, true).fallback()).isEqualTo(Fallback.REJECT);
        assertThat(OnDecision.parse("input", OnDecision.INPUT, true).fallback()).isEqualTo(Fallback.PAUSE);
        assertThatThrownBy(() -> OnDecision.parse("input", OnDecision.FAIL, false))
                .isInstanceOf(AbortException.class).hasMessageContaining("works only through the maiaAgentTask and maiaAgentMessage global variables");
        assertThatThrownBy(() -> OnDecision.parse("ask", OnDecision.FAIL, true))
                .isInstanceOf(AbortException.class).hasMessageContaining("'ask' is unknown");
    }

    @Test
    void theDecisionPolicyCarriesTheListsAndTheFallback() {
        TaskOptions options = new TaskOptions(new ConnectionSettings("EU1", null, null, "c"), List.of("a"),
                List.of("b"), List.of("c"), OnDecision.REJECT, null, 0, true, true);
        assertThat(options.decisionPolicy().approveOnce()).containsExactly("a");
        assertThat(options.decisionPolicy().approveForTask()).containsExactly("b");
        assertThat(options.decisionPolicy().reject()).containsExactly("c");
        assertThat(options.decisionPolicy().fallback()).isEqualTo(Fallback.REJECT);
    }

    @Test
    void modesAreParsedCaseInsensitively() throws Exception {
        assertThat(StepModes.parse("plan", Mode.ACT)).isEqualTo(Mode.PLAN);
        assertThat(StepModes.parse(" ", Mode.ACT)).isEqualTo(Mode.ACT);
        assertThat(StepModes.parse(null, null)).isNull();
        assertThatThrownBy(() -> StepModes.parse("DO", Mode.ACT)).hasMessageContaining("'DO' is unknown");
    }

    @Test
    void aJobThatChoosesAServerReplacesBothGlobalDefaults() throws Exception {
        ConnectionSettings global = new ConnectionSettings("EU1", "https://proxy.example.com/dpc", null, "g");
        ConnectionSettings job = global.overriddenBy("US1", null, null);
        assertThat(job.resolveBaseUrl()).isEqualTo("https://us1.api.matillion.com/dpc");
        assertThat(job.requireCredentialsId()).isEqualTo("g");
        assertThat(global.overriddenBy(null, null, "j").resolveBaseUrl()).isEqualTo("https://proxy.example.com/dpc");
        assertThatThrownBy(() -> new ConnectionSettings("MOON", null, null, "c").resolveBaseUrl())
                .hasMessageContaining("region 'MOON' is unknown");
        assertThatThrownBy(() -> new ConnectionSettings(null, null, null, null).requireCredentialsId())
                .hasMessageContaining("credentialsId is missing");
    }

    @Test
    void taskIdsThatCannotNameADirectoryAreRefused() throws Exception {
        assertThat(BuildTaskFiles.checkTaskId("550e8400-e29b-41d4-a716-446655440001"))
                .isEqualTo("550e8400-e29b-41d4-a716-446655440001");
        for (String bad : new String[] {"../../secrets", "a/b", "", ".hidden", "x..y"}) {
            assertThatThrownBy(() -> BuildTaskFiles.checkTaskId(bad)).isInstanceOf(AbortException.class);
        }
    }
}
