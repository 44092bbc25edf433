package io.jenkins.plugins.maia.bench;

import io.jenkins.plugins.maia.client.MaiaClient;
import io.jenkins.plugins.maia.client.MaiaException;
import io.jenkins.plugins.maia.client.MaiaTransportException;
import io.jenkins.plugins.maia.client.ScheduledMaiaClient;
import io.jenkins.plugins.maia.client.TaskMayExistException;
import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.client.model.CreatedTask;
import io.jenkins.plugins.maia.client.model.TaskQuery;
import io.jenkins.plugins.maia.follower.budget.AccountBudgets;
import io.jenkins.plugins.maia.follower.budget.BudgetSettings;
import io.jenkins.plugins.maia.follower.follow.FollowOptions;
import io.jenkins.plugins.maia.follower.follow.FollowOutcome;
import io.jenkins.plugins.maia.follower.follow.FollowResult;
import io.jenkins.plugins.maia.follower.follow.FollowState;
import io.jenkins.plugins.maia.follower.follow.TaskFollower;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;

/**
 * Benchmark 5: no thread of the caller ever waits on Maia. Many tasks are launched and followed while Maia answers
 * every call late, then accepts connections and never answers, then recovers. The caller's scheduler (ten threads,
 * standing for Jenkins' {@code jenkins.util.Timer}) only hands work over: the creates go through the follower's
 * scheduled calls ({@code TaskFollower.calls}), the follows through the follower, and what a finished create leads to
 * comes back to the caller's scheduler, which starts the follow. A {@link ThreadSampler} looks at every thread's stack
 * ten times a second.
 *
 * <p>First, as a control, the caller's threads make blocking calls themselves, the way the plugin used to on
 * {@code Timer}: the sampler must see them busy, or it could not see anything. Then the run: slow, hung, recovered.
 * At the end every follow must have reached its task's true outcome (the scenario decides: every tenth task errs),
 * and the server must have created each task once.
 */
final class SlowMaiaBench {

    /**
     * @param follows         tasks launched and followed
     * @param latency         how late the slow server answers every call
     * @param control         how long the caller's threads make blocking calls themselves (the control)
     * @param slow            how long the server stays slow once the launches are handed over
     * @param hang            how long it then accepts connections and never answers
     * @param readTimeout     the HTTP client's read timeout (above {@code latency}: slow calls succeed, hung ones fail)
     * @param followerThreads the follower's own pool: its configured bound
     * @param callerThreads   the caller's scheduler (Jenkins' Timer has 10)
     * @param taskLength      how long each scripted task runs on the server
     * @param recoveryLimit   how long to wait, after the server recovered, for every follow's outcome
     */
    record Params(int follows, Duration latency, Duration control, Duration slow, Duration hang,
            Duration readTimeout, int followerThreads, int callerThreads, Duration taskLength,
            Duration recoveryLimit) {}

    record Result(Params params, int controlPeakCallerBusy, List<ThreadSampler.PhaseFigures> phases,
            Set<String> otherThreadNames,
            int createdWhileSlow, int followingWhenHung, int createHandOvers, int trueOutcomes,
            List<String> problems, int tasksCreated, Duration recoveryToLastOutcome, long serverRequests) {

        /** The figures of the slow, hung and recovery phases (not the control). */
        List<ThreadSampler.PhaseFigures> run() {
            return phases.stream().filter(p -> !p.phase().equals(CONTROL)).toList();
        }

        int peakCallerBusy() {
            return run().stream().mapToInt(ThreadSampler.PhaseFigures::peakCallerBusy).max().orElse(0);
        }

        int peakFollowerThreads() {
            return run().stream().mapToInt(ThreadSampler.PhaseFigures::peakFollowerThreads).max().orElse(0);
        }
    }

    static final String CALLER = "caller-timer";
    static final String FOLLOWER = "maia-follower";
    static final String CONTROL = "control";
    static final String PROJECT_ID = "5a1c7e20-3b4d-4f6a-8c9e-0d2f4b6a8c10";
    private static final String CONTROL_PROJECT = "6b2d8f31-4c5e-4a7b-9d0f-1e3a5c7b9d21";
    /** Pacing of the sandbox's scripted agents. */
    private static final Duration PACING = Duration.ofMillis(100);
    /** How long the caller waits before handing over a create again after a failure it cannot settle. */
    private static final Duration RELAUNCH_AFTER = Duration.ofSeconds(2);

    /** One launched task: written by the caller's threads, then by the follower's callback. */
    private static final class Launch {
        final int index;
        final Instant requestedAt;
        volatile String taskId;
        volatile FollowOutcome outcome;
        volatile Throwable failure;
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Launch(int index, Instant requestedAt) {
            this.index = index;
            this.requestedAt = requestedAt;
        }

        boolean errs() {
            return index % 10 == 9;
        }

        CreateTaskRequest request() {
            return CreateTaskRequest.builder()
                    .message("[scenario:" + (errs() ? "slow-error" : "slow-finish") + "] benchmark 5, task " + index
                            + ": load the orders while Maia is slow")
                    .projectId(PROJECT_ID).sourceBranchName("main").environmentName("bench")
                    .targetBranchName("bench/slow-" + index).build();
        }
    }

    private SlowMaiaBench() {}

    static Result run(Params p, Path workDir) {
        Path scenarios = workDir.resolve("slow-maia-scenarios");
        writeScenarios(scenarios, (int) (p.taskLength().toMillis() / PACING.toMillis()));
        try (RemoteSandbox sandbox = RemoteSandbox.start(new RemoteSandbox.Spec(PACING, scenarios, null), workDir)) {
            Set<Long> baseline = Thread.getAllStackTraces().keySet().stream().map(Thread::getId)
                    .collect(Collectors.toSet());
            OkHttpClient http = new OkHttpClient.Builder().connectTimeout(5, TimeUnit.SECONDS)
                    .readTimeout(p.readTimeout()).writeTimeout(p.readTimeout())
                    .callTimeout(p.readTimeout().plusSeconds(2)).build();
            MaiaClient client = Harness.client(sandbox.baseUrl(), http);
            ScheduledThreadPoolExecutor caller = pool(CALLER, p.callerThreads());
            ScheduledThreadPoolExecutor followerPool = pool(FOLLOWER, p.followerThreads());
            // The budget is high: the thread bound, not the budget, is what limits this run.
            TaskFollower follower = TaskFollower.builder().scheduler(followerPool)
                    .budgets(new AccountBudgets(InstantSource.system()))
                    .budgetSettings(new BudgetSettings(60_000, 500)).build();
            FollowOptions options = FollowOptions.defaults(); // as shipped: 1 s x1.5 up to 15 s, project watch
            try (ThreadSampler sampler = new ThreadSampler(CALLER, FOLLOWER, baseline, Duration.ofMillis(100))) {
                sandbox.faults("latency=" + p.latency().toMillis());
                sampler.phase(CONTROL);
                blockingCallsOnTheCaller(client, caller, p);

                sampler.phase("slow (" + Format.seconds(p.latency().toMillis()) + " per call)");
                AtomicInteger handOvers = new AtomicInteger();
                List<Launch> launches = new ArrayList<>();
                ScheduledMaiaClient calls = follower.calls(client);
                for (int i = 0; i < p.follows(); i++) {
                    Launch launch = new Launch(i, Instant.now()); // a plugin stores this durably first
                    launches.add(launch);
                    caller.execute(() -> handOver(launch, true, calls, client, follower, options, caller, handOvers));
                }
                Harness.sleep(p.slow());
                int createdWhileSlow = (int) launches.stream().filter(l -> l.taskId != null).count();
                sandbox.faults("hang");
                sampler.phase("hung (no answer)");
                Harness.sleep(p.hang());
                int followingWhenHung = follower.activeFollows();
                sandbox.faults("none");
                sampler.phase("recovered");
                long recovered = System.nanoTime();
                try {
                    CompletableFuture.allOf(launches.stream().map(l -> l.done).toArray(CompletableFuture[]::new))
                            .get(p.recoveryLimit().toMillis(), TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    // counted below, per launch
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
                Duration toLast = Duration.ofNanos(System.nanoTime() - recovered);
                List<ThreadSampler.PhaseFigures> phases = sampler.figures();
                Set<String> otherThreads = sampler.otherThreadNames();
                RemoteSandbox.ServerFigures server = sandbox.stats();
                List<String> problems = new ArrayList<>();
                int trueOutcomes = 0;
                for (Launch l : launches) {
                    FollowOutcome expected = l.errs() ? FollowOutcome.ERRORED : FollowOutcome.FINISHED;
                    if (l.outcome == expected) {
                        trueOutcomes++;
                    } else {
                        problems.add("task " + l.index + ": " + (l.failure != null ? unwrap(l.failure).toString()
                                : l.outcome == null ? "no outcome yet" : l.outcome + ", expected " + expected));
                    }
                }
                int controlPeak = phases.stream().filter(f -> f.phase().equals(CONTROL))
                        .mapToInt(ThreadSampler.PhaseFigures::peakCallerBusy).max().orElse(0);
                return new Result(p, controlPeak, phases, otherThreads, createdWhileSlow, followingWhenHung, handOvers.get(),
                        trueOutcomes, problems, server.tasksCreated(), toLast, server.totalRequests());
            } finally {
                follower.close();
                Harness.shutdown(caller);
                Harness.shutdown(followerPool);
            }
        }
    }

    /**
     * The control: every caller thread makes blocking calls itself for a while (what the plugin did on Timer), then
     * the caller's scheduler is idle again.
     */
    private static void blockingCallsOnTheCaller(MaiaClient client, ScheduledThreadPoolExecutor caller, Params p) {
        long end = System.nanoTime() + p.control().toNanos();
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        for (int i = 0; i < p.callerThreads(); i++) {
            loops.add(CompletableFuture.runAsync(() -> {
                while (System.nanoTime() < end) {
                    try {
                        client.listTasks(new TaskQuery(CONTROL_PROJECT, null, null, null, null, 0, 10));
                    } catch (MaiaException e) {
                        return;
                    }
                }
            }, caller));
        }
        CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).join();
    }

    /**
     * On a caller thread: hands the create over to the follower and returns. What it comes to is handed back to the
     * caller's scheduler, which starts the follow (no I/O either) or, after a failure nobody could settle, hands the
     * create over again as a later attempt (it looks for the task first).
     */
    private static void handOver(Launch launch, boolean first, ScheduledMaiaClient calls, MaiaClient client,
            TaskFollower follower, FollowOptions options, ScheduledThreadPoolExecutor caller, AtomicInteger handOvers) {
        handOvers.incrementAndGet();
        CompletableFuture<CreatedTask> created = first ? calls.createTask(launch.request())
                : calls.createTask(launch.request(), launch.requestedAt);
        created.whenCompleteAsync((task, error) -> {
            if (error != null) {
                Throwable cause = unwrap(error);
                if (cause instanceof MaiaTransportException || cause instanceof TaskMayExistException) {
                    // Unreachable, or nobody could tell whether the task exists: a later attempt looks first.
                    caller.schedule(() -> handOver(launch, false, calls, client, follower, options, caller, handOvers),
                            RELAUNCH_AFTER.toMillis(), TimeUnit.MILLISECONDS);
                } else {
                    launch.failure = cause;
                    launch.done.complete(null);
                }
                return;
            }
            launch.taskId = task.taskId();
            follower.follow(client, FollowState.start(task.taskId(), null), options, null).result()
                    .whenComplete((FollowResult r, Throwable e) -> {
                        if (e != null) {
                            launch.failure = e;
                        } else {
                            launch.outcome = r.outcome();
                        }
                        launch.done.complete(null);
                    });
        }, caller);
    }

    private static void writeScenarios(Path dir, int waitTicks) {
        String finish = "{\"steps\":[{\"say\":\"Loading the orders.\"},{\"wait\":" + waitTicks
                + "},{\"say\":\"Loaded.\"},{\"finish\":\"Done.\"}]}";
        String error = "{\"steps\":[{\"say\":\"Loading the orders.\"},{\"wait\":" + waitTicks
                + "},{\"error\":\"The warehouse refused the load.\"}]}";
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("slow-finish.json"), finish, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("slow-error.json"), error, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the scenarios of benchmark 5 to " + dir, e);
        }
    }

    /** A pool of {@code size} daemon threads named {@code name-N}: never more than {@code size}. */
    private static ScheduledThreadPoolExecutor pool(String name, int size) {
        AtomicInteger count = new AtomicInteger();
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(size, r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
        return pool;
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
