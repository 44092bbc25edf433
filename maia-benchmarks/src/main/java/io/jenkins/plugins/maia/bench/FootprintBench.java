package io.jenkins.plugins.maia.bench;

import io.jenkins.plugins.maia.follower.budget.AccountBudgets;
import io.jenkins.plugins.maia.follower.budget.BudgetSettings;
import io.jenkins.plugins.maia.client.MaiaClient;
import io.jenkins.plugins.maia.client.model.TaskEvent;
import io.jenkins.plugins.maia.follower.follow.FollowHandle;
import io.jenkins.plugins.maia.follower.follow.FollowListener;
import io.jenkins.plugins.maia.follower.follow.FollowOptions;
import io.jenkins.plugins.maia.follower.follow.FollowOutcome;
import io.jenkins.plugins.maia.follower.follow.FollowResult;
import io.jenkins.plugins.maia.follower.follow.FollowState;
import io.jenkins.plugins.maia.follower.follow.TaskFollower;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Benchmark 1: the follower's own threads and retained heap while it follows many long-running tasks at once.
 *
 * <p>The sandbox runs in a child JVM, so only the follower's side is in this JVM. Threads: the threads alive in this
 * JVM that were not alive before the scheduler, the follower and the Maia client were created (the scheduler's,
 * OkHttp's), both at the measurement and at the peak ({@link ThreadMXBean#getPeakThreadCount()} since the
 * baseline). Heap: used heap after full collections with every follow active, minus the same figure taken just
 * before the follows started (with the client, follower and scheduler already created and warmed up by a few
 * short follows, and the tasks already created), divided by the number of follows. What a follow retains is
 * therefore counted whole: its state, last task read, message cursor, timers, budget queue entry, the per-follow
 * client view, the handle and a minimal listener.
 */
final class FootprintBench {

    /**
     * @param follows     tasks followed at once
     * @param settle      how long the follows run (after all have read their task and messages once) before the
     *                    measurement, so polling intervals reach their steady state
     * @param warmupTasks short tasks followed to the end before the baseline
     */
    record Params(int follows, Duration settle, int warmupTasks) {}

    /** Name prefix of the scheduler's threads. */
    static final String SCHEDULER = "maia-follow";

    record Result(int follows, int activeAtMeasurement, int newThreads, int schedulerThreads, int httpThreads,
            int peakNewThreads, List<String> newThreadNames, long baselineHeapBytes, long activeHeapBytes,
            double requestsPerSecond, Duration startup) {

        double heapPerTaskBytes() {
            return (double) (activeHeapBytes - baselineHeapBytes) / follows;
        }
    }

    /** Counts first reads; keeps nothing per event (a real caller's listener would write to a console or file). */
    private static final class FirstReadListener implements FollowListener {
        private final CountDownLatch firstRead;
        private boolean seen;

        FirstReadListener(CountDownLatch firstRead) {
            this.firstRead = firstRead;
        }

        @Override
        public void onEvent(TaskEvent event) {
            if (!seen) {
                seen = true;
                firstRead.countDown();
            }
        }
    }

    private FootprintBench() {}

    static Result run(Params params, Path workDir, long seed) {
        // Long tasks: quiet most of the time (10-60 s gaps), never pausing, longer than any run of this benchmark.
        Workload.Model longModel = new Workload.Model(Duration.ofSeconds(1), Duration.ofMinutes(60),
                Duration.ofMinutes(70), 1.0, 0.0);
        List<Workload.Script> scripts = Workload.generate("footprint", 10, seed, longModel);
        Workload.Model shortModel = new Workload.Model(Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(3), 0.0, 0.0);
        List<Workload.Script> warmups = Workload.generate("warmup", 1, seed, shortModel);
        Path scenarios = workDir.resolve("footprint-scenarios");
        Workload.write(scenarios, scripts);
        Workload.write(scenarios, warmups);

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (RemoteSandbox sandbox = RemoteSandbox.start(
                new RemoteSandbox.Spec(Duration.ofSeconds(1), scenarios, null), workDir)) {
            // Baseline of threads: the harness (child JVM pump, process reaper) is already running.
            Set<Long> before = liveThreadIds();
            int beforeCount = threads.getThreadCount();
            threads.resetPeakThreadCount();

            ScheduledExecutorService scheduler = Harness.scheduler(SCHEDULER);
            TaskFollower follower = TaskFollower.builder()
                    .scheduler(scheduler)
                    .budgets(new AccountBudgets(InstantSource.system()))
                    .budgetSettings(new BudgetSettings(1_000_000, 10_000)) // "unlimited" for this benchmark
                    .build();
            MaiaClient client = Harness.client(sandbox.baseUrl(), null); // the client's default HTTP client
            FollowOptions options = FollowOptions.builder().decisions(Workload.policy()).build();
            try {
                warmUp(follower, client, options, warmups.get(0), params.warmupTasks());
                List<String> taskIds = new ArrayList<>(params.follows());
                for (int i = 0; i < params.follows(); i++) {
                    taskIds.add(Harness.create(client, scripts.get(i % scripts.size()).request("f" + i)));
                }
                long baselineHeap = settledUsedHeap();

                CountDownLatch firstRead = new CountDownLatch(params.follows());
                List<FollowHandle> handles = new ArrayList<>(params.follows());
                long started = System.nanoTime();
                for (String id : taskIds) {
                    handles.add(follower.follow(client, FollowState.start(id, null), options,
                            new FirstReadListener(firstRead)));
                }
                if (!firstRead.await(Math.max(120, params.follows() / 5), TimeUnit.SECONDS)) {
                    throw new IllegalStateException("Only " + (params.follows() - firstRead.getCount()) + " of "
                            + params.follows() + " follows read their task's first messages in time");
                }
                Duration startup = Duration.ofNanos(System.nanoTime() - started);
                long requestsBefore = sandbox.stats().totalRequests();
                long settleStart = System.nanoTime();
                Harness.sleep(params.settle());
                double seconds = (System.nanoTime() - settleStart) / 1e9;
                double rps = (sandbox.stats().totalRequests() - requestsBefore) / seconds;

                long activeHeap = settledUsedHeap();
                int active = follower.activeFollows();
                Set<String> names = new TreeSet<>();
                int newThreads = 0;
                int schedulerThreads = 0;
                int httpThreads = 0;
                for (Thread t : Thread.getAllStackTraces().keySet()) {
                    if (!before.contains(t.getId())) {
                        newThreads++;
                        names.add(t.getName().replaceAll("\\d+", "N"));
                        if (t.getName().startsWith(SCHEDULER)) {
                            schedulerThreads++;
                        } else if (t.getName().startsWith("OkHttp") || t.getName().startsWith("Okio")) {
                            httpThreads++;
                        }
                    }
                }
                int peakNew = threads.getPeakThreadCount() - beforeCount;
                for (FollowHandle h : handles) {
                    if (h.result().isDone()) {
                        throw new IllegalStateException("A follow ended during the measurement: "
                                + describe(h.result()));
                    }
                }
                return new Result(params.follows(), active, newThreads, schedulerThreads, httpThreads, peakNew,
                        List.copyOf(names), baselineHeap, activeHeap, rps, startup);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } finally {
                follower.close();
                Harness.shutdown(scheduler);
            }
        }
    }

    /** Follows a few short tasks to the end, so class loading, JIT and connection setup are not counted. */
    private static void warmUp(TaskFollower follower, MaiaClient client, FollowOptions options,
            Workload.Script script, int tasks) {
        List<CompletableFuture<FollowResult>> results = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            String id = Harness.create(client, script.request("warmup-" + i));
            results.add(follower.follow(client, FollowState.start(id, null), options, new FollowListener() {})
                    .result());
        }
        for (CompletableFuture<FollowResult> r : results) {
            FollowResult result;
            try {
                // get(timeout), not orTimeout(): orTimeout starts a JDK timer thread that would be counted.
                result = r.get(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("A warm-up follow did not finish: " + e, e);
            }
            if (result.outcome() != FollowOutcome.FINISHED) {
                throw new IllegalStateException("A warm-up follow ended " + result.outcome() + ": " + result.detail());
            }
        }
    }

    private static String describe(CompletableFuture<FollowResult> result) {
        try {
            FollowResult r = result.join();
            return r.outcome() + " " + r.detail();
        } catch (RuntimeException e) {
            return e.toString();
        }
    }

    private static Set<Long> liveThreadIds() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getId).collect(Collectors.toSet());
    }

    /**
     * Used heap right after a full collection, the lowest of several (work goes on between them, so the lowest is
     * closest to what is retained).
     */
    static long settledUsedHeap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long lowest = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            lowest = Math.min(lowest, memory.getHeapMemoryUsage().getUsed());
            Harness.sleep(Duration.ofMillis(100));
        }
        return lowest;
    }
}
