package io.jenkins.plugins.maia.quant.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.client.model.Mode;
import io.jenkins.plugins.maia.client.model.TaskStatus;
import io.jenkins.plugins.maia.follower.follow.FollowOptions;
import io.jenkins.plugins.maia.follower.follow.FollowOutcome;
import io.jenkins.plugins.maia.follower.graph.GraphState;
import io.jenkins.plugins.maia.follower.graph.GraphTask;
import io.jenkins.plugins.maia.follower.graph.GraphTaskResult;
import io.jenkins.plugins.maia.follower.graph.TaskGraph;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A task graph on the board: every task up front, dependencies first, and each way a graph task can end. */
class GraphMirrorTest extends MirrorTestSupport {

    private static GraphTask task(String id, String message, String... dependsOn) {
        return new GraphTask(id, List.of(dependsOn), CreateTaskRequest.builder().message(message).mode(Mode.ACT)
                .projectId(PROJECT).environmentName("dev").sourceBranchName("main").generateBranch(true).build(),
                FollowOptions.builder().build(), null);
    }

    @Test
    void everyTaskIsOnTheBoardWithItsDependenciesAndEndsAsItsGraphTaskEnded() {
        // The dependent comes first in the graph: the board still needs its dependencies' Quant ids first.
        TaskGraph graph = new TaskGraph(List.of(task("marts", "Build the marts", "staging", "seeds"),
                task("staging", "Build the staging models"), task("seeds", "Load the seeds"),
                task("docs", "Write the docs", "marts"), task("report", "Refresh the report", "seeds")), 4, false);
        QuantMirror mirror = mirror();
        GraphMirror board = GraphMirror.add(mirror, graph, GraphState.empty(), "the user at the maia terminal", null);
        scheduler.runReady();
        assertThat(quant.writes()).extracting(c -> c.body().path("status").asText()).containsOnly("pending");
        assertThat(quant.task("Build the marts").path("dependsOn")).extracting(n -> n.asText()).containsExactly(
                board.task("staging").quantTaskId().orElseThrow(), board.task("seeds").quantTaskId().orElseThrow());

        assertThat(board.started("staging", MAIA_TASK)).isNotNull();
        board.ended(new GraphTaskResult("staging", GraphTaskResult.Kind.FINISHED, MAIA_TASK, result(
                FollowOutcome.FINISHED, task(TaskStatus.STOPPED, List.of(), "maia/staging"), "Done.", "finished"),
                null, null, null, "maia/staging"), "build/maia/staging.md");
        board.ended(new GraphTaskResult("seeds", GraphTaskResult.Kind.FAILED, null, null, "Could not complete POST",
                null, null, null), null);
        board.ended(new GraphTaskResult("marts", GraphTaskResult.Kind.SKIPPED, null, null,
                "dependency 'seeds' did not finish (FAILED)", null, null, null), null);
        board.ended(new GraphTaskResult("report", GraphTaskResult.Kind.STOPPED, null, null,
                "failFast: 'seeds' did not finish (FAILED)", null, null, null), null);
        CompletableFuture<MirrorReport> drained = mirror.drain();
        scheduler.advance(Duration.ofSeconds(30));

        assertThat(drained).isCompleted();
        assertThat(quant.task("Build the staging models").path("status").asText()).isEqualTo("completed");
        assertThat(quant.task("Build the staging models").path("result").path("transcript").asText())
                .isEqualTo("build/maia/staging.md");
        assertThat(quant.task("Load the seeds").path("status").asText()).isEqualTo("failed");
        assertThat(quant.task("Load the seeds").path("error").asText()).contains("Could not complete POST");
        assertThat(quant.task("Build the marts").path("status").asText()).isEqualTo("cancelled");
        assertThat(quant.task("Build the marts").path("progressMessage").asText())
                .isEqualTo("Skipped: dependency 'seeds' did not finish (FAILED)");
        assertThat(quant.task("Refresh the report").path("status").asText()).isEqualTo("cancelled");
        assertThat(quant.task("Write the docs").path("status").asText()).as("never told: still waiting")
                .isEqualTo("pending");
        assertThat(board.started("nope", MAIA_TASK)).isNull();
    }
}
