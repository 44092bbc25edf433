package io.jenkins.plugins.maia.quant.mirror;

import io.jenkins.plugins.maia.client.Backoff;
import io.jenkins.plugins.maia.client.InvalidRequestException;
import io.jenkins.plugins.maia.client.InvalidRequestException.Violation;
import io.jenkins.plugins.maia.follower.budget.AccountBudget;
import io.jenkins.plugins.maia.follower.budget.BudgetSettings;
import io.jenkins.plugins.maia.follower.event.TextRedactor;
import io.jenkins.plugins.maia.quant.client.QuantTransportException;
import io.jenkins.plugins.maia.quant.model.QuantStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Mirrors Maia agent tasks to one Quant task list: one Quant task per Maia task, kept up to date from the follows
 * ({@link MirroredTask#listener()}) and from what a follow cannot see (waiting for dependencies, skipped, gave up).
 *
 * <p>Nothing here can slow a Maia follow down. The handles only record the state Quant should show and return at
 * once; the writing happens on the mirror's own scheduler thread, drawing on its own small rate budget, with at most
 * one pending write per task (a newer state replaces an unsent one, so the queue is bounded by the number of tasks).
 * Writes to one task are at least {@link #MIN_UPDATE_INTERVAL} apart; the last state is always sent. A failing Quant
 * is retried with backoff (its {@code Retry-After} honoured), warned about once per kind of failure, and
 * {@link #close(Duration)} says which tasks' last state could not be written.
 */
public final class QuantMirror implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(QuantMirror.class.getName());

    /** At most one write per task in this interval (the create counts). */
    public static final Duration MIN_UPDATE_INTERVAL = Duration.ofSeconds(5);
    /** The mirror's own budget: Quant publishes no rate limit, and the mirror should never be a burden. */
    public static final BudgetSettings DEFAULT_BUDGET = new BudgetSettings(30, 5);
    /** How long {@link #close()} waits for the last states. */
    public static final Duration DEFAULT_CLOSE_GRACE = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_TASKS = 10_000;
    static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    private final MirrorWrites writes;
    private final AccountBudget budget;
    private final ScheduledExecutorService scheduler;
    private final boolean ownScheduler;
    private final InstantSource clock;
    private final String taskListId;
    private final TextRedactor redactor;
    private final MirrorWarnings warnings;
    private final Duration minInterval;
    private final int maxTasks;

    // Guarded by this.
    private final Map<String, TaskRecord> records = new LinkedHashMap<>();
    private String disabled;
    private boolean closing;
    private boolean toldFull;
    private CompletableFuture<MirrorReport> drained;

    QuantMirror(MirrorWrites writes, AccountBudget budget, ScheduledExecutorService scheduler, boolean ownScheduler,
            InstantSource clock, String taskListId, TextRedactor redactor, Consumer<String> warnings,
            Duration minInterval, int maxTasks) {
        this.writes = writes;
        this.budget = budget;
        this.scheduler = scheduler;
        this.ownScheduler = ownScheduler;
        this.clock = clock;
        this.taskListId = taskListId;
        this.redactor = redactor;
        this.warnings = new MirrorWarnings(warnings);
        this.minInterval = minInterval;
        this.maxTasks = maxTasks;
    }

    /** Required: client, taskListId, createdBy. */
    public static QuantMirrorBuilder builder() {
        return new QuantMirrorBuilder();
    }

    public String taskListId() {
        return taskListId;
    }

    /**
     * Starts mirroring a task; its Quant task is created as soon as the budget allows (after those of its
     * dependencies), with status pending. Returns at once.
     *
     * @throws InvalidRequestException when the key is blank or taken, or a dependency was not added before
     */
    public MirroredTask add(MirrorEntry entry) {
        return add(entry, r -> { });
    }

    private MirroredTask add(MirrorEntry entry, Consumer<TaskRecord> init) {
        List<Violation> v = new ArrayList<>();
        if (entry == null || entry.key() == null || entry.key().isBlank()) {
            throw new InvalidRequestException(List.of(new Violation("key", "is missing; give each mirrored task a key")));
        }
        synchronized (this) {
            if (records.containsKey(entry.key())) {
                v.add(new Violation("key", "'" + entry.key() + "' is already mirrored; give each task its own key"));
            }
            List<TaskRecord> dependencies = new ArrayList<>();
            for (int i = 0; i < entry.dependsOn().size(); i++) {
                TaskRecord d = records.get(entry.dependsOn().get(i));
                if (d == null) {
                    v.add(new Violation("dependsOn[" + i + "]", "'" + entry.dependsOn().get(i) + "' was not added to"
                            + " the mirror; add the tasks a task depends on before it"));
                } else {
                    dependencies.add(d);
                }
            }
            if (!v.isEmpty()) {
                throw new InvalidRequestException(v);
            }
            if (records.size() >= maxTasks || closing) {
                if (!toldFull) {
                    toldFull = true;
                    warnings.tell("Quant mirror: " + (closing ? "the mirror is closing" : "already " + maxTasks
                            + " tasks in this run") + "; task \"" + entry.key() + "\" and later ones are not mirrored.");
                }
                return new MirroredTask(this, null);
            }
            TaskRecord r = new TaskRecord(entry, QuantMapping.title(entry.message(), redactor),
                    QuantMapping.description(entry.message(), redactor), dependencies);
            records.put(entry.key(), r);
            init.accept(r);
            arm(r);
            return new MirroredTask(this, r);
        }
    }

    /**
     * Mirrors a Maia task that an earlier run already mirrored (e.g. {@code maia watch} after {@code maia run} left
     * it paused): its first write looks in the task list for the Quant task of the same title whose metadata names
     * {@code maiaTaskId}, and creates one only when there is none. The task starts {@code in_progress}.
     */
    public MirroredTask addStarted(MirrorEntry entry, String maiaTaskId) {
        return add(entry, r -> {
            r.maiaTaskId = maiaTaskId;
            r.createMayHaveSucceeded = maiaTaskId != null;
            r.firstCreateAttemptAt = Instant.EPOCH.plus(MirrorWrites.CLOCK_SKEW);
            r.desired = r.desired.withStatus(QuantStatus.IN_PROGRESS, null).withMetadata(r.metadata());
        });
    }

    /**
     * Mirrors a task that an earlier run of the same batch may already have mirrored to this task list (a batch
     * continued from its saved state): its first write looks in the task list for the newest task of the same title
     * that no other mirrored task holds (whose metadata names {@code maiaTaskId}, when that is known), and creates one
     * only when there is none, so a continued batch shows each task once. The task starts {@code pending}.
     */
    public MirroredTask addFromEarlierRun(MirrorEntry entry, String maiaTaskId) {
        return add(entry, r -> {
            r.maiaTaskId = maiaTaskId;
            r.createMayHaveSucceeded = true;
            r.firstCreateAttemptAt = Instant.EPOCH.plus(MirrorWrites.CLOCK_SKEW);
            r.desired = r.desired.withMetadata(r.metadata());
        });
    }

    /** Applies {@code edit} to the record's desired state, unless the run's last state is already set. */
    synchronized void change(TaskRecord r, Consumer<TaskRecord> edit) {
        if (r.desired.ended()) {
            return;
        }
        edit.accept(r);
        arm(r);
    }

    synchronized String quantId(TaskRecord r) {
        return r.quantId;
    }

    TextRedactor redactor() {
        return redactor;
    }

    /**
     * Sends what is left and completes when every task's current state is on Quant or can never be (refused); it
     * does not stop the mirror. {@link #close(Duration)} waits for it.
     */
    public synchronized CompletableFuture<MirrorReport> drain() {
        closing = true;
        if (drained == null) {
            drained = new CompletableFuture<>();
        }
        records.values().forEach(this::arm);
        checkDrained();
        return drained;
    }

    /**
     * Waits up to {@code grace} for the last states, then stops the mirror's thread. Each task whose last state is
     * not on Quant gets one line through the warning sink, and is listed in the report.
     */
    public MirrorReport close(Duration grace) {
        CompletableFuture<MirrorReport> done = drain();
        MirrorReport report;
        try {
            report = done.get(grace.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            report = snapshot("not written within " + grace.toSeconds() + " s of the end of the run");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            report = snapshot("the run was interrupted before it was written");
        } catch (ExecutionException e) {
            report = snapshot("the mirror failed: " + e.getCause());
        } finally {
            if (ownScheduler) {
                scheduler.shutdownNow();
            }
        }
        report.lines().forEach(warnings::tell);
        return report;
    }

    @Override
    public void close() {
        close(DEFAULT_CLOSE_GRACE);
    }

    /**
     * Without waiting: the tasks whose current state is not on Quant because writing it failed (refused, or failing
     * and being retried). A task only waiting for its turn is not listed. For hosts whose log closes before the
     * mirror may finish, such as a Jenkins build.
     */
    public synchronized MirrorReport failingNow() {
        MirrorReport all = report("not written yet");
        return new MirrorReport(taskListId, all.tasks(), all.unwritten().stream().filter(u -> {
            TaskRecord r = records.get(u.key());
            return disabled != null || r.abandoned != null || r.lastFailure != null;
        }).toList());
    }

    private synchronized MirrorReport snapshot(String notYet) {
        return report(notYet);
    }

    // Guarded by this. Schedules the next write of r unless one is pending or there is nothing to do.
    private void arm(TaskRecord r) {
        if (r.armed || r.abandoned != null || disabled != null || r.quantId == null && !r.dependenciesSettled()
                || r.inSync()) {
            return;
        }
        Instant now = clock.instant();
        Instant at = now;
        if (r.lastAttemptAt != null && r.lastAttemptAt.plus(minInterval).isAfter(at)) {
            at = r.lastAttemptAt.plus(minInterval);
        }
        if (r.retryNotBefore != null && r.retryNotBefore.isAfter(at)) {
            at = r.retryNotBefore;
        }
        r.armed = true;
        try {
            Runnable due = () -> budget.whenAvailable(scheduler, () -> write(r));
            scheduler.schedule(due, Duration.between(now, at).toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            r.armed = false; // the mirror is closed
        }
    }

    /** One write on the mirror's thread: planned under the lock, sent outside it, its outcome booked under it. */
    private void write(TaskRecord r) {
        MirrorWrites.Write w;
        synchronized (this) {
            w = r.abandoned != null || disabled != null ? null : writes.next(r, claimedIds());
            if (w == null) {
                r.armed = false;
                checkDrained();
                return;
            }
            r.lastAttemptAt = clock.instant();
            if (w.kind() == MirrorWrites.Kind.CREATE && r.firstCreateAttemptAt == null) {
                r.firstCreateAttemptAt = r.lastAttemptAt;
            }
        }
        MirrorWrites.Outcome outcome = writes.run(w);
        synchronized (this) {
            r.armed = false;
            if (outcome.failure() == null) {
                succeeded(r, w, outcome.quantId());
            } else {
                failed(r, w, outcome.failure());
            }
            arm(r);
            checkDrained();
        }
    }

    // Guarded by this.
    private void succeeded(TaskRecord r, MirrorWrites.Write w, String quantId) {
        r.failures = 0;
        r.retryNotBefore = null;
        r.lastFailure = null;
        switch (w.kind()) {
            case CREATE -> {
                r.quantId = quantId;
                r.sent = w.writes();
                armDependents(r);
            }
            case FIND_LOST_CREATE -> {
                r.createMayHaveSucceeded = false;
                if (quantId != null) {
                    LOG.log(Level.FINE, "Quant mirror: found the task an earlier create made for {0}", r.title);
                    r.quantId = quantId;
                    r.sent = null;
                    armDependents(r);
                }
            }
            case UPDATE -> r.sent = w.writes();
        }
    }

    // Guarded by this.
    private void failed(TaskRecord r, MirrorWrites.Write w, RuntimeException e) {
        FailureKind kind = FailureKind.of(e);
        String message = String.valueOf(e.getMessage());
        r.lastFailure = message;
        warnings.failure(kind, r.title, message);
        if (kind == FailureKind.CREDENTIALS_REFUSED) {
            disabled = message;
            return;
        }
        if (!kind.retried()) {
            r.abandoned = message;
            armDependents(r);
            return;
        }
        if (w.kind() == MirrorWrites.Kind.CREATE && !(e instanceof QuantTransportException t
                && !t.requestMayHaveBeenProcessed())) {
            r.createMayHaveSucceeded = true;
        }
        r.failures++;
        // The project's one backoff step (1 s, 2 s, 4 s ... up to MAX_BACKOFF), or longer when Quant asks for it.
        Duration wait = Backoff.doubling(Duration.ofSeconds(1), MAX_BACKOFF, r.failures);
        if (e instanceof QuantTransportException t && t.retryAfter().isPresent()
                && t.retryAfter().get().compareTo(wait) > 0) {
            wait = t.retryAfter().get();
        }
        r.retryNotBefore = clock.instant().plus(wait);
    }

    // Guarded by this.
    private void armDependents(TaskRecord r) {
        for (TaskRecord other : records.values()) {
            if (other.quantId == null && other.dependencies.contains(r)) {
                arm(other);
            }
        }
    }

    // Guarded by this.
    private Set<String> claimedIds() {
        return records.values().stream().map(t -> t.quantId).filter(Objects::nonNull).collect(Collectors.toSet());
    }

    // Guarded by this.
    private void checkDrained() {
        if (drained == null || drained.isDone()) {
            return;
        }
        for (TaskRecord r : records.values()) {
            if (disabled == null && r.abandoned == null && !r.inSync()) {
                return;
            }
        }
        drained.complete(report("not written"));
    }

    // Guarded by this.
    private MirrorReport report(String notYet) {
        List<MirrorReport.Unwritten> unwritten = new ArrayList<>();
        for (TaskRecord r : records.values()) {
            if (r.inSync()) {
                continue;
            }
            String reason = disabled != null ? "Quant refused the token: " + disabled
                    : r.abandoned != null ? r.abandoned
                    : notYet + (r.lastFailure == null ? "" : "; the last attempt failed: " + r.lastFailure);
            unwritten.add(new MirrorReport.Unwritten(r.entry.key(), r.title, r.desired.status().wire(), reason));
        }
        return new MirrorReport(taskListId, records.size(), unwritten);
    }
}
