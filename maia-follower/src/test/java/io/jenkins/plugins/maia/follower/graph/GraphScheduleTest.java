package io.jenkins.plugins.maia.follower.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.maia.follower.graph.GraphSchedule.Phase;
import io.jenkins.plugins.maia.follower.graph.GraphSchedule.Skip;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scheduling rules alone: no scheduler, clock or API. */
class GraphScheduleTest {

    /** Two roots, a middle that needs both, a leaf; and an unrelated root. */
    private static Map<String, List<String>> threeLevels() {
        Map<String, List<String>> deps = new LinkedHashMap<>();
        deps.put("staging", List.of());
        deps.put("seeds", List.of());
        deps.put("marts", List.of("staging", "seeds"));
        deps.put("docs", List.of("marts"));
        deps.put("lint", List.of());
        return deps;
    }

    @Test
    void tasksStartOnlyOnceEveryDependencyFinishedAndInTheGraphsOrder() {
        GraphSchedule s = new GraphSchedule(threeLevels(), 4, false);
        assertThat(s.startable()).containsExactly("staging", "seeds", "lint");
        assertThat(s.startable()).isEmpty();
        s.ended("staging", true, "FINISHED");
        assertThat(s.startable()).as("marts still waits for seeds").isEmpty();
        s.ended("seeds", true, "FINISHED");
        assertThat(s.startable()).containsExactly("marts");
        s.ended("marts", true, "FINISHED");
        assertThat(s.startable()).containsExactly("docs");
        s.ended("docs", true, "FINISHED");
        assertThat(s.done()).as("lint still runs").isFalse();
        s.ended("lint", true, "FINISHED");
        assertThat(s.done()).isTrue();
    }

    @Test
    void noMoreThanMaxConcurrentRunAtOnceAndAPausedTaskStillCounts() {
        GraphSchedule s = new GraphSchedule(threeLevels(), 2, false);
        assertThat(s.startable()).containsExactly("staging", "seeds");
        // staging is paused for a person: it has not ended, so it still holds its place.
        s.ended("seeds", true, "FINISHED");
        assertThat(s.startable()).containsExactly("lint");
        assertThat(s.running()).isEqualTo(2);
        assertThat(s.startable()).isEmpty();
    }

    @Test
    void aTaskThatDidNotFinishSkipsEveryTaskWaitingForItDirectlyOrNot() {
        GraphSchedule s = new GraphSchedule(threeLevels(), 4, false);
        s.startable();
        GraphSchedule.Consequences c = s.ended("staging", false, "ERRORED");
        assertThat(c.skipped()).containsExactly(
                new Skip("marts", "dependency 'staging' did not finish (ERRORED)"),
                new Skip("docs", "dependency 'marts' was skipped"));
        assertThat(c.toStop()).isEmpty();
        assertThat(s.phase("seeds")).isEqualTo(Phase.RUNNING);
        s.ended("seeds", true, "FINISHED");
        s.ended("lint", true, "FINISHED");
        assertThat(s.startable()).isEmpty();
        assertThat(s.done()).isTrue();
    }

    @Test
    void failFastStopsTheRunningTasksAndSkipsEveryOtherOne() {
        GraphSchedule s = new GraphSchedule(threeLevels(), 4, true);
        s.startable();
        GraphSchedule.Consequences c = s.ended("seeds", false, "TIMED_OUT");
        assertThat(c.toStop()).containsExactly("staging", "lint");
        assertThat(c.skipped()).extracting(Skip::id).containsExactlyInAnyOrder("marts", "docs");
        assertThat(s.startable()).isEmpty();
        // The stopped ones end too, and nothing more follows from them.
        assertThat(s.ended("staging", true, "FINISHED").skipped()).isEmpty();
        assertThat(s.ended("lint", false, "stopped").toStop()).isEmpty();
        assertThat(s.done()).isTrue();
    }

    @Test
    void abortSkipsTheWaitingAndStopsTheRunning() {
        GraphSchedule s = new GraphSchedule(threeLevels(), 1, false);
        s.startable();
        GraphSchedule.Consequences c = s.abort("interrupted");
        assertThat(c.toStop()).containsExactly("staging");
        assertThat(c.skipped()).extracting(Skip::reason).containsOnly("interrupted");
        assertThat(c.skipped()).hasSize(4);
    }

    @Test
    void aTaskFinishedInAnEarlierRunLetsItsDependentsStart() {
        GraphSchedule s = new GraphSchedule(threeLevels(), 4, false);
        s.finishedEarlier("staging");
        s.finishedEarlier("seeds");
        assertThat(s.startable()).containsExactly("marts", "lint");
    }

    @Test
    void aTaskEndsOnlyOnceAndOnlyWhileRunning() {
        GraphSchedule s = new GraphSchedule(threeLevels(), 4, false);
        assertThatThrownBy(() -> s.ended("staging", true, "FINISHED")).hasMessageContaining("WAITING, not RUNNING");
        s.startable();
        s.ended("staging", true, "FINISHED");
        assertThatThrownBy(() -> s.ended("staging", true, "FINISHED")).hasMessageContaining("FINISHED, not RUNNING");
    }

    @Test
    void aRestoredScheduleGoesOnFromTheSavedPhasesAndCountsTheRunningTasks() {
        Map<String, Phase> saved = new LinkedHashMap<>();
        saved.put("staging", Phase.FINISHED);
        saved.put("seeds", Phase.RUNNING);
        saved.put("lint", Phase.RUNNING);
        GraphSchedule s = GraphSchedule.restored(threeLevels(), 2, false, saved, false);
        assertThat(s.running()).isEqualTo(2);
        assertThat(s.startable()).isEmpty(); // marts waits for seeds; docs for marts; no slot is free anyway
        s.ended("seeds", true, "FINISHED");
        assertThat(s.startable()).containsExactly("marts");
        assertThat(s.phase("docs")).isEqualTo(Phase.WAITING);
    }

    @Test
    void aRestoredHaltedScheduleStartsNothingAndAnUnknownTaskIsRefused() {
        GraphSchedule halted = GraphSchedule.restored(threeLevels(), 4, true, Map.of("staging", Phase.NOT_FINISHED),
                true);
        assertThat(halted.halted()).isTrue();
        assertThat(halted.startable()).isEmpty();
        assertThatThrownBy(() -> GraphSchedule.restored(threeLevels(), 4, false, Map.of("stagng", Phase.RUNNING),
                false)).hasMessageContaining("stagng");
    }
}
