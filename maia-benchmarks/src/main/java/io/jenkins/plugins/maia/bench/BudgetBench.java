package io.jenkins.plugins.maia.bench;

import io.jenkins.plugins.maia.follower.budget.AccountBudget;
import io.jenkins.plugins.maia.follower.budget.AccountBudgets;
import io.jenkins.plugins.maia.follower.budget.BudgetSettings;
import io.jenkins.plugins.maia.client.MaiaClient;
import io.jenkins.plugins.maia.follower.follow.FollowOptions;
import io.jenkins.plugins.maia.follower.follow.FollowOutcome;
import io.jenkins.plugins.maia.follower.follow.FollowResult;
import io.jenkins.plugins.maia.follower.follow.FollowState;
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
 * Benchmark 3: concurrent tasks of one account under the default budget (60 requests a minute, bursts of 5),
 * against a sandbox that enforces the same limit per token and answers 429 with Retry-After beyond it.
 *
 * <p>Everything the account sends counts: the creates (through the account's budget, as a Jenkins build's create
 * would) and every follower call. Requests per minute are counted by the client (an interceptor) over the run and
 * in the busiest 60 s window; 429s both as the client received them and as the server counted them.
 */
final class BudgetBench {

    /** What the sandbox enforces per token: the documented "60 a minute, bursts of 5" (the targets). */
    static final BudgetSettings SERVER_LIMIT = new BudgetSettings(60, 5);

    /**
     * @param tasks       concurrent tasks
     * @param model       how the tasks are shaped
     * @param startSpread tasks start at random offsets within this window
     * @param timeout     give up waiting for the follows after this
     * @param budget      the account's budget in the follower (the benchmark's subject: its default)
     */
    record Params(int tasks, Workload.Model model, Duration startSpread, Duration timeout, BudgetSettings budget) {

        Params withBudget(BudgetSettings newBudget) {
            return new Params(tasks, model, startSpread, timeout, newBudget);
        }
    }

    record Result(int tasks, BudgetSettings budget, int finished, Duration elapsed, long requests,
            Map<RequestLog.Kind, Long> byKind, double requestsPerMinute, int peakPerMinute, double largestBurst,
            long tooManyReceived, List<String> tooManyWhen, long tooManySentByServer, long serverRequests,
            Distribution changes, Distribution statusChanges) {}

    private BudgetBench() {}

    static Result run(Params params, Path workDir, long seed) {
        List<Workload.Script> scripts = Workload.generate("budget", params.tasks(), seed, params.model());
        Path scenarios = workDir.resolve("budget-scenarios");
        Workload.write(scenarios, scripts);
        long[] startAt = Workload.startOffsetsMillis(scripts.size(), params.startSpread(), seed ^ 0x2545F491L);

        try (RemoteSandbox sandbox = RemoteSandbox.start(
                new RemoteSandbox.Spec(params.model().pacing(), scenarios,
                        SERVER_LIMIT.requestsPerMinute() + "/" + SERVER_LIMIT.burst()), workDir)) {
            RequestLog log = new RequestLog();
            AccountBudgets budgets = new AccountBudgets(InstantSource.system());
            MaiaClient unbudgeted = Harness.client(sandbox.baseUrl(), Harness.loggedHttp(log));
            AccountBudget budget = budgets.forAccount(unbudgeted.accountKey(), params.budget());
            MaiaClient client = unbudgeted.withBudget(budget); // creates queue for the same tokens as the follows
            ScheduledExecutorService scheduler = Harness.scheduler("maia-follow");
            TaskFollower follower = TaskFollower.builder().scheduler(scheduler).budgets(budgets).build();
            FollowOptions options = FollowOptions.builder().decisions(Workload.policy()).build();
            List<CompletableFuture<FollowResult>> results = new ArrayList<>();
            List<DetectionLog> detections = new ArrayList<>();
            long t0 = System.nanoTime();
            try {
                for (int i = 0; i < scripts.size(); i++) {
                    Harness.sleep(Duration.ofNanos(t0 + startAt[i] * 1_000_000 - System.nanoTime()));
                    String id = Harness.create(client, scripts.get(i).request("budget-" + i));
                    DetectionLog detection = new DetectionLog();
                    detections.add(detection);
                    results.add(follower.follow(client, FollowState.start(id, null), options, detection).result());
                }
                int finished = 0;
                long deadline = t0 + params.timeout().toNanos();
                for (CompletableFuture<FollowResult> r : results) {
                    long left = Math.max(1, deadline - System.nanoTime());
                    if (r.orTimeout(left, TimeUnit.NANOSECONDS).join().outcome() == FollowOutcome.FINISHED) {
                        finished++;
                    }
                }
                Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
                DetectionLog.Summary latencies = DetectionLog.summarize(detections);
                RemoteSandbox.ServerFigures server = sandbox.stats();
                double minutes = elapsed.toNanos() / 60e9;
                return new Result(params.tasks(), params.budget(), finished, elapsed, log.total(), log.byKind(),
                        log.total() / minutes, log.peakIn(Duration.ofMinutes(1)),
                        log.largestBurst(SERVER_LIMIT.requestsPerMinute()), log.answered(429), log.whenAnswered(429),
                        server.tooManyRequestsSent(), server.totalRequests(), latencies.changes(),
                        latencies.statusChanges());
            } finally {
                follower.close();
                Harness.shutdown(scheduler);
            }
        }
    }
}
