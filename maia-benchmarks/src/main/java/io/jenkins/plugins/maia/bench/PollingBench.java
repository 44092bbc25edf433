package io.jenkins.plugins.maia.bench;

import io.jenkins.plugins.maia.follower.budget.AccountBudgets;
import io.jenkins.plugins.maia.follower.budget.BudgetSettings;
import io.jenkins.plugins.maia.client.MaiaClient;
import io.jenkins.plugins.maia.follower.follow.FollowOptions;
import io.jenkins.plugins.maia.follower.follow.FollowOutcome;
import io.jenkins.plugins.maia.follower.follow.FollowResult;
import io.jenkins.plugins.maia.follower.follow.FollowState;
import io.jenkins.plugins.maia.follower.follow.PollingPolicy;
import io.jenkins.plugins.maia.follower.follow.TaskFollower;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark 2: the adaptive poller against a fixed 2 s poller over the same scripted tasks.
 *
 * <p>Every script is played twice at the same moment, once per poller, by a sandbox in a child JVM; each poller
 * has its own follower, scheduler, HTTP client (whose requests are counted) and an unlimited budget, so the only
 * difference is the polling policy. The tasks pause for approvals, which the follower's policy gives, so how fast a
 * pause is noticed also changes how long the task takes, as it would for real.
 */
final class PollingBench {

    /**
     * @param scripts       distinct scripted tasks (each followed once per poller)
     * @param model         how the tasks are shaped
     * @param startSpread   tasks start at random offsets within this window (as builds would)
     * @param timeout       give up waiting for the follows after this
     */
    record Params(int scripts, Workload.Model model, Duration startSpread, Duration timeout) {}

    /**
     * A poller under test: its policy, and whether follows of one project share a task list call per interval
     * ({@code TaskFollower.Builder.projectWatch}) or each reads its own task.
     */
    record Variant(String label, PollingPolicy polling, boolean projectWatch) {}

    record VariantResult(String label, PollingPolicy polling, boolean projectWatch, int tasks, int finished, long calls,
            Map<RequestLog.Kind, Long> callsByKind, Distribution changes, Distribution statusChanges) {}

    record Result(List<VariantResult> variants, Duration elapsed, int agentChangesPerPoller, Duration meanTaskLength) {

        VariantResult variant(String label) {
            return variants.stream().filter(v -> v.label().equals(label)).findFirst().orElseThrow();
        }
    }

    static final String ADAPTIVE = "adaptive";
    static final String FIXED = "fixed 2 s";
    static final String ADAPTIVE_PER_TASK = "adaptive, each task on its own";

    /**
     * The follower as shipped (adaptive, with the project watch) against a fixed 2 s poller reading each task; and,
     * for context, the adaptive poller reading each task on its own (the follower before the project watch).
     */
    static List<Variant> defaultVariants() {
        return List.of(new Variant(ADAPTIVE, PollingPolicy.defaults(), true),
                new Variant(FIXED, PollingPolicy.fixed(Duration.ofSeconds(2)), false),
                new Variant(ADAPTIVE_PER_TASK, PollingPolicy.defaults(), false));
    }

    private PollingBench() {}

    static Result run(Params params, List<Variant> variants, Path workDir, long seed) {
        List<Workload.Script> scripts = Workload.generate("polling", params.scripts(), seed, params.model());
        Path scenarios = workDir.resolve("polling-scenarios");
        Workload.write(scenarios, scripts);
        long[] startAt = Workload.startOffsetsMillis(scripts.size(), params.startSpread(), seed ^ 0x5DEECE66DL);

        try (RemoteSandbox sandbox = RemoteSandbox.start(
                new RemoteSandbox.Spec(params.model().pacing(), scenarios, null), workDir)) {
            MaiaClient creator = Harness.client(sandbox.baseUrl(), null);
            List<Poller> pollers = new ArrayList<>();
            for (Variant v : variants) {
                pollers.add(new Poller(v, sandbox.baseUrl()));
            }
            long t0 = System.nanoTime();
            try {
                for (int i = 0; i < scripts.size(); i++) {
                    Harness.sleep(Duration.ofNanos(t0 + startAt[i] * 1_000_000 - System.nanoTime()));
                    for (Poller p : pollers) {
                        p.start(creator, scripts.get(i));
                    }
                }
                List<VariantResult> results = new ArrayList<>();
                long deadline = t0 + params.timeout().toNanos();
                for (Poller p : pollers) {
                    results.add(p.await(deadline));
                }
                Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
                long meanMillis = (long) scripts.stream().mapToLong(s -> s.plannedLength().toMillis()).average()
                        .orElse(0);
                int changes = scripts.stream().mapToInt(Workload.Script::agentEvents).sum();
                return new Result(results, elapsed, changes, Duration.ofMillis(meanMillis));
            } finally {
                for (Poller p : pollers) {
                    p.close();
                }
            }
        }
    }

    /** One poller: its own follower, scheduler and counted HTTP client. */
    private static final class Poller implements AutoCloseable {
        private final Variant variant;
        private final RequestLog log = new RequestLog();
        private final ScheduledExecutorService scheduler;
        private final TaskFollower follower;
        private final MaiaClient client;
        private final FollowOptions options;
        private final List<CompletableFuture<FollowResult>> results = new ArrayList<>();
        private final List<DetectionLog> detections = new ArrayList<>();

        Poller(Variant variant, String baseUrl) {
            this.variant = variant;
            this.scheduler = Harness.scheduler("maia-follow-" + variant.label().replace(' ', '-'));
            this.follower = TaskFollower.builder()
                    .scheduler(scheduler)
                    .budgets(new AccountBudgets(InstantSource.system()))
                    .budgetSettings(new BudgetSettings(1_000_000, 10_000))
                    .projectWatch(variant.projectWatch())
                    .build();
            this.client = Harness.client(baseUrl, Harness.loggedHttp(log));
            this.options = FollowOptions.builder().decisions(Workload.policy()).polling(variant.polling()).build();
        }

        void start(MaiaClient creator, Workload.Script script) {
            String id = Harness.create(creator, script.request(variant.label()));
            DetectionLog detection = new DetectionLog();
            detections.add(detection);
            results.add(follower.follow(client, FollowState.start(id, null), options, detection).result());
        }

        VariantResult await(long deadlineNanos) {
            int finished = 0;
            for (CompletableFuture<FollowResult> r : results) {
                long left = Math.max(1, deadlineNanos - System.nanoTime());
                FollowResult result = r.orTimeout(left, TimeUnit.NANOSECONDS).join();
                if (result.outcome() == FollowOutcome.FINISHED) {
                    finished++;
                }
            }
            DetectionLog.Summary latencies = DetectionLog.summarize(detections);
            return new VariantResult(variant.label(), variant.polling(), variant.projectWatch(), results.size(),
                    finished, log.total(), log.byKind(), latencies.changes(), latencies.statusChanges());
        }

        @Override
        public void close() {
            follower.close();
            Harness.shutdown(scheduler);
        }
    }
}
