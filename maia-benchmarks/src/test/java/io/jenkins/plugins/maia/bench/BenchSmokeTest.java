package io.jenkins.plugins.maia.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs each benchmark at a tiny size and checks that the harness produces sane figures: counts that add up,
 * figures in their possible range, every task followed to its end. No figure is compared with its target and no
 * duration is asserted: speed is measured by the benchmark runs, not here.
 */
class BenchSmokeTest {

    private static final BenchConfig TINY = BenchConfig.tiny();
    private static final long SEED = 7;

    @TempDir
    Path work;

    @Test
    void footprintCountsTheFollowersThreadsAndHeap() {
        FootprintBench.Result r = FootprintBench.run(TINY.footprint(), work, SEED);

        assertThat(r.follows()).isEqualTo(TINY.footprint().follows());
        assertThat(r.activeAtMeasurement()).isEqualTo(r.follows());
        // The scheduler's threads were created after the baseline, so at least those are counted.
        assertThat(r.newThreadNames()).contains("maia-follow-N");
        assertThat(r.newThreads()).isBetween(Harness.SCHEDULER_THREADS, 64);
        assertThat(r.peakNewThreads()).isGreaterThanOrEqualTo(r.newThreads());
        assertThat(r.baselineHeapBytes()).isPositive();
        assertThat(r.activeHeapBytes()).isPositive();
        assertThat(r.heapPerTaskBytes()).isFinite();
        assertThat(r.requestsPerSecond()).isPositive();
    }

    @Test
    void pollingComparisonSeesEveryAgentChangeWithEveryPoller() {
        PollingBench.Result r = PollingBench.run(TINY.polling(), PollingBench.defaultVariants(), work, SEED);

        assertThat(r.variants()).extracting(PollingBench.VariantResult::label)
                .containsExactly(PollingBench.ADAPTIVE, PollingBench.FIXED, PollingBench.ADAPTIVE_PER_TASK);
        // The shipped poller watches the project through the task list; the two others read each task.
        assertThat(r.variant(PollingBench.ADAPTIVE).callsByKind()).containsKey(RequestLog.Kind.LIST_TASKS);
        assertThat(r.variant(PollingBench.FIXED).callsByKind()).doesNotContainKey(RequestLog.Kind.LIST_TASKS);
        assertThat(r.variant(PollingBench.ADAPTIVE_PER_TASK).callsByKind())
                .doesNotContainKey(RequestLog.Kind.LIST_TASKS);
        for (PollingBench.VariantResult v : r.variants()) {
            assertThat(v.tasks()).isEqualTo(TINY.polling().scripts());
            assertThat(v.finished()).isEqualTo(v.tasks());
            // Every change the scripts make is seen exactly once, by both pollers.
            assertThat(v.changes().count()).isEqualTo(r.agentChangesPerPoller());
            assertThat(v.statusChanges().count()).isBetween(v.tasks(), v.changes().count());
            assertThat(v.calls()).isEqualTo(v.callsByKind().values().stream().mapToLong(Long::longValue).sum());
            assertThat(v.callsByKind()).containsKeys(RequestLog.Kind.GET_TASK, RequestLog.Kind.GET_MESSAGES);
            assertSane(v.changes());
            assertSane(v.statusChanges());
        }
    }

    @Test
    void budgetRunCountsRequestsOnBothSidesAlike() {
        BudgetBench.Result r = BudgetBench.run(TINY.budget(), work, SEED);

        assertThat(r.finished()).isEqualTo(r.tasks());
        assertThat(r.byKind().get(RequestLog.Kind.CREATE)).isGreaterThanOrEqualTo(r.tasks());
        // The client's count and the server's count are of the same requests.
        assertThat(r.serverRequests()).isEqualTo(r.requests());
        assertThat(r.tooManySentByServer()).isEqualTo(r.tooManyReceived());
        assertThat(r.tooManyWhen()).hasSize((int) r.tooManyReceived());
        assertThat(r.peakPerMinute()).isBetween(1, (int) r.requests());
        assertThat(r.requestsPerMinute()).isPositive();
        assertThat(r.largestBurst()).isBetween(1.0, (double) r.requests());
        assertSane(r.changes());
        assertThat(r.changes().count()).isPositive();
    }

    @Test
    void taskGraphRunsEveryTaskAfterItsDependenciesAndMeasuresTheGaps() {
        GraphBench.Result r = GraphBench.run(TINY.graph(), work, SEED);

        assertThat(r.finished()).isEqualTo(r.tasks());
        assertThat(r.byKind().get(RequestLog.Kind.CREATE)).isGreaterThanOrEqualTo(r.tasks());
        assertThat(r.startedTooEarly()).isZero();
        // Every task past the first level has dependencies, and each gave one gap on each side.
        int firstLevel = (r.tasks() + r.levels() - 1) / r.levels();
        assertThat(r.withDependencies()).isEqualTo(r.tasks() - firstLevel);
        assertThat(r.startGaps().count()).isEqualTo(r.withDependencies());
        assertThat(r.engineGaps().count()).isEqualTo(r.withDependencies());
        assertSane(r.engineGaps());
        assertThat(r.tooManySentByServer()).isEqualTo(r.tooManyReceived());
        assertThat(r.requestsPerMinute()).isPositive();
    }

    @Test
    void theTaskGraphWithTheQuantMirrorOnPutsEveryTaskOnTheBoardAndWritesEachAtMostOnceIn5Seconds() {
        GraphBench.Result r = GraphBench.run(TINY.graph(), work, SEED, true);

        assertThat(r.finished()).isEqualTo(r.tasks());
        assertThat(r.startedTooEarly()).isZero();
        assertThat(r.mirrored()).isTrue();
        assertThat(r.quant().tasksOnBoard()).isEqualTo(r.tasks());
        assertThat(r.quant().lastStatesUnwritten()).isZero();
        assertThat(r.quant().writes()).as("a create and at least the last state each").isGreaterThanOrEqualTo(
                2 * r.tasks());
        assertThat(r.quant().tasksWithCloseWrites()).isZero();
        assertThat(r.quant().warnings()).isZero();
        Report report = new Report("tiny");
        report.graph(r);
        assertThat(report.figures()).anySatisfy(f -> assertThat(f.benchmark()).endsWith("Quant mirror on"));
    }

    @Test
    void theBenchmarksGraphHasItsLevelsAndNoOtherDependencies() {
        var deps = GraphBench.dependencies(50, 10, SEED);

        assertThat(deps).hasSize(50);
        for (int i = 0; i < 50; i++) {
            int level = i / 5;
            if (level == 0) {
                assertThat(deps.get(i)).isEmpty();
            } else {
                assertThat(deps.get(i)).isNotEmpty().hasSizeLessThanOrEqualTo(2).doesNotHaveDuplicates()
                        .allMatch(d -> d / 5 == level - 1);
            }
        }
    }

    @Test
    void transcriptExportReportsRateAndPeakHeapOfTheChild() {
        TranscriptBench.Result r = TranscriptBench.run(TINY.transcript(), work, SEED);

        assertThat(r.events()).isEqualTo(TINY.transcript().events());
        assertThat(r.jsonlBytes()).isGreaterThan(r.events() * 50L);
        assertThat(r.renderSeconds()).isPositive();
        assertThat(r.renderEventsPerSecond()).isPositive();
        assertThat(r.markdownBytes()).isPositive();
        assertThat(r.htmlBytes()).isPositive();
        // The child runs with -Xmx64m: whatever it used fits under that limit.
        assertThat(r.heapMaxBytes()).isLessThanOrEqualTo(64L * 1024 * 1024);
        assertThat(r.peakUsedBytes()).isPositive().isLessThanOrEqualTo(r.heapMaxBytes());
        assertThat(r.maxLiveAfterGcBytes()).isLessThanOrEqualTo(r.peakUsedBytes());
    }

    @Test
    void slowThenHungMaiaIsFollowedWithoutTheCallersThreads() {
        SlowMaiaBench.Result r = SlowMaiaBench.run(TINY.slowMaia(), work);
        SlowMaiaBench.Params p = TINY.slowMaia();

        assertThat(r.problems()).isEmpty();
        assertThat(r.trueOutcomes()).isEqualTo(p.follows());
        assertThat(r.tasksCreated()).as("one task per launch, however the creates failed").isEqualTo(p.follows());
        assertThat(r.createHandOvers()).isGreaterThanOrEqualTo(p.follows());
        // What the benchmark is about: not a speed, a behaviour.
        assertThat(r.peakCallerBusy()).as("caller threads waiting on Maia").isZero();
        assertThat(r.controlPeakCallerBusy()).as("the sampler sees a caller that does wait").isPositive();
        assertThat(r.peakFollowerThreads()).isBetween(1, p.followerThreads());
        assertThat(r.phases()).extracting(ThreadSampler.PhaseFigures::phase).contains(SlowMaiaBench.CONTROL,
                "hung (no answer)", "recovered");
        assertThat(r.phases()).allSatisfy(f -> assertThat(f.samples()).isPositive());
        assertThat(r.serverRequests()).isGreaterThanOrEqualTo(p.follows());
    }

    @Test
    void theSamplerRecognisesEveryWayOfWaitingOnMaia() {
        StackTraceElement idle = new StackTraceElement("java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue",
                "take", null, 1);
        StackTraceElement call = new StackTraceElement("okhttp3.internal.connection.RealCall", "execute", null, 1);
        StackTraceElement sleep = new StackTraceElement("java.lang.Thread", "sleep", null, 1);
        StackTraceElement budget = new StackTraceElement("io.jenkins.plugins.maia.follower.budget.AccountBudget",
                "acquire", null, 1);
        StackTraceElement handOver = new StackTraceElement("io.jenkins.plugins.maia.client.internal.Transport", "submit",
                null, 1);

        assertThat(ThreadSampler.busyWithMaia(new StackTraceElement[] {call, idle})).isTrue();
        assertThat(ThreadSampler.busyWithMaia(new StackTraceElement[] {sleep})).isTrue();
        assertThat(ThreadSampler.busyWithMaia(new StackTraceElement[] {budget})).isTrue();
        assertThat(ThreadSampler.busyWithMaia(new StackTraceElement[] {idle})).isFalse();
        assertThat(ThreadSampler.busyWithMaia(new StackTraceElement[] {handOver, idle})).as("handing over").isFalse();
    }

    private static void assertSane(Distribution d) {
        if (d.count() == 0) {
            return;
        }
        assertThat(d.p50Millis()).isGreaterThanOrEqualTo(0);
        assertThat(d.p50Millis()).isLessThanOrEqualTo(d.p95Millis());
        assertThat(d.p95Millis()).isLessThanOrEqualTo(d.maxMillis());
        assertThat(d.maxMillis()).isLessThan(120_000);
    }
}
