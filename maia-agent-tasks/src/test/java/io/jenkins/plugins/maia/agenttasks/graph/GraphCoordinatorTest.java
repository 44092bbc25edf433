package io.jenkins.plugins.maia.agenttasks.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.maia.agenttasks.action.MaiaTaskGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The graph's gates without Jenkins: when a branch may start, when it is skipped, and that the graph goes on from
 * its saved record as it would after a restart.
 */
class GraphCoordinatorTest {

    private final AtomicReference<MaiaTaskGraph> saved = new AtomicReference<>();

    private static MaiaTaskGraph.Task task(String id, String... deps) {
        return new MaiaTaskGraph.Task(id, List.of(deps), "WAITING", null, null, null);
    }

    private GraphCoordinator coordinator(int maxConcurrent, boolean failFast) {
        MaiaTaskGraph graph = new MaiaTaskGraph("tasks-1", maxConcurrent, failFast, false, List.of(
                task("staging"), task("seeds"), task("marts", "staging", "seeds"), task("docs", "marts")), null);
        saved.set(graph);
        return new GraphCoordinator(graph, saved::set);
    }

    /** A gate that remembers what it was told. */
    private static final class Told implements GraphCoordinator.Gate {
        final List<String> said = new ArrayList<>();

        @Override
        public void start() {
            said.add("start");
        }

        @Override
        public void skip(String reason) {
            said.add("skip: " + reason);
        }
    }

    @Test
    void aTaskStartsOnlyOnceItsDependenciesFinishedAndWithinMaxConcurrent() {
        GraphCoordinator c = coordinator(1, false);
        Told staging = new Told();
        Told seeds = new Told();
        Told marts = new Told();
        c.arrive("marts", marts);
        c.arrive("seeds", seeds);
        c.arrive("staging", staging);
        assertThat(staging.said).containsExactly("start"); // first in the graph's order, one slot
        assertThat(seeds.said).isEmpty();
        assertThat(marts.said).isEmpty();
        c.ended("staging", "FINISHED", "t-1", null);
        assertThat(seeds.said).containsExactly("start");
        assertThat(marts.said).isEmpty();
        c.ended("seeds", "FINISHED", "t-2", null);
        assertThat(marts.said).containsExactly("start");
        assertThat(saved.get().task("staging").getMaiaTaskId()).isEqualTo("t-1");
        assertThat(saved.get().task("marts").getPhase()).isEqualTo("RUNNING");
        assertThat(saved.get().task("docs").getPhase()).isEqualTo("WAITING");
    }

    @Test
    void aTaskThatDidNotFinishSkipsItsDependentsWithTheReason() {
        GraphCoordinator c = coordinator(4, false);
        Told marts = new Told();
        Told docs = new Told();
        c.arrive("staging", new Told());
        c.arrive("seeds", new Told());
        c.arrive("marts", marts);
        c.arrive("docs", docs);
        c.ended("seeds", "ERRORED", "t-2", "the agent failed");
        assertThat(marts.said).containsExactly("skip: dependency 'seeds' did not finish (ERRORED)");
        assertThat(docs.said).containsExactly("skip: dependency 'marts' was skipped");
        assertThat(saved.get().task("seeds").getOutcome()).isEqualTo("ERRORED");
        assertThat(saved.get().task("seeds").getReason()).isEqualTo("the agent failed");
        assertThat(saved.get().task("marts").getPhase()).isEqualTo("SKIPPED");
        assertThat(c.done()).isFalse(); // staging still runs
        c.ended("staging", "FINISHED", "t-1", null);
        assertThat(c.done()).isTrue();
    }

    @Test
    void failFastHaltsTheGraphAndSkipsEveryTaskNotStarted() {
        GraphCoordinator c = coordinator(4, true);
        Told marts = new Told();
        c.arrive("staging", new Told());
        c.arrive("marts", marts);
        c.ended("staging", "TIMED_OUT", null, null);
        assertThat(marts.said).singleElement().asString().startsWith("skip: ");
        assertThat(saved.get().isHalted()).isTrue();
        assertThat(saved.get().task("docs").getPhase()).isEqualTo("SKIPPED");
        Told seeds = new Told(); // seeds was started (RUNNING) before the failure: its gate still opens
        c.arrive("seeds", seeds);
        assertThat(seeds.said).containsExactly("start");
    }

    @Test
    void afterARestartTheGraphGoesOnFromItsRecordAndAnEndTwiceCountsOnce() {
        GraphCoordinator before = coordinator(4, false);
        before.arrive("staging", new Told());
        before.arrive("seeds", new Told());
        before.ended("staging", "FINISHED", "t-1", null);
        // The controller restarts: a new coordinator from the last saved record; the gates come back.
        GraphCoordinator after = new GraphCoordinator(saved.get(), saved::set);
        Told seeds = new Told();
        Told marts = new Told();
        after.arrive("seeds", seeds);
        after.arrive("marts", marts);
        assertThat(seeds.said).containsExactly("start"); // it was running: its branch goes on
        assertThat(marts.said).isEmpty();
        after.ended("staging", "ERRORED", null, null); // a late duplicate: the first word stands
        assertThat(saved.get().task("staging").getOutcome()).isEqualTo("FINISHED");
        after.ended("seeds", "FINISHED", "t-2", null);
        assertThat(marts.said).containsExactly("start");
    }

    @Test
    void aBranchInterruptedAtItsGateAbortsTheGraph() {
        GraphCoordinator c = coordinator(1, false);
        Told seeds = new Told();
        c.arrive("staging", new Told());
        c.arrive("seeds", seeds);
        c.leave("seeds");
        c.ended("seeds", "ABORTED", null, null);
        assertThat(seeds.said).isEmpty(); // it left; nobody to tell
        assertThat(saved.get().task("marts").getPhase()).isEqualTo("SKIPPED");
        assertThat(saved.get().task("seeds").getReason()).isEqualTo("the build was interrupted");
    }
}
