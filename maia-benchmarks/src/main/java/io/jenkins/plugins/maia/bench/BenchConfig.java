package io.jenkins.plugins.maia.bench;

import io.jenkins.plugins.maia.follower.budget.BudgetSettings;
import java.time.Duration;

/**
 * The size of a benchmark run. {@link #quick()} finishes in about three minutes, {@link #full()} (the README run)
 * in about 15 minutes, {@link #tiny()} is for the smoke test and checks only that the harness works.
 */
record BenchConfig(String name, FootprintBench.Params footprint, PollingBench.Params polling,
        BudgetBench.Params budget, TranscriptBench.Params transcript, SlowMaiaBench.Params slowMaia,
        GraphBench.Params graph) {

    /** One scripted agent step every 100 ms: fine enough for the gaps of the workload model. */
    private static final Duration PACING = Duration.ofMillis(100);
    private static final double APPROVALS = 0.08;

    BenchConfig withBudget(BudgetSettings newBudget) {
        return new BenchConfig(name, footprint, polling, budget.withBudget(newBudget), transcript, slowMaia, graph);
    }

    static BenchConfig quick() {
        return new BenchConfig("quick",
                new FootprintBench.Params(1_000, Duration.ofSeconds(5), 3),
                new PollingBench.Params(4,
                        new Workload.Model(PACING, Duration.ofSeconds(15), Duration.ofSeconds(25), 1.0, APPROVALS),
                        Duration.ofSeconds(3), Duration.ofMinutes(3)),
                new BudgetBench.Params(10,
                        new Workload.Model(PACING, Duration.ofSeconds(10), Duration.ofSeconds(15), 1.0, APPROVALS),
                        Duration.ofSeconds(3), Duration.ofMinutes(4), BudgetSettings.defaults()),
                new TranscriptBench.Params(1_000_000, false),
                new SlowMaiaBench.Params(200, Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(15),
                        Duration.ofSeconds(12), Duration.ofSeconds(8), 8, 10, Duration.ofSeconds(10),
                        Duration.ofMinutes(2)),
                new GraphBench.Params(50, 10, 10,
                        new Workload.Model(PACING, Duration.ofSeconds(10), Duration.ofSeconds(20), 0.5, APPROVALS),
                        Duration.ofMinutes(12)));
    }

    static BenchConfig full() {
        return new BenchConfig("full",
                new FootprintBench.Params(1_000, Duration.ofSeconds(60), 10),
                new PollingBench.Params(12,
                        new Workload.Model(PACING, Duration.ofSeconds(150), Duration.ofSeconds(240), 1.0, APPROVALS),
                        Duration.ofSeconds(30), Duration.ofMinutes(12)),
                new BudgetBench.Params(10,
                        new Workload.Model(PACING, Duration.ofSeconds(180), Duration.ofSeconds(270), 1.0, APPROVALS),
                        Duration.ofSeconds(20), Duration.ofMinutes(15), BudgetSettings.defaults()),
                new TranscriptBench.Params(1_000_000, false),
                new SlowMaiaBench.Params(200, Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(60),
                        Duration.ofSeconds(60), Duration.ofSeconds(8), 8, 10, Duration.ofSeconds(60),
                        Duration.ofMinutes(4)),
                new GraphBench.Params(50, 10, 10,
                        new Workload.Model(PACING, Duration.ofSeconds(20), Duration.ofSeconds(40), 1.0, APPROVALS),
                        Duration.ofMinutes(20)));
    }

    /** Seconds-long tasks with shrunken gaps: exercises every code path, measures nothing meaningful. */
    static BenchConfig tiny() {
        Duration pacing = Duration.ofMillis(20);
        return new BenchConfig("tiny",
                new FootprintBench.Params(20, Duration.ofSeconds(1), 1),
                new PollingBench.Params(2,
                        new Workload.Model(pacing, Duration.ofSeconds(2), Duration.ofSeconds(3), 0.05, 0.3),
                        Duration.ofMillis(200), Duration.ofSeconds(60)),
                new BudgetBench.Params(2,
                        new Workload.Model(pacing, Duration.ofSeconds(1), Duration.ofSeconds(2), 0.05, 0.3),
                        Duration.ofMillis(200), Duration.ofSeconds(90), BudgetSettings.defaults()),
                new TranscriptBench.Params(5_000, false),
                new SlowMaiaBench.Params(12, Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofSeconds(2),
                        Duration.ofSeconds(2), Duration.ofSeconds(1), 4, 3, Duration.ofSeconds(1),
                        Duration.ofSeconds(90)),
                new GraphBench.Params(6, 3, 2,
                        new Workload.Model(pacing, Duration.ofMillis(500), Duration.ofSeconds(1), 0.05, 0.3),
                        Duration.ofSeconds(120)));
    }
}
