package io.jenkins.plugins.maia.quant.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.maia.client.InvalidRequestException;
import io.jenkins.plugins.maia.client.InvalidRequestException.Violation;
import io.jenkins.plugins.maia.client.model.TaskStatus;
import io.jenkins.plugins.maia.follower.follow.FollowOutcome;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dependencies become Quant ids; what a follow cannot see; bad input to the mirror. */
class MirrorGraphTest extends MirrorTestSupport {

    @Test
    void eachTaskDependsOnTheQuantIdsOfItsDependencies() {
        QuantMirror mirror = mirror();
        MirroredTask staging = mirror.add(entry("staging", "Build the staging models"));
        MirroredTask marts = mirror.add(entry("marts", "Build the marts", "staging"));
        MirroredTask report = mirror.add(entry("report", "Refresh the report", "staging", "marts"));
        scheduler.runReady();
        String stagingId = staging.quantTaskId().orElseThrow();
        String martsId = marts.quantTaskId().orElseThrow();
        assertThat(quant.tasks().get(martsId).path("dependsOn")).extracting(n -> n.asText()).containsExactly(stagingId);
        assertThat(quant.tasks().get(report.quantTaskId().orElseThrow()).path("dependsOn")).extracting(n -> n.asText())
                .containsExactly(stagingId, martsId);
        assertThat(quant.writes()).extracting(c -> c.body().path("status").asText()).containsOnly("pending");
    }

    @Test
    void aDependentWaitsForItsDependencysCreateAndGoesOnWithoutOneThatWasRefused() {
        quant.failNext(1, 503).failNext(1, 400);
        QuantMirror mirror = mirror();
        MirroredTask staging = mirror.add(entry("staging", "Build the staging models"));
        MirroredTask marts = mirror.add(entry("marts", "Build the marts", "staging"));
        scheduler.runReady();
        assertThat(quant.calls()).as("marts waits for staging's create").hasSize(1);
        scheduler.advance(Duration.ofSeconds(5));
        assertThat(staging.quantTaskId()).isEmpty();
        assertThat(marts.quantTaskId()).isPresent();
        assertThat(quant.task("Build the marts").has("dependsOn")).isFalse();
    }

    @Test
    void whatAFollowCannotSeeIsMappedToo() {
        QuantMirror mirror = mirror();
        MirroredTask waiting = mirror.add(entry("w", "Waits"));
        MirroredTask skipped = mirror.add(entry("s", "Skipped one"));
        MirroredTask aborted = mirror.add(entry("a", "Aborted one"));
        MirroredTask gaveUp = mirror.add(entry("g", "Given up"));
        MirroredTask paused = mirror.add(entry("p", "Paused one"));
        MirroredTask stopped = mirror.add(entry("x", "Stopped one"));
        MirroredTask stoppedElsewhere = mirror.add(entry("e", "Stopped elsewhere"));
        waiting.waitingForDependencies();
        skipped.skipped("dependency 'staging' did not finish (ERRORED)");
        aborted.aborted("the build was aborted");
        gaveUp.gaveUp("Maia API 403 Forbidden on GET /v1/ai/agents/tasks/x");
        paused.ended(result(FollowOutcome.NEEDS_DECISION, paused(tool("git_push", "Push")), null, "paused",
                tool("git_push", "Push")), null);
        stopped.ended(result(FollowOutcome.STOPPED_ON_REQUEST, task(TaskStatus.STOPPED, List.of(), null), null,
                "stop requested"), null);
        stoppedElsewhere.ended(result(FollowOutcome.STOPPED, task(TaskStatus.STOPPED, List.of(), null), null,
                "stopped in the Maia UI"), null);
        java.util.concurrent.CompletableFuture<MirrorReport> drained = mirror.drain();
        // Seven creates and six updates under the mirror's 30 a minute: the budget spreads them over about 20 s.
        scheduler.advance(Duration.ofSeconds(40));
        assertThat(drained).isCompleted();
        assertThat(quant.task("Waits").path("status").asText()).isEqualTo("pending");
        assertThat(quant.task("Skipped one").path("status").asText()).isEqualTo("cancelled");
        assertThat(quant.task("Skipped one").path("progressMessage").asText())
                .isEqualTo("Skipped: dependency 'staging' did not finish (ERRORED)");
        assertThat(quant.task("Aborted one").path("progressMessage").asText()).isEqualTo("Aborted: the build was aborted");
        assertThat(quant.task("Given up").path("status").asText()).isEqualTo("failed");
        assertThat(quant.task("Given up").path("error").asText()).startsWith("Gave up following the Maia task: Maia API 403");
        assertThat(quant.task("Paused one").path("status").asText()).isEqualTo("blocked");
        assertThat(quant.task("Paused one").path("blockedReason").asText()).contains("git_push", "Who may answer");
        assertThat(quant.task("Stopped one").path("status").asText()).isEqualTo("cancelled");
        assertThat(quant.task("Stopped one").path("progressMessage").asText()).isEqualTo("Stopped on request: stop requested");
        assertThat(quant.task("Stopped elsewhere").path("status").asText()).isEqualTo("cancelled");
        assertThat(quant.task("Stopped elsewhere").path("progressMessage").asText())
                .isEqualTo("Stopped: stopped in the Maia UI");
    }

    @Test
    void badInputNamesTheField() {
        QuantMirror mirror = mirror();
        mirror.add(entry("a", "A"));
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
                () -> mirror.add(entry("a", "again", "nope")));
        assertThat(e.violations()).extracting(Violation::field).containsExactly("key", "dependsOn[0]");
        assertThat(e.getMessage()).contains("'a' is already mirrored", "'nope' was not added");
        InvalidRequestException b = catchThrowableOfType(InvalidRequestException.class,
                () -> QuantMirror.builder().taskListId(" ").build());
        assertThat(b.violations()).extracting(Violation::field).containsExactly("client", "taskListId", "createdByAgentId");
    }

    @Test
    void tasksBeyondTheLimitAreNotMirroredAndSaidSoOnce() {
        QuantMirror mirror = mirrorBuilder().maxTasks(1).build();
        mirror.add(entry("a", "A"));
        MirroredTask b = mirror.add(entry("b", "B"));
        MirroredTask c = mirror.add(entry("c", "C"));
        b.started(MAIA_TASK);
        b.listener().onStatus(running());
        scheduler.advance(Duration.ofSeconds(10));
        assertThat(quant.tasks()).hasSize(1);
        assertThat(b.quantTaskId()).isEmpty();
        assertThat(c.key()).isNull();
        assertThat(warnings).singleElement().asString().contains("already 1 tasks", "\"b\"");
    }
}
