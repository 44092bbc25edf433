package io.jenkins.plugins.maia.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ideal client of benchmark 6 on hand-made ends: its calls, their order, and the budget's pace. */
class ChainBoundTest {

    private static final Instant T = Instant.parse("2026-12-03T12:00:10Z");
    private static final Duration PACE = Duration.ofSeconds(2);

    @Test
    void oneEndIsSeenByTheNextRoundAndItsDependentCreatedRightAfterItsTwoReads() {
        // Rounds 0, 2, 4 and 6 s after the origin (5 s before the first end): the one at 6 s sees the end at 5 s.
        ChainBound.Result r = ChainBound.of(Map.of("a", T, "b", T.plusSeconds(60)), Map.of("b", List.of("a")), 1, 4,
                PACE);

        assertThat(r.gaps().count()).isEqualTo(1);
        assertThat(r.gaps().p95Millis()).as("the round's wait; the bucket pays the three calls at once")
                .isEqualTo(1_000);
        assertThat(r.rounds()).isEqualTo(4);
    }

    @Test
    void threeEndsSeenTogetherStartTheirDependentsOneChainAfterTheOther() {
        Map<String, Instant> ends = new LinkedHashMap<>();
        Map<String, List<String>> deps = new LinkedHashMap<>();
        for (String d : List.of("a", "b", "c")) {
            ends.put(d, T);
            ends.put(d + "2", T.plusSeconds(100));
            deps.put(d + "2", List.of(d));
        }

        ChainBound.Result r = ChainBound.of(ends, deps, 1, 4, PACE);

        // The round at 6 s leaves 3 tokens: a's chain at once, then one token a second for b's and c's.
        assertThat(r.gaps().count()).isEqualTo(3);
        assertThat(r.gaps().p50Millis()).isEqualTo(4_000);
        assertThat(r.gaps().maxMillis()).isEqualTo(7_000);
    }

    @Test
    void aDependentWaitsForItsLastDependencyAndTwoDependentsOfOneTaskCostTwoCreates() {
        Map<String, Instant> ends = Map.of("a", T, "b", T.plusSeconds(20), "x", T.plusSeconds(90),
                "y", T.plusSeconds(90));
        ChainBound.Result r = ChainBound.of(ends, Map.of("x", List.of("a", "b"), "y", List.of("b")), 1, 2, PACE);

        // b ends 25 s after the origin, seen by the round at 26 s; a bucket of 2 (one left after the round): its
        // reads at 26 and 27 s, the creates at 28 and 29 s.
        assertThat(r.gaps().count()).isEqualTo(2);
        assertThat(r.gaps().p50Millis()).isEqualTo(3_000);
        assertThat(r.gaps().maxMillis()).isEqualTo(4_000);
    }

    @Test
    void aGraphWithoutDependenciesHasNothingToMeasure() {
        assertThat(ChainBound.of(Map.of("a", T), Map.of(), 1, 4, PACE).gaps().count()).isZero();
    }
}
