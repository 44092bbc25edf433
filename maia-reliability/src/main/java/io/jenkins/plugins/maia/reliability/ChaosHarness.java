package io.jenkins.plugins.maia.reliability;

import io.jenkins.plugins.maia.follower.budget.AccountBudgets;
import io.jenkins.plugins.maia.follower.budget.BudgetSettings;
import io.jenkins.plugins.maia.client.MaiaClient;
import io.jenkins.plugins.maia.client.MaiaException;
import io.jenkins.plugins.maia.client.MaiaTransportException;
import io.jenkins.plugins.maia.client.RetryPolicy;
import io.jenkins.plugins.maia.client.TaskMayExistException;
import io.jenkins.plugins.maia.client.auth.StaticToken;
import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.client.model.CreatedTask;
import io.jenkins.plugins.maia.client.model.TaskEvent;
import io.jenkins.plugins.maia.follower.follow.FollowHandle;
import io.jenkins.plugins.maia.follower.follow.FollowListener;
import io.jenkins.plugins.maia.follower.follow.FollowOptions;
import io.jenkins.plugins.maia.follower.follow.FollowResult;
import io.jenkins.plugins.maia.follower.follow.FollowState;
import io.jenkins.plugins.maia.follower.follow.PollingPolicy;
import io.jenkins.plugins.maia.follower.follow.TaskFollower;
import io.jenkins.plugins.maia.sandbox.Faults;
import io.jenkins.plugins.maia.sandbox.SandboxOptions;
import io.jenkins.plugins.maia.sandbox.SandboxServer;
import io.jenkins.plugins.maia.sandbox.SandboxStats;
import io.jenkins.plugins.maia.follower.transcript.Redactor;
import io.jenkins.plugins.maia.follower.transcript.TranscriptWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import okhttp3.OkHttpClient;

/**
 * Creates and follows many tasks through a faulty sandbox with the real {@link MaiaClient}, {@link TaskFollower}
 * and {@link TranscriptWriter}, then checks every task against the sandbox: did it reach its designed outcome,
 * was it created exactly once, and does its transcript hold exactly the server's history?
 *
 * <p>Each task is created the way a careful caller does it ({@link MaiaClient#createTask(CreateTaskRequest)} first,
 * then {@link MaiaClient#createTask(CreateTaskRequest, Instant)} with the time recorded before the first attempt,
 * retried with that same time when the create failed ambiguously), then followed on one shared scheduler with its
 * events streamed to a transcript.
 */
public final class ChaosHarness {

    /** The run's bearer token (the sandbox accepts only this one). */
    static final String TOKEN = "chaos-token-9f3c2a71";
    static final String PROJECT_ID = "0d7c4b52-6a8e-4f1d-9b3a-5e2f8c1a7d90";
    /**
     * How long the harness keeps retrying a create that failed ambiguously (each failure is a
     * {@code TaskMayExistException} or a transport failure; the client never creates twice on its own). On a loaded
     * machine eight failures in a row do happen, so the bound is time, as a CI job's would be.
     */
    private static final Duration CREATE_PATIENCE = Duration.ofMinutes(2);

    private final ChaosSettings settings;

    private ChaosHarness(ChaosSettings settings) {
        this.settings = settings;
    }

    /** Runs {@code settings} and returns the figures. */
    public static ChaosReport run(ChaosSettings settings) throws IOException, InterruptedException {
        return new ChaosHarness(settings).run();
    }

    private ChaosReport run() throws IOException, InterruptedException {
        Files.createDirectories(settings.workDir());
        try (UnhandledExceptions unhandled = UnhandledExceptions.install();
                LogCapture warnings = LogCapture.of("io.jenkins.plugins.maia", Level.WARNING);
                SandboxServer sandbox = SandboxServer.start(sandboxOptions())) {
            OkHttpClient http = new OkHttpClient.Builder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .readTimeout(settings.readTimeout())
                    .writeTimeout(Duration.ofSeconds(2))
                    .build();
            MaiaClient client = MaiaClient.builder()
                    .baseUrl(sandbox.baseUrl())
                    .tokenSource(StaticToken.of(TOKEN))
                    .httpClient(http)
                    .retryPolicy(new RetryPolicy(6, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(10)))
                    .build();
            // High enough that the budget never limits the run; 429s still pause the account as in production.
            BudgetSettings budget = new BudgetSettings(60_000, 200);
            AccountBudgets budgets = new AccountBudgets(InstantSource.system());
            MaiaClient creator = client.withBudget(budgets.forAccount(client.accountKey(), budget));
            ScheduledExecutorService scheduler = unhandled.scheduler(settings.followerThreads(), "chaos-follow");
            ExecutorService launchers = Executors.newFixedThreadPool(settings.launchers(), daemonThreads("chaos-launch"));
            TaskFollower follower = TaskFollower.builder()
                    .scheduler(scheduler)
                    .budgets(budgets)
                    .budgetSettings(budget)
                    .messagePageSize(settings.messagePageSize())
                    .build();
            Instant start = Instant.now();
            List<ChaosTaskRun> runs = new ArrayList<>();
            List<CompletableFuture<ChaosTaskRun>> done = new ArrayList<>();
            try {
                for (int i = 0; i < settings.tasks(); i++) {
                    ChaosTaskRun run = new ChaosTaskRun(i, ChaosScenario.forTask(i), settings.seed());
                    runs.add(run);
                    done.add(CompletableFuture.supplyAsync(() -> launch(run, creator), launchers)
                            .thenCompose(created -> follow(run, created, client, follower, launchers))
                            .exceptionally(e -> run.failedLaunch(unwrap(e))));
                }
                awaitAll(done);
                Duration elapsed = Duration.between(start, Instant.now());
                SandboxStats.Snapshot stats = sandbox.stats().snapshot();
                List<TranscriptVerifier.TranscriptCheck> transcriptChecks = new TranscriptVerifier(settings.workDir())
                        .verify(runs, sandbox, client, launchers);
                return report(runs, stats, transcriptChecks, unhandled, warnings.records(), elapsed);
            } finally {
                follower.close();
                scheduler.shutdownNow();
                launchers.shutdownNow();
            }
        }
    }

    private SandboxOptions sandboxOptions() {
        double halfDropped = settings.droppedConnections() / 2;
        Faults faults = Faults.builder()
                .serverErrors(settings.serverErrors())
                .tooManyRequests(settings.tooManyRequests(), settings.retryAfterSeconds())
                .dropConnection(halfDropped)
                .dropResponse(halfDropped)
                .slowResponse(settings.slowResponses(), settings.slowResponseDelay())
                .build();
        return SandboxOptions.builder()
                .port(0)
                .tokens(Set.of(TOKEN))
                .faults(faults)
                .seed(settings.seed())
                .pacing(settings.pacing())
                .scenarios(ChaosScenario.customScenarios())
                .longRunningEvents(settings.longRunningEvents())
                .serverThreads(8)
                .build();
    }

    /** Creates the task once, however the create calls fail (blocking: runs on a launcher thread). */
    private CreatedTask launch(ChaosTaskRun run, MaiaClient creator) {
        CreateTaskRequest request = run.request();
        Instant requestedAt = Instant.now();
        MaiaException last = null;
        for (int attempt = 1; Duration.between(requestedAt, Instant.now()).compareTo(CREATE_PATIENCE) < 0; attempt++) {
            try {
                // The first attempt creates; every later one looks for the task before creating again.
                return attempt == 1 ? creator.createTask(request) : creator.createTask(request, requestedAt);
            } catch (TaskMayExistException | MaiaTransportException e) {
                last = e;
                run.createRetries++;
                run.createFailures.add(Duration.between(requestedAt, Instant.now()).toMillis() + " ms: "
                        + e.getClass().getSimpleName() + ": " + e.getMessage());
                sleep(Duration.ofMillis(Math.min(250L << Math.min(attempt, 5), 4_000)));
            }
        }
        throw last;
    }

    private CompletableFuture<ChaosTaskRun> follow(ChaosTaskRun run, CreatedTask created, MaiaClient client,
            TaskFollower follower, ExecutorService finishers) {
        run.taskId = created.taskId();
        TranscriptWriter writer;
        try {
            writer = TranscriptWriter.open(settings.workDir(), created.taskId(), Redactor.of(List.of(TOKEN)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        FollowOptions options = FollowOptions.builder()
                .polling(new PollingPolicy(Duration.ofMillis(100), 1.5, Duration.ofSeconds(1)))
                .decisions(run.kind.policy())
                .humanDecider(null)
                .build();
        FollowState state = FollowState.start(created.taskId(), Instant.now().plus(settings.followTimeout()));
        FollowListener eventCounter = new FollowListener() {
            @Override
            public void onEvent(TaskEvent event) {
                run.eventsDelivered++;
            }
        };
        FollowHandle handle = follower.follow(client, state, options, FollowListener.all(writer, eventCounter));
        return handle.result().handleAsync((result, error) -> {
            try {
                if (error != null) {
                    writer.close();
                    run.followFailure = unwrap(error);
                } else {
                    run.result = result;
                    run.transcripts = writer.close(result);
                }
            } catch (IOException e) {
                run.transcriptFailure = e;
            }
            return run;
        }, finishers);
    }

    private void awaitAll(List<CompletableFuture<ChaosTaskRun>> done) throws InterruptedException {
        Duration bound = settings.followTimeout().plusMinutes(5);
        try {
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            // each run recorded its own failure
        } catch (TimeoutException e) {
            // the runs still going are reported as such
        }
    }

    private ChaosReport report(List<ChaosTaskRun> runs, SandboxStats.Snapshot stats, List<TranscriptVerifier.TranscriptCheck> transcripts,
            UnhandledExceptions unhandled, List<String> warnings, Duration elapsed) {
        int trueOutcomes = 0;
        List<String> outcomeProblems = new ArrayList<>();
        List<String> unhandledDetails = new ArrayList<>();
        Set<String> followed = new HashSet<>();
        int failedFollows = 0;
        int failedLaunches = 0;
        long eventsWritten = 0;
        long eventsOnServer = 0;
        for (ChaosTaskRun run : runs) {
            if (run.taskId != null) {
                followed.add(run.taskId);
                eventsOnServer += stats.eventsByTask().getOrDefault(run.taskId, 0L);
            }
            eventsWritten += run.eventsWritten;
            if (run.launchFailure != null) {
                failedLaunches++;
                unhandledDetails.add(run.label() + ": could not be created: " + run.launchFailure.getMessage()
                        + " Attempts: " + run.createFailures);
                outcomeProblems.add(run.label() + ": never created");
                continue;
            }
            if (run.followFailure != null) {
                failedFollows++;
                unhandledDetails.add(run.label() + ": follow failed: " + run.followFailure.getMessage());
                outcomeProblems.add(run.label() + ": follow failed");
                continue;
            }
            if (run.result == null) {
                outcomeProblems.add(run.label() + ": still following after " + settings.followTimeout().toMinutes()
                        + " minutes + 5");
                continue;
            }
            if (run.transcriptFailure != null) {
                unhandledDetails.add(run.label() + ": transcript failed: " + run.transcriptFailure.getMessage());
            }
            String serverStatus = stats.statusByTask().getOrDefault(run.taskId, "(none)");
            String why = run.kind.mismatch(run.result, serverStatus, run.branch());
            if (why == null) {
                trueOutcomes++;
            } else {
                outcomeProblems.add(run.label() + ": " + why);
            }
        }
        unhandledDetails.addAll(unhandled.uncaught());
        unhandledDetails.addAll(unhandled.schedulerFailures());
        List<String> orphans = new ArrayList<>();
        for (String id : stats.tasksCreated()) {
            if (!followed.contains(id)) {
                orphans.add(id);
            }
        }
        int created = stats.tasksCreated().size();
        int duplicates = Math.max(0, created - followed.size());
        Map<String, Long> byEndpoint = new LinkedHashMap<>();
        stats.requestsByEndpoint().forEach((endpoint, count) -> byEndpoint.put(endpoint.name(), count));
        Map<String, Long> faults = new LinkedHashMap<>();
        stats.faults().forEach((kind, count) -> faults.put(kind.name(), count));
        return new ChaosReport(settings, runs.size(), trueOutcomes, outcomeProblems, created, duplicates, orphans,
                TranscriptVerifier.count(transcripts, TranscriptVerifier.TranscriptCheck.Verdict.EQUAL),
                TranscriptVerifier.count(transcripts, TranscriptVerifier.TranscriptCheck.Verdict.INCOMPLETE),
                transcripts.stream().filter(c -> c.problem() != null).map(TranscriptVerifier.TranscriptCheck::problem)
                        .toList(),
                eventsOnServer, eventsWritten,
                unhandled.uncaught().size(), unhandled.schedulerFailures().size(), failedFollows, failedLaunches,
                unhandledDetails, warnings, stats.totalRequests(), byEndpoint, faults, elapsed);
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MaiaTransportException("interrupted", e);
        }
    }
}
