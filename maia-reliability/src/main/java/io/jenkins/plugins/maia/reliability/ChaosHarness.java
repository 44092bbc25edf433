package io.jenkins.plugins.maia.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.jenkins.plugins.maia.client.model.MessagePage;
import io.jenkins.plugins.maia.client.model.TaskEvent;
import io.jenkins.plugins.maia.follower.follow.FollowHandle;
import io.jenkins.plugins.maia.follower.follow.FollowListener;
import io.jenkins.plugins.maia.follower.follow.FollowOptions;
import io.jenkins.plugins.maia.follower.follow.FollowResult;
import io.jenkins.plugins.maia.follower.follow.FollowState;
import io.jenkins.plugins.maia.follower.follow.PollingPolicy;
import io.jenkins.plugins.maia.follower.follow.TaskFollower;
import io.jenkins.plugins.maia.follower.follow.TaskLaunch;
import io.jenkins.plugins.maia.sandbox.Faults;
import io.jenkins.plugins.maia.sandbox.SandboxOptions;
import io.jenkins.plugins.maia.sandbox.SandboxServer;
import io.jenkins.plugins.maia.sandbox.SandboxStats;
import io.jenkins.plugins.maia.follower.transcript.Redactor;
import io.jenkins.plugins.maia.follower.transcript.TranscriptWriter;
import io.jenkins.plugins.maia.follower.transcript.Transcripts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * <p>Each task is created the way a careful caller does it ({@link TaskLaunch#create}, then
 * {@link TaskLaunch#resume} with the time
 * recorded before the first attempt, retried with that same time when the create failed ambiguously), then
 * followed on one shared scheduler with its events streamed to a transcript.
 */
public final class ChaosHarness {

    /** The run's bearer token (the sandbox accepts only this one). */
    static final String TOKEN = "chaos-token-9f3c2a71";
    static final String PROJECT_ID = "0d7c4b52-6a8e-4f1d-9b3a-5e2f8c1a7d90";
    private static final ObjectMapper JSON = new ObjectMapper();
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
            List<TaskRun> runs = new ArrayList<>();
            List<CompletableFuture<TaskRun>> done = new ArrayList<>();
            try {
                for (int i = 0; i < settings.tasks(); i++) {
                    TaskRun run = new TaskRun(i, ChaosScenario.forTask(i), settings.seed());
                    runs.add(run);
                    done.add(CompletableFuture.supplyAsync(() -> launch(run, creator), launchers)
                            .thenCompose(created -> follow(run, created, client, follower, launchers))
                            .exceptionally(e -> run.failedLaunch(unwrap(e))));
                }
                awaitAll(done);
                Duration elapsed = Duration.between(start, Instant.now());
                SandboxStats.Snapshot stats = sandbox.stats().snapshot();
                List<TranscriptCheck> transcriptChecks = verifyTranscripts(runs, sandbox, client, launchers);
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
    private CreatedTask launch(TaskRun run, MaiaClient creator) {
        CreateTaskRequest request = run.request();
        Instant requestedAt = Instant.now();
        MaiaException last = null;
        for (int attempt = 1; Duration.between(requestedAt, Instant.now()).compareTo(CREATE_PATIENCE) < 0; attempt++) {
            try {
                // The first attempt creates; every later one looks for the task before creating again.
                return attempt == 1 ? TaskLaunch.create(creator, request)
                        : TaskLaunch.resume(creator, request, requestedAt);
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

    private CompletableFuture<TaskRun> follow(TaskRun run, CreatedTask created, MaiaClient client,
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

    private void awaitAll(List<CompletableFuture<TaskRun>> done) throws InterruptedException {
        Duration bound = settings.followTimeout().plusMinutes(5);
        try {
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            // each run recorded its own failure
        } catch (TimeoutException e) {
            // the runs still going are reported as such
        }
    }

    /**
     * Reads each task's whole history from the sandbox (through retries: the faults are still on) and compares it,
     * event by event, with the event lines of its transcript.
     */
    private List<TranscriptCheck> verifyTranscripts(List<TaskRun> runs, SandboxServer sandbox, MaiaClient client,
            ExecutorService pool) {
        MaiaClient reader = client.withRetryPolicy(
                new RetryPolicy(40, Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofSeconds(2)));
        List<CompletableFuture<TranscriptCheck>> checks = new ArrayList<>();
        for (TaskRun run : runs) {
            checks.add(CompletableFuture.supplyAsync(() -> checkTranscript(run, sandbox, reader), pool));
        }
        return checks.stream().map(CompletableFuture::join).toList();
    }

    private TranscriptCheck checkTranscript(TaskRun run, SandboxServer sandbox, MaiaClient reader) {
        if (run.taskId == null) {
            return new TranscriptCheck(TranscriptCheck.Verdict.UNVERIFIED, run.label() + ": never created");
        }
        long onServer = sandbox.stats().eventCount(run.taskId);
        Path jsonl = TranscriptWriter.paths(settings.workDir(), run.taskId).jsonl();
        try {
            List<JsonNode> written = eventLines(jsonl);
            run.eventsWritten = written.size();
            List<JsonNode> history = history(reader, run.taskId);
            if (history.size() != onServer) {
                return new TranscriptCheck(TranscriptCheck.Verdict.UNVERIFIED, run.label() + ": the sandbox counts "
                        + onServer + " events but serves " + history.size());
            }
            if (written.equals(history)) {
                return new TranscriptCheck(TranscriptCheck.Verdict.EQUAL, null);
            }
            int at = 0;
            while (at < Math.min(written.size(), history.size()) && written.get(at).equals(history.get(at))) {
                at++;
            }
            TranscriptCheck.Verdict verdict = at == written.size() ? TranscriptCheck.Verdict.INCOMPLETE
                    : TranscriptCheck.Verdict.WRONG;
            return new TranscriptCheck(verdict, run.label() + ": " + written.size() + " events written, " + onServer
                    + " on the server, " + (verdict == TranscriptCheck.Verdict.INCOMPLETE ? "the last "
                    + (onServer - written.size()) + " missing" : "first difference at event " + at)
                    + (run.result == null ? "" : " (" + run.result.detail() + ")"));
        } catch (IOException | MaiaException e) {
            return new TranscriptCheck(TranscriptCheck.Verdict.UNVERIFIED, run.label() + ": cannot verify: "
                    + e.getMessage());
        }
    }

    private static List<JsonNode> eventLines(Path jsonl) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        if (!Files.exists(jsonl)) {
            return events;
        }
        for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = JSON.readTree(line);
            if (!node.has(TranscriptWriter.MARKER)) {
                events.add(node);
            }
        }
        return events;
    }

    private static List<JsonNode> history(MaiaClient reader, String taskId) {
        List<JsonNode> events = new ArrayList<>();
        String token = null;
        do {
            MessagePage page = reader.getMessages(taskId, MaiaClient.MAX_MESSAGES_LIMIT, token);
            page.results().forEach(e -> events.add(e.raw()));
            token = page.more();
        } while (token != null);
        return events;
    }

    private ChaosReport report(List<TaskRun> runs, SandboxStats.Snapshot stats, List<TranscriptCheck> transcripts,
            UnhandledExceptions unhandled, List<String> warnings, Duration elapsed) {
        int trueOutcomes = 0;
        List<String> outcomeProblems = new ArrayList<>();
        List<String> unhandledDetails = new ArrayList<>();
        Set<String> followed = new HashSet<>();
        int failedFollows = 0;
        int failedLaunches = 0;
        long eventsWritten = 0;
        long eventsOnServer = 0;
        for (TaskRun run : runs) {
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
                count(transcripts, TranscriptCheck.Verdict.EQUAL), count(transcripts, TranscriptCheck.Verdict.INCOMPLETE),
                transcripts.stream().filter(c -> c.problem() != null).map(TranscriptCheck::problem).toList(),
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

    private static int count(List<TranscriptCheck> checks, TranscriptCheck.Verdict verdict) {
        return (int) checks.stream().filter(c -> c.verdict() == verdict).count();
    }

    /** How a transcript compares with the server's history. */
    private record TranscriptCheck(Verdict verdict, String problem) {
        enum Verdict {
            /** Exactly the server's events, in order, once each. */
            EQUAL,
            /** A true beginning of the history, but events at its end are missing. */
            INCOMPLETE,
            /** An event that differs, is repeated or out of order. */
            WRONG,
            /** The comparison itself could not be made. */
            UNVERIFIED
        }
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

    /** What happened to one task of the run. Written by one thread at a time (launch, then finish, then verify). */
    private static final class TaskRun {
        final int index;
        final ChaosScenario kind;
        final long seed;
        volatile String taskId;
        volatile int createRetries;
        final List<String> createFailures = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile long eventsDelivered;
        volatile long eventsWritten;
        volatile FollowResult result;
        volatile Transcripts transcripts;
        volatile Throwable followFailure;
        volatile Throwable launchFailure;
        volatile IOException transcriptFailure;

        TaskRun(int index, ChaosScenario kind, long seed) {
            this.index = index;
            this.kind = kind;
            this.seed = seed;
        }

        String branch() {
            return "chaos/task-" + index;
        }

        CreateTaskRequest request() {
            CreateTaskRequest.Builder b = CreateTaskRequest.builder()
                    .message("[scenario:" + kind.scenarioName() + "] chaos run " + seed + ", task " + index
                            + ": follow me through the faults")
                    .projectId(PROJECT_ID)
                    .environmentName("chaos")
                    .sourceBranchName("main");
            return kind.generateBranch() ? b.generateBranch(true).build() : b.targetBranchName(branch()).build();
        }

        TaskRun failedLaunch(Throwable e) {
            if (taskId == null) {
                launchFailure = e;
            } else if (followFailure == null && result == null) {
                followFailure = e;
            }
            return this;
        }

        String label() {
            return "task " + index + " (" + kind + (taskId == null ? "" : ", " + taskId) + ")";
        }
    }
}
