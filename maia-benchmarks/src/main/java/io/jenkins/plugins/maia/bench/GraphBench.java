package io.jenkins.plugins.maia.bench;

import io.jenkins.plugins.maia.client.MaiaClient;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.follower.budget.AccountBudgets;
import io.jenkins.plugins.maia.follower.budget.BudgetSettings;
import io.jenkins.plugins.maia.follower.follow.FollowListener;
import io.jenkins.plugins.maia.follower.follow.FollowOptions;
import io.jenkins.plugins.maia.follower.follow.FollowResult;
import io.jenkins.plugins.maia.follower.follow.TaskFollower;
import io.jenkins.plugins.maia.follower.graph.GraphListener;
import io.jenkins.plugins.maia.follower.graph.GraphResult;
import io.jenkins.plugins.maia.follower.graph.GraphRun;
import io.jenkins.plugins.maia.follower.graph.GraphState;
import io.jenkins.plugins.maia.follower.graph.GraphTask;
import io.jenkins.plugins.maia.follower.graph.GraphTaskResult;
import io.jenkins.plugins.maia.follower.graph.TaskGraph;
import io.jenkins.plugins.maia.follower.graph.TaskLauncher;
import io.jenkins.plugins.maia.quant.mirror.GraphMirror;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark 6: a task graph of {@code tasks} in {@code levels} dependency levels (each task of a level depends on one
 * or two tasks of the level before), run by {@link GraphRun} under the follower's default budget against a sandbox
 * that enforces 60 a minute, bursts of 5.
 *
 * <p>Start and finish are the server's own times: a task's {@code createdAt}, and its dependencies' {@code modifiedAt}
 * when they ended. So the gap between a dependency's finish and its dependent's start holds everything in between:
 * the follower noticing the end (polling), the run deciding, and the create waiting its turn in the budget.
 */
final class GraphBench {

    /**
     * @param tasks         tasks in the graph
     * @param levels        dependency levels (tasks spread evenly over them)
     * @param maxConcurrent the graph's maxConcurrent
     * @param model         how the tasks are shaped
     * @param timeout       give up waiting for the graph after this
     */
    record Params(int tasks, int levels, int maxConcurrent, Workload.Model model, Duration timeout) {}

    record Result(int tasks, int levels, int finished, Duration elapsed, long requests,
            Map<RequestLog.Kind, Long> byKind, double requestsPerMinute, long tooManyReceived,
            long tooManySentByServer, int withDependencies, int startedTooEarly, Distribution startGaps,
            Distribution engineGaps, Distribution endSeen, Distribution createWait, ChainBound.Result ideal,
            QuantBoardProbe.Figures quant) {

        /** Whether the graph was mirrored to Quant (the variant with the mirror on). */
        boolean mirrored() {
            return quant != null;
        }
    }

    private GraphBench() {}

    /** Task {@code i} depends on one or two tasks of the level before it (seeded). */
    static List<List<Integer>> dependencies(int tasks, int levels, long seed) {
        Random random = new Random(seed);
        int perLevel = Math.max(1, (tasks + levels - 1) / levels);
        List<List<Integer>> deps = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            int level = i / perLevel;
            List<Integer> mine = new ArrayList<>();
            if (level > 0) {
                int first = (level - 1) * perLevel;
                int size = Math.min(perLevel, tasks - first);
                mine.add(first + random.nextInt(size));
                int second = first + random.nextInt(size);
                if (random.nextBoolean() && !mine.contains(second)) {
                    mine.add(second);
                }
            }
            deps.add(mine);
        }
        return deps;
    }

    static Result run(Params params, Path workDir, long seed) {
        return run(params, workDir, seed, false);
    }

    /**
     * @param quantMirror also mirror every task to sandbox Quant endpoints (as {@code maia batch --quant-org} does),
     *                    to show the Maia figures do not move and measure the mirror's spacing
     */
    static Result run(Params params, Path workDir, long seed, boolean quantMirror) {
        List<Workload.Script> scripts = Workload.generate("graph", params.tasks(), seed, params.model());
        Path scenarios = workDir.resolve("graph-scenarios");
        Workload.write(scenarios, scripts);
        List<List<Integer>> deps = dependencies(params.tasks(), params.levels(), seed ^ 0x5DEECE66DL);
        try (RemoteSandbox sandbox = RemoteSandbox.start(new RemoteSandbox.Spec(params.model().pacing(), scenarios,
                BudgetBench.SERVER_LIMIT.requestsPerMinute() + "/" + BudgetBench.SERVER_LIMIT.burst()), workDir)) {
            RequestLog log = new RequestLog();
            MaiaClient client = Harness.client(sandbox.baseUrl(), Harness.loggedHttp(log));
            ScheduledExecutorService scheduler = Harness.scheduler("maia-follow");
            // The follower's default budget (60 a minute, bursts of 5): the benchmark's subject.
            TaskFollower follower = TaskFollower.builder().scheduler(scheduler)
                    .budgets(new AccountBudgets(InstantSource.system())).budgetSettings(BudgetSettings.defaults())
                    .build();
            FollowOptions options = FollowOptions.builder().decisions(Workload.policy()).build();
            List<GraphTask> tasks = new ArrayList<>();
            for (int i = 0; i < scripts.size(); i++) {
                tasks.add(new GraphTask("t" + i, deps.get(i).stream().map(d -> "t" + d).toList(),
                        scripts.get(i).request("graph-" + i), options, null));
            }
            TaskGraph graph = new TaskGraph(tasks, params.maxConcurrent(), false);
            QuantBoardProbe quant = quantMirror ? QuantBoardProbe.start() : null;
            long t0 = System.nanoTime();
            try {
                GraphRun run = GraphRun.start(graph, TaskLauncher.of(follower, client), InstantSource.system(),
                        quant == null ? new GraphListener() {} : mirroring(quant.mirror(graph)), GraphState.empty());
                GraphResult result = run.result().orTimeout(params.timeout().toMillis(), TimeUnit.MILLISECONDS).join();
                Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
                RemoteSandbox.ServerFigures server = sandbox.stats();
                return summarize(params, result, deps, elapsed, log, server, quant == null ? null : quant.finish());
            } finally {
                follower.close();
                Harness.shutdown(scheduler);
                if (quant != null) {
                    quant.close();
                }
            }
        }
    }

    /** The run's listener with the mirror on: each follow also tells the board, and each end. */
    private static GraphListener mirroring(GraphMirror board) {
        return new GraphListener() {
            @Override
            public FollowListener followListener(GraphTask task, String taskId) {
                return board.started(task.id(), taskId);
            }

            @Override
            public void onTaskEnded(GraphTaskResult result) {
                board.ended(result, null);
            }
        };
    }

    private static Result summarize(Params params, GraphResult result, List<List<Integer>> deps, Duration elapsed,
            RequestLog log, RemoteSandbox.ServerFigures server, QuantBoardProbe.Figures quant) {
        List<Double> gaps = new ArrayList<>();
        List<Double> engine = new ArrayList<>();
        List<Double> endSeen = new ArrayList<>();
        List<Double> createWait = new ArrayList<>();
        Map<String, Instant> ends = new HashMap<>();
        for (GraphTaskResult r : result.tasks()) {
            Task t = r.follow() == null ? null : r.follow().task();
            if (t != null && t.modifiedAt() != null) {
                ends.put(r.id(), t.modifiedAt());
            }
            if (t != null && t.modifiedAt() != null && t.createdAt() != null) {
                endSeen.add((double) Duration.between(t.modifiedAt(), r.endedAt()).toMillis());
                createWait.add((double) Duration.between(r.startedAt(), t.createdAt()).toMillis());
            }
        }
        int withDeps = 0;
        int early = 0;
        for (int i = 0; i < params.tasks(); i++) {
            GraphTaskResult r = result.task("t" + i);
            if (deps.get(i).isEmpty() || r.follow() == null || r.follow().task() == null) {
                continue;
            }
            withDeps++;
            Instant start = r.follow().task().createdAt();
            Instant lastFinish = null;
            Instant lastSeen = null;
            for (int d : deps.get(i)) {
                GraphTaskResult dep = result.task("t" + d);
                FollowResult f = dep.follow();
                Instant finish = f == null || f.task() == null ? null : f.task().modifiedAt();
                lastFinish = finish == null || (lastFinish != null && lastFinish.isAfter(finish)) ? lastFinish : finish;
                lastSeen = lastSeen == null || dep.endedAt().isAfter(lastSeen) ? dep.endedAt() : lastSeen;
            }
            // Started early by the server's clock, or by the run's (it created a task before it saw the end).
            if (start != null && lastFinish != null) {
                if (start.isBefore(lastFinish)) {
                    early++;
                }
                gaps.add((double) Duration.between(lastFinish, start).toMillis());
            }
            if (r.startedAt().isBefore(lastSeen)) {
                early++;
            }
            engine.add((double) Duration.between(lastSeen, r.startedAt()).toMillis());
        }
        int finished = (int) result.tasks().stream().filter(GraphTaskResult::finished).count();
        Map<String, List<String>> dependsOn = new HashMap<>();
        for (int i = 0; i < params.tasks(); i++) {
            List<String> ds = deps.get(i).stream().map(d -> "t" + d).toList();
            if (ends.containsKey("t" + i) && ends.keySet().containsAll(ds)) {
                dependsOn.put("t" + i, ds);
            }
        }
        // The follower's default budget, and the watch's shortest pace under it (two refill intervals).
        BudgetSettings budget = BudgetSettings.defaults();
        ChainBound.Result ideal = ChainBound.of(ends, dependsOn, budget.requestsPerMinute() / 60,
                budget.bucketCapacity(), Duration.ofMillis(2 * 60_000L / budget.requestsPerMinute()));
        double minutes = elapsed.toNanos() / 60e9;
        return new Result(params.tasks(), params.levels(), finished, elapsed, log.total(), log.byKind(),
                log.total() / minutes, log.answered(429), server.tooManyRequestsSent(), withDeps, early,
                Distribution.of(gaps), Distribution.of(engine), Distribution.of(endSeen), Distribution.of(createWait),
                ideal, quant);
    }
}
