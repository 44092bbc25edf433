package io.jenkins.plugins.maia.follower.graph;

import io.jenkins.plugins.maia.client.model.CreatedTask;
import io.jenkins.plugins.maia.follower.budget.AccountBudget;
import io.jenkins.plugins.maia.follower.follow.FollowHandle;
import io.jenkins.plugins.maia.follower.follow.FollowListener;
import io.jenkins.plugins.maia.follower.follow.FollowOutcome;
import io.jenkins.plugins.maia.follower.follow.FollowResult;
import io.jenkins.plugins.maia.follower.follow.FollowState;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs a {@link TaskGraph}: creates each task when its {@link GraphSchedule} says so, follows it, and completes
 * {@link #result()} once no task runs or waits. Every create and follow goes through one {@link TaskLauncher}, so all
 * tasks share the account's rate budget; no thread waits (everything runs on the launcher's scheduler).
 *
 * <p>Resumable: the {@link GraphState} told to {@link GraphListener#onStateChanged} records each create's time before
 * it is asked for. Given back to {@link #start}, a task that FINISHED is not run again; one that was created and
 * paused, timed out or lost its follow is followed again from its saved state; one whose create was asked for but
 * not answered is looked for before it is created (the client's duplicate-safe create); one that ERRORED or was
 * stopped is run afresh.
 *
 * <p>Thread-safe: decisions are taken under one lock, and the calls they lead to are made outside it.
 */
public final class GraphRun {

    private static final Logger LOG = System.getLogger(GraphRun.class.getName());
    /** Saved outcomes after which a new run creates the task afresh rather than following it again. */
    private static final Set<String> RUN_AFRESH = Set.of(FollowOutcome.ERRORED.name(),
            FollowOutcome.STOPPED_ON_REQUEST.name(), "STOPPED");

    private final TaskGraph graph;
    private final TaskLauncher launcher;
    private final InstantSource clock;
    private final GraphListener listener;
    private final GraphSchedule schedule;
    private final CompletableFuture<GraphResult> result = new CompletableFuture<>();
    private final Map<String, GraphTaskResult> results = new HashMap<>();
    private final Map<String, FollowHandle> handles = new HashMap<>();
    private final Map<String, Instant> startedAt = new HashMap<>();
    /**
     * The account's tokens held back for the calls that start dependents, from the start until no task others depend
     * on is left (then the last tasks' own calls are not held back for nothing), or the end.
     */
    private final AtomicReference<AccountBudget.Hold> budgetHold = new AtomicReference<>();
    /** Tasks the run wants stopped (failFast, abort); one still being created is stopped once its follow starts. */
    private final Set<String> stopWanted = new HashSet<>();
    private final Map<String, String> stopReasons = new HashMap<>();
    private GraphState state;

    private GraphRun(TaskGraph graph, TaskLauncher launcher, InstantSource clock, GraphListener listener,
            GraphState saved) {
        this.graph = graph;
        this.launcher = launcher;
        this.clock = clock;
        this.listener = listener;
        this.schedule = GraphSchedule.of(graph);
        Map<String, TaskProgress> kept = new LinkedHashMap<>();
        for (GraphTask t : graph.tasks()) {
            TaskProgress p = saved.task(t.id());
            if (p != null) {
                kept.put(t.id(), p);
            }
        }
        this.state = new GraphState(kept);
    }

    /**
     * Starts {@code graph}, continuing {@code saved} (use {@link GraphState#empty()} for a new run).
     *
     * @throws IllegalArgumentException when {@code saved} holds a task of this graph with another request
     *                                  ({@link GraphState#mismatches}); nothing has been called then
     */
    public static GraphRun start(TaskGraph graph, TaskLauncher launcher, InstantSource clock, GraphListener listener,
            GraphState saved) {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(launcher, "launcher");
        Objects.requireNonNull(clock, "clock");
        GraphState previous = saved == null ? GraphState.empty() : saved;
        List<String> mismatches = previous.mismatches(graph);
        if (!mismatches.isEmpty()) {
            throw new InvalidGraphException(mismatches);
        }
        GraphRun run = new GraphRun(graph, launcher, clock, listener == null ? new GraphListener() {} : listener,
                previous);
        run.budgetHold.set(launcher.holdBudget());
        run.result.whenComplete((r, e) -> run.releaseBudget());
        run.begin();
        if (run.nothingAwaitedLeft()) {
            run.releaseBudget(); // no dependencies at all, or every task others wait on finished in an earlier run
        }
        return run;
    }

    /** Completes once every task ended or was skipped; never exceptionally (a failed task is a result). */
    public CompletableFuture<GraphResult> result() {
        return result;
    }

    /** The progress so far (what the listener was last told). */
    public synchronized GraphState state() {
        return state;
    }

    /** Stops the running tasks (a stop request each, as a user's abort) and skips the rest. */
    public void abort(String reason) {
        List<FollowHandle> toStop;
        synchronized (this) {
            GraphSchedule.Consequences c = schedule.abort(reason);
            toStop = apply(c, "aborted: " + reason);
            finishIfDone();
        }
        toStop.forEach(FollowHandle::stop);
    }

    private void begin() {
        synchronized (this) {
            for (GraphTask t : graph.tasks()) {
                TaskProgress p = state.task(t.id());
                if (p != null && p.finished()) {
                    schedule.finishedEarlier(t.id());
                    results.put(t.id(), new GraphTaskResult(t.id(), GraphTaskResult.Kind.FINISHED, p.taskId(), null,
                            "finished in an earlier run", null, null, p.targetBranchName()));
                }
            }
        }
        pump();
    }

    /** Starts what may start now. */
    private void pump() {
        List<Runnable> launches = new ArrayList<>();
        synchronized (this) {
            for (String id : schedule.startable()) {
                launches.add(prepare(graph.task(id)));
            }
            finishIfDone();
        }
        launches.forEach(Runnable::run);
    }

    /** Under the lock: records the start (and the create's time, saved before the create) and returns the call. */
    private Runnable prepare(GraphTask task) {
        Instant now = clock.instant();
        startedAt.put(task.id(), now);
        TaskProgress p = state.task(task.id());
        boolean afresh = p == null || p.requestedAt() == null
                || (p.outcome() != null && RUN_AFRESH.contains(p.outcome()));
        if (afresh) {
            TaskProgress requested = TaskProgress.notStarted(task.request()).requested(now);
            update(task.id(), requested);
            tell(l -> l.onTaskStarted(task, false));
            return () -> create(task, requested.requestedAt(), true);
        }
        // Running again: no outcome until it ends, so that its follow's progress is saved as it goes.
        update(task.id(), p.created(p.taskId()));
        tell(l -> l.onTaskStarted(task, true));
        if (p.taskId() == null) {
            return () -> create(task, p.requestedAt(), false);
        }
        FollowState saved = p.followState() != null && p.followState().taskId().equals(p.taskId())
                ? p.followState() : FollowState.start(p.taskId(), null);
        return () -> follow(task, p.taskId(), saved, null);
    }

    private void create(GraphTask task, Instant requestedAt, boolean firstAttempt) {
        CompletableFuture<CreatedTask> created;
        try {
            created = launcher.create(task.request(), requestedAt, firstAttempt);
        } catch (RuntimeException e) {
            created = CompletableFuture.failedFuture(e);
        }
        created.whenComplete((c, error) -> {
            if (error != null) {
                ended(task.id(), null, error);
                return;
            }
            synchronized (this) {
                update(task.id(), state.task(task.id()).created(c.taskId()));
                tell(l -> l.onTaskCreated(task, c.taskId()));
            }
            follow(task, c.taskId(), FollowState.start(c.taskId(), null), c);
        });
    }

    /** @param created the create's answer when the task was just created here (its first read), else null */
    private void follow(GraphTask task, String taskId, FollowState from, CreatedTask created) {
        Instant deadline = task.timeout() == null ? null : clock.instant().plus(task.timeout());
        FollowListener own = null;
        try {
            own = listener.followListener(task, taskId);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "The follow listener of task " + task.id() + " could not be made", e);
        }
        FollowListener progress = new FollowListener() {
            @Override
            public void onStateChanged(FollowState s) {
                synchronized (GraphRun.this) {
                    TaskProgress p = state.task(task.id());
                    if (p.outcome() == null) {
                        update(task.id(), p.following(s));
                    }
                }
            }
        };
        FollowHandle handle;
        try {
            // The task's own listener first: its transcript holds the events before the run saves the state past them.
            FollowListener both = FollowListener.all(own, progress);
            FollowState followFrom = from.withDeadline(deadline);
            boolean awaited = graph.awaited(task.id());
            if (created != null) {
                handle = launcher.followCreated(created, task.request(), followFrom, task.options(), both, awaited);
            } else {
                handle = awaited ? launcher.followAwaited(followFrom, task.options(), both)
                        : launcher.follow(followFrom, task.options(), both);
            }
        } catch (RuntimeException e) {
            ended(task.id(), null, e);
            return;
        }
        boolean stopNow;
        synchronized (this) {
            handles.put(task.id(), handle);
            stopNow = stopWanted.contains(task.id());
        }
        if (stopNow) {
            handle.stop();
        }
        handle.result().whenComplete((r, error) -> ended(task.id(), r, error));
    }

    /** A task's create or follow ended: record it, then skip, stop and start what follows from it. */
    private void ended(String id, FollowResult r, Throwable error) {
        List<FollowHandle> toStop;
        synchronized (this) {
            handles.remove(id);
            TaskProgress p = state.task(id);
            GraphTaskResult.Kind kind;
            String reason = null;
            String how;
            if (error != null) {
                kind = GraphTaskResult.Kind.FAILED;
                reason = describe(error);
                how = "FAILED";
            } else if (r.outcome() == FollowOutcome.FINISHED) {
                kind = GraphTaskResult.Kind.FINISHED;
                how = FollowOutcome.FINISHED.name();
            } else if (stopWanted.contains(id)) {
                kind = GraphTaskResult.Kind.STOPPED;
                reason = stopReasons.get(id);
                how = r.outcome().name();
            } else {
                kind = GraphTaskResult.Kind.ENDED;
                how = r.outcome().name();
            }
            String branch = r == null ? null : r.targetBranchName();
            TaskProgress after = p.ended(how, branch);
            update(id, r == null ? after : after.following(r.state()));
            GraphTaskResult done = new GraphTaskResult(id, kind, p.taskId(), r, reason, startedAt.get(id),
                    clock.instant(), after.targetBranchName());
            results.put(id, done);
            tell(l -> l.onTaskEnded(done));
            String words = kind == GraphTaskResult.Kind.STOPPED ? "stopped" : how;
            GraphSchedule.Consequences c = schedule.ended(id, kind == GraphTaskResult.Kind.FINISHED, words);
            toStop = apply(c, "failFast: '" + id + "' did not finish (" + words + ")");
        }
        toStop.forEach(FollowHandle::stop);
        if (nothingAwaitedLeft()) {
            releaseBudget();
        }
        pump();
    }

    private synchronized boolean nothingAwaitedLeft() {
        return graph.tasks().stream().filter(t -> graph.awaited(t.id())).allMatch(t -> results.containsKey(t.id()));
    }

    private void releaseBudget() {
        AccountBudget.Hold hold = budgetHold.getAndSet(null);
        if (hold != null) {
            hold.close();
        }
    }

    /** Under the lock: records the skipped tasks and marks the ones to stop; returns the handles to stop now. */
    private List<FollowHandle> apply(GraphSchedule.Consequences c, String stopReason) {
        for (GraphSchedule.Skip s : c.skipped()) {
            GraphTaskResult skipped = new GraphTaskResult(s.id(), GraphTaskResult.Kind.SKIPPED, null, null,
                    s.reason(), null, null, null);
            results.put(s.id(), skipped);
            tell(l -> l.onTaskEnded(skipped));
        }
        List<FollowHandle> toStop = new ArrayList<>();
        for (String id : c.toStop()) {
            if (stopWanted.add(id)) {
                stopReasons.put(id, stopReason);
                FollowHandle h = handles.get(id);
                if (h != null) {
                    toStop.add(h);
                }
            }
        }
        return toStop;
    }

    private void finishIfDone() {
        if (schedule.done() && !result.isDone()) {
            List<GraphTaskResult> ordered = graph.tasks().stream().map(t -> results.get(t.id())).toList();
            result.complete(new GraphResult(ordered));
        }
    }

    private void update(String id, TaskProgress progress) {
        state = state.with(id, progress);
        GraphState now = state;
        tell(l -> l.onStateChanged(now));
    }

    private void tell(Consumer<GraphListener> call) {
        try {
            call.accept(listener);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "A task graph listener failed; the run goes on", e);
        }
    }

    private static String describe(Throwable error) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof CancellationException) {
            return "the follow was cancelled (the process is shutting down)";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
