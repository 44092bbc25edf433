package io.jenkins.plugins.maia.quant.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.maia.client.model.TaskStatus;
import io.jenkins.plugins.maia.follower.follow.FollowOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * A task that leaves {@code blocked} takes its reason off the board: Quant clears it by itself only on the way back to
 * in_progress or pending, so the mirror sends an explicit {@code "blockedReason": null}, and only then.
 */
class MirrorBlockedReasonTest extends MirrorTestSupport {
    private static final String TITLE = "Fix the orders pipeline";

    static Stream<Arguments> waysOutOfBlocked() {
        return Stream.of(
                Arguments.of("completed", (Consumer<MirroredTask>) t -> t.ended(result(FollowOutcome.FINISHED,
                        task(TaskStatus.STOPPED, List.of(), "maia/fix"), "Done.", "finished"), null)),
                Arguments.of("failed", (Consumer<MirroredTask>) t -> t.ended(result(FollowOutcome.ERRORED,
                        task(TaskStatus.ERRORED, List.of(), null), "The warehouse refused me.", "errored"), null)),
                Arguments.of("cancelled", (Consumer<MirroredTask>) t -> t.aborted("the build was aborted")),
                Arguments.of("in_progress", (Consumer<MirroredTask>) t -> t.listener().onStatus(running())));
    }

    @ParameterizedTest(name = "blocked, then {0}")
    @MethodSource("waysOutOfBlocked")
    void theWriteThatLeavesBlockedClearsTheReason(String status, Consumer<MirroredTask> leave) {
        QuantMirror mirror = mirror();
        MirroredTask t = mirror.add(entry("run", TITLE));
        scheduler.runReady();
        t.started(MAIA_TASK);
        t.listener().onStatus(paused(tool("git_push", "Push the branch")));
        scheduler.advance(Duration.ofSeconds(5));
        assertThat(quant.task(TITLE).path("blockedReason").asText()).startsWith("Waiting for a decision: approve or"
                + " reject tool git_push");

        leave.accept(t);
        scheduler.advance(Duration.ofSeconds(5));

        List<FakeQuant.Call> writes = quant.writes();
        assertThat(writes).hasSize(3);
        JsonNode blocked = writes.get(1).body();
        assertThat(blocked.path("status").asText()).isEqualTo("blocked");
        JsonNode left = writes.get(2).body();
        assertThat(left.path("status").asText()).isEqualTo(status);
        assertThat(left.has("blockedReason")).as("the reason is named in the write").isTrue();
        assertThat(left.get("blockedReason").isNull()).as("as an explicit null").isTrue();
        assertThat(quant.task(TITLE).path("status").asText()).isEqualTo(status);
        assertThat(quant.task(TITLE).get("blockedReason").isNull()).as("the board no longer shows it").isTrue();
    }

    @Test
    void updatesOfATaskThatWasNeverBlockedDoNotNameTheReason() {
        QuantMirror mirror = mirror();
        MirroredTask t = mirror.add(entry("run", TITLE));
        scheduler.runReady();
        t.started(MAIA_TASK);
        t.listener().onEvent(agentSays("Looking at the pipeline."));
        scheduler.advance(Duration.ofSeconds(5));
        t.listener().onEvent(agentSays("Found it."));
        scheduler.advance(Duration.ofSeconds(5));
        t.ended(result(FollowOutcome.FINISHED, task(TaskStatus.STOPPED, List.of(), "maia/fix"), "Done.", "finished"), null);
        scheduler.advance(Duration.ofSeconds(5));

        List<FakeQuant.Call> writes = quant.writes();
        assertThat(writes).hasSize(4);
        assertThat(writes.get(3).body().path("status").asText()).isEqualTo("completed");
        assertThat(writes).allSatisfy(w -> assertThat(w.body().has("blockedReason")).as(w.body().toString()).isFalse());
    }

    @Test
    void aProgressUpdateWhileBlockedKeepsTheReason() {
        QuantMirror mirror = mirror();
        MirroredTask t = mirror.add(entry("run", TITLE));
        scheduler.runReady();
        t.started(MAIA_TASK);
        t.listener().onStatus(paused(tool("git_push", "Push the branch")));
        scheduler.advance(Duration.ofSeconds(5));
        t.listener().onEvent(agentSays("I need to push the branch."));
        scheduler.advance(Duration.ofSeconds(5));

        List<FakeQuant.Call> writes = quant.writes();
        assertThat(writes).hasSize(3);
        assertThat(writes.get(2).body().has("blockedReason")).isFalse();
        assertThat(quant.task(TITLE).path("blockedReason").asText()).startsWith("Waiting for a decision");
    }

    @Test
    void aTaskAnEarlierRunLeftBlockedLosesItsReasonWhenThisRunTakesItUp() {
        // maia run left the task paused (blocked, with its reason); maia watch continues the same Quant task.
        String earlier = quant.seed(TITLE, LIST, Map.of("maiaTaskId", MAIA_TASK));
        quant.tasks().get(earlier).put("blockedReason", "Waiting for a decision: approve or reject tool git_push");
        QuantMirror mirror = mirror();
        MirroredTask t = mirror.addStarted(entry("run", TITLE), MAIA_TASK);
        scheduler.runReady();
        scheduler.advance(Duration.ofSeconds(5));
        t.ended(result(FollowOutcome.FINISHED, task(TaskStatus.STOPPED, List.of(), "maia/fix"), "Done.", "finished"), null);
        scheduler.advance(Duration.ofSeconds(5));

        assertThat(quant.calls().stream().filter(FakeQuant.Call::isCreate)).isEmpty();
        assertThat(quant.tasks().get(earlier).path("status").asText()).isEqualTo("completed");
        assertThat(quant.tasks().get(earlier).get("blockedReason").isNull()).isTrue();
        List<FakeQuant.Call> updates = quant.writes();
        assertThat(updates.get(0).body().get("blockedReason").isNull()).as("the first write after taking it up").isTrue();
        assertThat(updates.subList(1, updates.size()))
                .allSatisfy(w -> assertThat(w.body().has("blockedReason")).as(w.body().toString()).isFalse());
    }
}
