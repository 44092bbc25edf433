package io.jenkins.plugins.maia.agenttasks.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import io.jenkins.plugins.maia.client.model.Mode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A step's create request is refused at start, by the client's own rules, with the step's parameter names. */
class LaunchTest {

    private static final String PROJECT = "550e8400-e29b-41d4-a716-446655440001";

    @Test
    void aCompleteRequestPasses() throws Exception {
        Launch.CreateTask task = new Launch.CreateTask("Fix the orders pipeline", Mode.ACT, PROJECT, "development",
                "main", null, true, null, null, List.of("query_warehouse"));
        assertThat(task.checked()).isSameAs(task);
        assertThat(task.toRequest().agentConfig().generateBranch()).isTrue();
    }

    @Test
    void everyProblemIsReportedAtOnceWithTheStepsParameterNames() {
        Launch.CreateTask task = new Launch.CreateTask(" ", Mode.ACT, "orders-project", null, "main", null, false,
                null, null, List.of());
        assertThatThrownBy(task::checked).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("Maia: message: is blank")
                .hasMessageContaining("projectId: 'orders-project' is not a UUID")
                .hasMessageContaining("environmentName: is missing")
                .hasMessageContaining("targetBranchName: is missing")
                .hasMessageNotContaining("agentConfig.");
    }

    @Test
    void aTargetBranchTogetherWithGenerateBranchIsRefusedAsTheFormSays() {
        Launch.CreateTask task = new Launch.CreateTask("m", Mode.ACT, PROJECT, "development", "main", "feature/x",
                true, null, null, List.of());
        assertThatThrownBy(task::checked).isInstanceOf(AbortException.class)
                .hasMessageContaining("generateBranch: cannot be combined with targetBranchName");
    }
}
