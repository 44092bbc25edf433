package io.jenkins.plugins.maia.quant.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A batch continued from its saved state takes up the Quant tasks of its earlier run instead of making second ones. */
class MirrorContinuedBatchTest extends MirrorTestSupport {

    @Test
    void aContinuedBatchAdoptsItsEarlierTasksKeepsTheirResultsAndCreatesOnlyTheMissingOne() {
        String staging = quant.seed("Build the staging models", LIST, Map.of("maiaTaskId", MAIA_TASK));
        String marts = quant.seed("Build the marts", LIST, Map.of());
        QuantMirror mirror = mirror();
        MirroredTask finished = mirror.addFromEarlierRun(entry("staging", "Build the staging models"), MAIA_TASK);
        finished.finishedEarlier(MAIA_TASK, "maia/staging");
        MirroredTask waiting = mirror.addFromEarlierRun(entry("marts", "Build the marts", "staging"), null);
        MirroredTask fresh = mirror.addFromEarlierRun(entry("docs", "Write the docs", "marts"), null);

        CompletableFuture<MirrorReport> drained = mirror.drain();
        scheduler.advance(Duration.ofSeconds(30));

        assertThat(drained).isCompleted();
        assertThat(finished.quantTaskId()).contains(staging);
        assertThat(waiting.quantTaskId()).contains(marts);
        assertThat(quant.tasks()).hasSize(3);
        assertThat(quant.calls().stream().filter(FakeQuant.Call::isCreate)).as("only the task the earlier run never"
                + " wrote is created").singleElement().satisfies(c -> assertThat(c.body().path("title").asText())
                        .isEqualTo("Write the docs"));
        assertThat(quant.tasks().get(staging).path("status").asText()).isEqualTo("completed");
        assertThat(quant.tasks().get(staging).path("metadata").path("targetBranchName").asText())
                .isEqualTo("maia/staging");
        assertThat(quant.calls().stream().filter(c -> c.isUpdate() && c.path().endsWith(staging)))
                .as("the earlier run's result is not overwritten").allSatisfy(c -> assertThat(c.body().has("result"))
                        .isFalse()).isNotEmpty();
        assertThat(quant.tasks().get(marts).path("status").asText()).isEqualTo("pending");
        assertThat(quant.task("Write the docs").path("dependsOn")).extracting(n -> n.asText()).containsExactly(marts);
        assertThat(warnings).isEmpty();
    }
}
