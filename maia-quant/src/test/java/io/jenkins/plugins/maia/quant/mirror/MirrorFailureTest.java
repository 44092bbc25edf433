package io.jenkins.plugins.maia.quant.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.maia.client.model.TaskStatus;
import io.jenkins.plugins.maia.follower.follow.FollowOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;

/** Quant slow, down or refusing: retries, one warning per kind, no duplicate tasks, a clear line at the end. */
class MirrorFailureTest extends MirrorTestSupport {

    private void finish(MirroredTask t) {
        t.ended(result(FollowOutcome.FINISHED, task(TaskStatus.STOPPED, List.of(), "maia/b"), "Done.", "finished"), null);
    }

    @Test
    void serverErrorsAreRetriedWithOneWarningAndNoSecondTask() {
        quant.failNext(3, 503);
        QuantMirror mirror = mirror();
        MirroredTask t = mirror.add(entry("run", "Fix the orders pipeline"));
        t.started(MAIA_TASK);
        finish(t);
        CompletableFuture<MirrorReport> drained = mirror.drain();
        scheduler.advance(Duration.ofMinutes(1));
        assertThat(drained).isCompleted();
        assertThat(quant.tasks()).hasSize(1);
        assertThat(quant.task("Fix the orders pipeline").path("status").asText()).isEqualTo("completed");
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains("Quant mirror: Quant answers with server errors",
                "Fix the orders pipeline", "503", "keeps retrying", "the Maia task is not affected",
                "Further failures of this kind are not reported");
    }

    @Test
    void failingNowListsOnlyTasksWhoseWriteFailedWithoutWaiting() {
        quant.failNext(1, 503);
        QuantMirror mirror = mirror();
        MirroredTask failing = mirror.add(entry("a", "Task A"));
        scheduler.runReady();
        MirroredTask waiting = mirror.add(entry("b", "Task B"));
        finish(failing);
        finish(waiting);
        MirrorReport now = mirror.failingNow();
        assertThat(now.unwritten()).singleElement().satisfies(u -> {
            assertThat(u.key()).isEqualTo("a");
            assertThat(u.status()).isEqualTo("completed");
            assertThat(u.reason()).contains("not written yet", "503");
        });
        scheduler.advance(Duration.ofMinutes(1));
        assertThat(mirror.failingNow().complete()).as("written after the retry").isTrue();
        assertThat(quant.tasks()).hasSize(2);
    }

    @Test
    void aRetryAfterIsWaitedForAndTheWholeBudgetPauses() {
        quant.failNext(new MockResponse.Builder().code(429).setHeader("Retry-After", "20")
                .setHeader("Content-Type", "application/json").body("{\"message\":\"slow down\"}").build());
        QuantMirror mirror = mirror();
        mirror.add(entry("a", "Task A"));
        scheduler.runReady();
        mirror.add(entry("b", "Task B"));
        scheduler.advance(Duration.ofSeconds(19));
        assertThat(quant.calls()).as("nothing is sent while Quant asked to wait").hasSize(1);
        // After the pause the budget resumes at its steady rate (one call per 2 s at 30 a minute), without a burst.
        scheduler.advance(Duration.ofSeconds(10));
        assertThat(quant.tasks()).hasSize(2);
        assertThat(Duration.between(quant.calls().get(0).at(), quant.calls().get(1).at()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(20));
        assertThat(warnings).singleElement().asString().contains("asks to slow down (429)");
    }

    @Test
    void aRefusedTokenStopsTheMirrorAndTheEndSaysWhatWasNotWritten() {
        quant.failNext(1, 401);
        QuantMirror mirror = mirror();
        MirroredTask t = mirror.add(entry("run", "Fix it"));
        scheduler.runReady();
        t.started(MAIA_TASK);
        finish(t);
        scheduler.advance(Duration.ofMinutes(5));
        assertThat(quant.calls()).as("no call after the refusal").hasSize(1);
        MirrorReport report = mirror.close(Duration.ZERO);
        assertThat(report.complete()).isFalse();
        assertThat(report.unwritten()).singleElement().satisfies(u -> {
            assertThat(u.status()).isEqualTo("completed");
            assertThat(u.reason()).startsWith("Quant refused the token: Quant API 401 Unauthorized");
        });
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).contains("refuses the token", "stops writing to Quant for this run");
        assertThat(warnings.get(1)).startsWith("Quant mirror: the final state (completed) of \"Fix it\" could not be"
                + " written to task list " + LIST + ": Quant refused the token");
    }

    @Test
    void aRefusedRequestStopsOnlyThatTask() {
        quant.failNext(1, 400);
        QuantMirror mirror = mirror();
        mirror.add(entry("a", "Task A"));
        scheduler.runReady();
        MirroredTask b = mirror.add(entry("b", "Task B"));
        finish(b);
        CompletableFuture<MirrorReport> drained = mirror.drain();
        scheduler.advance(Duration.ofSeconds(10));
        assertThat(drained).isCompleted();
        assertThat(quant.task("Task B").path("status").asText()).isEqualTo("completed");
        assertThat(drained.join().unwritten()).extracting(MirrorReport.Unwritten::key).containsExactly("a");
        assertThat(warnings).singleElement().asString().contains("refuses a request", "no longer mirrored");
    }

    @Test
    void aLastStateThatCannotBeWrittenInTimeGetsAClearLine() {
        quant.failNext(1000, 503);
        QuantMirror mirror = mirror();
        MirroredTask t = mirror.add(entry("run", "Fix it"));
        t.ended(result(FollowOutcome.TIMED_OUT, null, null, "no end within 2h"), null);
        CompletableFuture<MirrorReport> drained = mirror.drain();
        scheduler.advance(Duration.ofMinutes(3));
        assertThat(drained).isNotDone();
        MirrorReport report = mirror.close(Duration.ZERO);
        assertThat(report.lines()).singleElement().asString()
                .startsWith("Quant mirror: the final state (failed) of \"Fix it\" could not be written to task list "
                        + LIST + ": not written within 0 s of the end of the run; the last attempt failed: ")
                .contains("503");
        assertThat(warnings).hasSize(2).last().isEqualTo(report.lines().get(0));
        assertThat(quant.calls().size()).as("retries back off to a minute").isBetween(4, 12);
    }

    @Test
    void aCreateWhoseAnswerWasLostIsFoundInsteadOfRepeated() {
        quant.createThenDropNext();
        QuantMirror mirror = mirror();
        MirroredTask t = mirror.add(entry("run", "Fix the orders pipeline"));
        scheduler.runReady();
        assertThat(quant.tasks()).hasSize(1);
        t.started(MAIA_TASK);
        finish(t);
        CompletableFuture<MirrorReport> drained = mirror.drain();
        scheduler.advance(Duration.ofSeconds(20));
        assertThat(drained).isCompleted();
        assertThat(quant.tasks()).as("no second task").hasSize(1);
        assertThat(quant.task("Fix the orders pipeline").path("status").asText()).isEqualTo("completed");
        assertThat(quant.calls().stream().filter(FakeQuant.Call::isCreate)).hasSize(1);
        assertThat(warnings).singleElement().asString().contains("cannot be reached");
    }

    @Test
    void aResumedTaskContinuesItsQuantTaskAndPassesOverOneOfAnotherMaiaTask() {
        String mine = quant.seed("Fix the orders pipeline", LIST, Map.of("maiaTaskId", MAIA_TASK));
        String other = quant.seed("Fix the orders pipeline", LIST, Map.of("maiaTaskId", "another"));
        QuantMirror mirror = mirror();
        MirroredTask t = mirror.addStarted(entry("run", "Fix the orders pipeline"), MAIA_TASK);
        scheduler.runReady();
        finish(t);
        CompletableFuture<MirrorReport> drained = mirror.drain();
        scheduler.advance(Duration.ofSeconds(10));
        assertThat(drained).isCompleted();
        assertThat(quant.calls().stream().filter(FakeQuant.Call::isCreate)).isEmpty();
        assertThat(t.quantTaskId()).contains(mine);
        ObjectNode continued = quant.tasks().get(mine);
        assertThat(continued.path("status").asText()).isEqualTo("completed");
        assertThat(quant.tasks().get(other).path("status").asText()).isEqualTo("blocked");
    }

    @Test
    void aResumedTaskWithNothingToContinueIsCreated() {
        QuantMirror mirror = mirror();
        mirror.addStarted(entry("run", "Fix it"), MAIA_TASK);
        scheduler.advance(Duration.ofSeconds(5));
        assertThat(quant.task("Fix it").path("status").asText()).isEqualTo("in_progress");
        assertThat(quant.task("Fix it").path("metadata").path("maiaTaskId").asText()).isEqualTo(MAIA_TASK);
    }
}
