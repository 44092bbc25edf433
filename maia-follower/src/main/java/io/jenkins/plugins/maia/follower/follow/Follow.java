package io.jenkins.plugins.maia.follower.follow;

import io.jenkins.plugins.maia.follower.event.MessageText;
import io.jenkins.plugins.maia.follower.budget.AccountBudget;
import io.jenkins.plugins.maia.client.InvalidRequestException;
import io.jenkins.plugins.maia.client.MaiaApiException;
import io.jenkins.plugins.maia.client.MaiaException;
import io.jenkins.plugins.maia.client.MaiaTransportException;
import io.jenkins.plugins.maia.client.model.Decision;
import io.jenkins.plugins.maia.client.model.MessagePage;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskEvent;
import io.jenkins.plugins.maia.client.model.TaskStatus;
import io.jenkins.plugins.maia.client.model.TaskSummary;
import io.jenkins.plugins.maia.follower.decision.DecisionView;
import io.jenkins.plugins.maia.follower.decision.Fallback;
import io.jenkins.plugins.maia.follower.decision.HumanAnswer;
import io.jenkins.plugins.maia.follower.decision.HumanDecider;
import io.jenkins.plugins.maia.follower.decision.Verdict;
import io.jenkins.plugins.maia.follower.follow.FollowState.ProgressGate;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One follow: a small state machine driven by ticks on the shared scheduler. Every piece of work runs on the
 * follow's {@link Strand}, so the fields below are confined to it (only {@link #state} and {@link #result} are
 * read from other threads).
 *
 * <p>A tick makes at most one API call, after taking one token from the account budget through its fair queue.
 * Between calls the follow holds at most one of: a timer, a place in the budget queue, a human's pending
 * answer; while polling, a place in its project's {@link ProjectWatch} besides (the watch may overtake the timer or
 * the queue). Anything that changes course abruptly (stop, deadline, detach, the watch's news) bumps
 * {@link #generation}, so callbacks of what was planned before are ignored.
 */
final class Follow implements FollowHandle {

    private static final Logger LOG = System.getLogger(Follow.class.getName());

    /**
     * After decisions or a follow-up, how long a task that does not seem to have moved on is taken as a stale
     * read; after this the read is believed.
     */
    static final Duration PROGRESS_SETTLE = Duration.ofMinutes(2);
    /** Longest wait between attempts after transient failures. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    /**
     * While other follows wait for the account's budget and only {@code modifiedAt} moved (same status), a
     * message read is put off until this many polling {@code max} intervals since the last read, so status
     * polls keep their latency. A status change or the end always reads at once.
     */
    static final int CONGESTED_MESSAGE_DELAY_FACTOR = 4;
    /**
     * Attempts at the final message read once the caller's bound in time is reached: after TIMED_OUT, after a stop,
     * or once the follow's deadline has passed. Otherwise the final read is retried like any poll, up to
     * {@code maxConsecutiveFailures}.
     */
    static final int BOUNDED_FINAL_READ_ATTEMPTS = 3;
    /**
     * A follow watched through its project's list still reads its own task after this many polling {@code max}
     * intervals without news (60 s by default): a safety net should the list ever miss a change.
     */
    static final int WATCHED_SAFETY_READ_FACTOR = 4;

    private enum Phase { POLLING, AWAITING_HUMAN, SUBMITTING, STOPPING, FINISHING, DONE }

    private enum Call { GET_TASK, GET_MESSAGES, SUBMIT, STOP }

    /** A decision decided (by policy or human) and not yet confirmed sent. */
    private record Answer(PendingDecision pending, Decision decision, String decidedBy) {}

    private final TaskApi api;
    private final AccountBudget budget;
    private final ScheduledExecutorService scheduler;
    private final InstantSource clock;
    private final FollowOptions options;
    private final FollowListener listener;
    private final int pageSize;
    private final Strand strand;
    private final CompletableFuture<FollowResult> result = new CompletableFuture<>();
    private final String taskId;
    /** The watch of a project by id, or null when this follow reads its own task (its api cannot list). */
    private final Function<String, ProjectWatch> watches;

    private volatile FollowState state;

    // Strand-confined.
    private Phase phase = Phase.POLLING;
    private long generation;
    private ScheduledFuture<?> timer;
    private AccountBudget.Reservation reservation;
    private ProjectWatch.Subscription subscription;
    /** The planned task read follows up on a change the project's watch saw (it jumps the budget queue). */
    private boolean urgentTaskRead;
    private ScheduledFuture<?> deadlineTimer;
    private ScheduledFuture<?> graceTimer;
    private Duration interval;
    private Duration backoff;
    private int failures;
    private MaiaException lastFailure;
    private Task lastTask;
    private final MessageReader reader;
    private boolean messagesDue;
    /** The pending message read follows a status change (it jumps the budget queue). */
    private boolean statusReadPending;
    private boolean readAfterLastTask;
    private Instant changeUnreadSince;
    private Instant lastMessagesReadAt;
    private Task statusToAnnounce;
    private List<PendingDecision> decisionsDue;
    private final Map<String, Answer> unsent = new LinkedHashMap<>();
    private List<PendingDecision> toAsk = List.of();
    private CompletableFuture<HumanAnswer> humanFuture;
    private Instant stopRequestedAt;
    private boolean stopSent;
    private FollowOutcome endOutcome;
    private List<PendingDecision> endPending = List.of();
    private String endDetail;
    /** Why the final message read gave up (the result's messages are incomplete), or null. */
    private String unreadReason;

    Follow(TaskApi api, AccountBudget budget, ScheduledExecutorService scheduler, InstantSource clock,
            FollowState state, FollowOptions options, FollowListener listener, int pageSize,
            Function<String, ProjectWatch> watches) {
        this.api = api;
        this.watches = api instanceof TaskLister ? watches : null;
        this.budget = budget;
        this.scheduler = scheduler;
        this.clock = clock;
        // A state saved by an older version may hold an unmasked agent message: mask it before it goes anywhere.
        String restored = state.lastAgentMessage();
        String masked = redact(options, restored);
        this.state = Objects.equals(restored, masked) ? state : state.withCursorAndAgentMessage(state.cursor(), masked);
        this.taskId = state.taskId();
        this.options = options;
        this.listener = listener;
        this.pageSize = pageSize;
        this.reader = new MessageReader(state.cursor());
        this.interval = options.polling().initial();
        this.strand = new Strand(scheduler, () -> result.cancel(false));
    }

    void start() {
        strand.execute(() -> {
            if (isOver()) {
                return;
            }
            Instant deadline = state.deadline();
            if (deadline != null) {
                long gen = generation;
                Duration left = Duration.between(clock.instant(), deadline);
                deadlineTimer = schedule(() -> strand.execute(() -> onDeadline(gen)), left);
            }
            schedule(Call.GET_TASK, Duration.ZERO);
        });
    }

    // ---- FollowHandle ----------------------------------------------------------------------------------------

    @Override
    public CompletableFuture<FollowResult> result() {
        return result;
    }

    @Override
    public FollowState state() {
        return state;
    }

    @Override
    public String taskId() {
        return taskId;
    }

    @Override
    public void stop() {
        strand.execute(() -> {
            if (isOver() || phase == Phase.STOPPING || phase == Phase.FINISHING) {
                return;
            }
            abandonPlans();
            phase = Phase.STOPPING;
            stopRequestedAt = clock.instant();
            stopSent = false;
            failures = 0;
            backoff = null;
            interval = options.polling().initial();
            long gen = generation;
            graceTimer = schedule(() -> strand.execute(() -> onGraceExpired(gen)), options.stopGrace());
            advance();
        });
    }

    @Override
    public void detach() {
        result.cancel(false);
        strand.execute(this::shutDown);
    }

    // ---- driving -------------------------------------------------------------------------------------------------

    /** Plans the next call for the current phase. Called only when nothing is planned. */
    private void advance() {
        if (isOver()) {
            shutDown();
            return;
        }
        if (phase != Phase.STOPPING && phase != Phase.FINISHING && deadlinePassed()) {
            beginFinish(FollowOutcome.TIMED_OUT, List.of(), "the follow's deadline (" + state.deadline()
                    + ") passed; the task was left as it is");
        }
        switch (phase) {
            case POLLING -> {
                if (messagesDue) {
                    schedule(Call.GET_MESSAGES, takeBackoff(Duration.ZERO));
                    watchWhileWaiting();
                } else if (decisionsDue != null) {
                    List<PendingDecision> due = decisionsDue;
                    decisionsDue = null;
                    handleDecisions(due);
                } else {
                    pollTask();
                }
            }
            case SUBMITTING -> schedule(Call.SUBMIT, takeBackoff(Duration.ZERO));
            case STOPPING -> {
                if (!stopSent) {
                    schedule(Call.STOP, takeBackoff(Duration.ZERO));
                } else {
                    schedule(Call.GET_TASK, takeBackoff(interval));
                }
            }
            case FINISHING -> {
                if (!readAfterLastTask || reader.resyncing() || messagesDue) {
                    schedule(Call.GET_MESSAGES, takeBackoff(Duration.ZERO));
                } else {
                    complete();
                }
            }
            case AWAITING_HUMAN, DONE -> {
                // Waiting for a human's answer (no polling) or over.
            }
        }
    }

    /**
     * Plans the next read of the task while polling: through the project's watch when there is one (one list call
     * for every follow of the project says whose task changed), with a read of its own only as a slow safety net;
     * otherwise a read of its own after the polling interval. After a failure the follow reads on its own.
     */
    private void pollTask() {
        boolean afterFailure = backoff != null;
        Duration delay = takeBackoff(interval);
        ProjectWatch watch = afterFailure ? null : watch();
        if (watch != null) {
            subscription = watch.subscribe((TaskLister) api, lastTask, options.polling(), delay, subscriber());
            if (subscription != null) {
                schedule(Call.GET_TASK, options.polling().max().multipliedBy(WATCHED_SAFETY_READ_FACTOR));
                return;
            }
        }
        schedule(Call.GET_TASK, delay);
    }

    /**
     * While a routine message read waits for its token (behind other follows when the budget is saturated), the
     * project's watch goes on looking at the task: a pause or the end is then read at once instead of after the
     * queue, and a newer {@code modifiedAt} is announced without waiting for the read.
     */
    private void watchWhileWaiting() {
        if (reservation == null || statusReadPending || subscription != null || phase != Phase.POLLING) {
            return;
        }
        ProjectWatch watch = watch();
        if (watch != null) {
            subscription = watch.subscribe((TaskLister) api, lastTask, options.polling(), interval, subscriber());
        }
    }

    /** Hands what the project's watch tells onto this follow's strand, for what is planned now. */
    private ProjectWatch.Subscriber subscriber() {
        long gen = generation;
        return new ProjectWatch.Subscriber() {
            @Override
            public void changed(TaskSummary row) {
                strand.execute(() -> onWatched(gen, row));
            }

            @Override
            public void readYourself() {
                strand.execute(() -> onWatched(gen, null));
            }
        };
    }

    private ProjectWatch watch() {
        if (watches == null || lastTask == null || lastTask.agentConfig() == null) {
            return null;
        }
        String projectId = lastTask.agentConfig().projectId();
        return projectId == null || projectId.isBlank() ? null : watches.apply(projectId);
    }

    /**
     * The project's watch saw the task change ({@code row}), or cannot tell (null). A task that was and still is
     * RUNNING has nothing pending, so its row says all a read of the task would (status and {@code modifiedAt}): it
     * stands in for the read, and the messages are read next as after any change. Anything else (another status, a
     * pause, the end) needs the task itself: its pending decisions, its final state.
     */
    private void onWatched(long gen, TaskSummary row) {
        if (gen != generation || isOver() || phase != Phase.POLLING) {
            return;
        }
        subscription = null;
        boolean readWaiting = messagesDue && reservation != null; // a message read waits for its token
        boolean stillRunning = row != null && lastTask != null && lastTask.status() == TaskStatus.RUNNING
                && row.status() == TaskStatus.RUNNING;
        if (readWaiting && (row == null || stillRunning)) {
            // The read already planned will bring the messages; only say that the task moved on, and keep watching.
            if (row != null) {
                onTask(asRead(row));
                announceStatus();
                watchWhileWaiting();
            }
            return;
        }
        abandonPlans(); // the safety-net read, or a routine message read a status change now overtakes
        if (stillRunning) {
            onTask(asRead(row));
            advance();
            return;
        }
        urgentTaskRead = row != null;
        schedule(Call.GET_TASK, Duration.ZERO);
    }

    /** The last task read brought up to date by a row of the task list (status and modifiedAt). */
    private Task asRead(TaskSummary row) {
        return new Task(taskId, row.status(), lastTask.description(), lastTask.createdAt(), row.modifiedAt(),
                lastTask.agentConfig(), lastTask.grantedPermissions(), lastTask.pendingDecisions());
    }

    private Duration takeBackoff(Duration normal) {
        Duration d = backoff == null ? normal : backoff;
        backoff = null;
        return d;
    }

    /** Waits {@code delay}, then queues for a budget token, then performs {@code call} on the strand. */
    private void schedule(Call call, Duration delay) {
        long gen = generation;
        Runnable queueForToken = () -> {
            if (gen != generation || isOver()) {
                return;
            }
            timer = null;
            // A watched follow's safety-net read keeps its subscription while it waits for a token: under a saturated
            // budget that wait is long, and the watch may see a pause first (it then overtakes the read).
            Runnable onPermit = () -> strand.execute(() -> perform(gen, call));
            reservation = isUrgent(call)
                    ? budget.whenAvailableUrgently(scheduler, onPermit)
                    : budget.whenAvailable(scheduler, onPermit);
        };
        if (delay.isZero() || delay.isNegative()) {
            queueForToken.run();
        } else {
            timer = schedule(() -> strand.execute(queueForToken), delay);
        }
    }

    /**
     * Calls that follow up on a change jump the account's queue: a stop, sending decisions, a follow's first task
     * read, the task read after its project's watch saw a change, and the message read after a status change or at
     * the end. They are rare (a few per task), so routine polls stay fair, and the moments users wait for (the
     * start, the end, a question) are not delayed by a whole round of the queue.
     */
    private boolean isUrgent(Call call) {
        return switch (call) {
            case STOP, SUBMIT -> true;
            case GET_MESSAGES -> phase == Phase.FINISHING || statusReadPending;
            case GET_TASK -> urgentTaskRead || lastTask == null; // a follow that has not seen its task is blind
        };
    }

    private ScheduledFuture<?> schedule(Runnable r, Duration delay) {
        try {
            return scheduler.schedule(r, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            result.cancel(false); // the scheduler is shutting down
            return null;
        }
    }

    private void perform(long gen, Call call) {
        if (gen != generation || isOver()) {
            return; // planned before a change of course; the token is simply spent
        }
        reservation = null;
        cancelSubscription(); // what the watch would say now, this call reads itself
        if (call == Call.GET_TASK) {
            urgentTaskRead = false;
        }
        try {
            switch (call) {
                case GET_TASK -> onTask(api.getTask(taskId));
                case GET_MESSAGES -> readMessages();
                case SUBMIT -> submit();
                case STOP -> {
                    try {
                        api.stopTask(taskId);
                    } catch (MaiaApiException e) {
                        if (e.status() != 409) {
                            throw e;
                        }
                        // 409: already stopped or stopping; the polls will tell.
                    }
                    stopSent = true;
                    failures = 0;
                    interval = options.polling().initial();
                }
            }
        } catch (RuntimeException e) {
            onFailure(call, e);
        }
        advance();
    }

    // ---- task reads ----------------------------------------------------------------------------------------------

    private void onTask(Task task) {
        failures = 0;
        Instant now = clock.instant();
        boolean first = lastTask == null;
        List<String> pendingIds = ids(task.pendingDecisions());
        boolean statusChanged = first || task.status() != state.lastStatus();
        boolean changed = statusChanged || !Objects.equals(task.modifiedAt(), state.lastModifiedAt())
                || !pendingIds.equals(ids(lastTask.pendingDecisions()));
        lastTask = task;
        readAfterLastTask = false;
        settleUnsent(pendingIds);

        boolean stale = false;
        String settleNote = null;
        ProgressGate gate = state.awaitingProgress();
        if (gate != null) {
            if (movedOn(task, gate, pendingIds)) {
                state = state.withAwaitingProgress(null);
            } else if (Duration.between(gate.since(), now).compareTo(PROGRESS_SETTLE) >= 0) {
                state = state.withAwaitingProgress(null);
                settleNote = "the task showed no progress for " + PROGRESS_SETTLE.toMinutes()
                        + " minutes after the last decision or message, so its state was taken as it is";
            } else {
                stale = true;
            }
        }

        if (changed) {
            state = state.withSeen(task.status(), task.modifiedAt());
            interval = options.polling().initial();
            statusToAnnounce = task;
            if (changeUnreadSince == null) {
                changeUnreadSince = now;
            }
            if (statusChanged) {
                pushState(); // modifiedAt alone is not worth a save: a resumed follow re-reads anyway
            }
        } else {
            interval = options.polling().next(interval);
        }
        if (changeUnreadSince != null && messagesDue && statusChanged) {
            statusReadPending = true; // a read already planned now follows a status change: it jumps the queue
        } else if (changeUnreadSince != null && !messagesDue) {
            boolean readNow = statusChanged || phase != Phase.POLLING || !congested() || lastMessagesReadAt == null
                    || Duration.between(lastMessagesReadAt, now).compareTo(
                            options.polling().max().multipliedBy(CONGESTED_MESSAGE_DELAY_FACTOR)) >= 0;
            if (readNow) {
                messagesDue = true;
                statusReadPending = statusChanged;
                if (!statusChanged && phase == Phase.POLLING && congested()) {
                    announceStatus(); // the read waits its turn in a busy queue: say now that the task moved on
                }
            } else {
                announceStatus(); // the read is put off; tell listeners now
            }
        }

        if (phase == Phase.STOPPING) {
            if (task.status() == TaskStatus.STOPPED || task.status() == TaskStatus.ERRORED) {
                beginFinish(FollowOutcome.STOPPED_ON_REQUEST, List.of(), "stop requested; the task is "
                        + task.status() + " (confirmed)");
            }
            return;
        }
        if (stale) {
            return; // a read from before our last action took effect
        }
        switch (task.status()) {
            case ERRORED -> beginFinish(FollowOutcome.ERRORED, List.of(), "the task is ERRORED; its messages say why");
            case STOPPED -> {
                List<PendingDecision> pending = task.pendingDecisions();
                if (pending.isEmpty()) {
                    beginFinish(FollowOutcome.FINISHED, List.of(),
                            settleNote == null ? "the task is STOPPED with nothing pending" : settleNote);
                    return;
                }
                List<PendingDecision> unanswered = new ArrayList<>();
                for (PendingDecision p : pending) {
                    if (p.toolId() == null || !state.answered(p.toolId())) {
                        unanswered.add(p);
                    }
                }
                if (unanswered.isEmpty()) {
                    beginFinish(FollowOutcome.NEEDS_DECISION, pending, "decisions were sent for "
                            + String.join(", ", pendingIds) + " but the task still lists them as pending; "
                            + "check the task in Maia");
                } else {
                    decisionsDue = unanswered;
                }
            }
            default -> {
                // RUNNING, STOPPING, UNKNOWN: keep polling.
            }
        }
    }

    private boolean movedOn(Task task, ProgressGate gate, List<String> pendingIds) {
        if (task.status() == TaskStatus.RUNNING || task.status() == TaskStatus.STOPPING) {
            return true;
        }
        if (!new HashSet<>(pendingIds).equals(new HashSet<>(gate.pendingIds()))) {
            return true;
        }
        if (gate.modifiedAt() != null) {
            return task.modifiedAt() != null && !task.modifiedAt().equals(gate.modifiedAt());
        }
        // No modifiedAt known at the time of the action: only a modification after it counts.
        return task.modifiedAt() != null && task.modifiedAt().isAfter(gate.since());
    }

    /** Decisions sent ambiguously (no answer seen) that are no longer pending were taken by the server. */
    private void settleUnsent(List<String> pendingIds) {
        if (unsent.isEmpty() || phase == Phase.SUBMITTING) {
            return;
        }
        List<Answer> taken = new ArrayList<>();
        for (Iterator<Answer> it = unsent.values().iterator(); it.hasNext(); ) {
            Answer a = it.next();
            if (!pendingIds.contains(a.pending().toolId())) {
                taken.add(a);
                it.remove();
            }
        }
        if (!taken.isEmpty()) {
            state = state.withAnswered(taken.stream().map(a -> a.pending().toolId()).toList(),
                    state.awaitingProgress());
            taken.forEach(a -> notifyListener(l -> l.onDecision(a.pending(), a.decision(), a.decidedBy())));
            pushState();
        }
    }

    // ---- messages --------------------------------------------------------------------------------------------

    private void readMessages() {
        String token = reader.nextToken();
        MessagePage page;
        try {
            page = api.getMessages(taskId, pageSize, token);
        } catch (MaiaApiException e) {
            if (token != null && (e.status() == 400 || e.status() == 404 || e.status() == 410)) {
                // The saved token was refused (expired, or the server re-paged): re-read from the start.
                reader.restartFromBeginning();
                countFailure(e);
                return;
            }
            throw e;
        }
        boolean[] delivered = {false};
        String[] agentText = {null};
        boolean caughtUp;
        MaiaException badPaging = null;
        try {
            caughtUp = reader.accept(page, (event, after) -> {
                delivered[0] = true;
                MessageText text = MessageText.of(event);
                if (text.isAgent() && !text.text().isBlank()) {
                    // Masked whole, before the state cuts it: no part of a secret is kept.
                    agentText[0] = redact(options, text.text());
                }
                state = agentText[0] == null ? state.withCursor(after)
                        : state.withCursorAndAgentMessage(after, agentText[0]);
                deliverEvent(event);
            });
        } catch (MaiaException e) {
            // The pages go round in a loop: what was delivered stays delivered; the read counts as a failure.
            caughtUp = false;
            badPaging = e;
        }
        if (!delivered[0] && !reader.cursor().equals(state.cursor())) {
            state = state.withCursor(reader.cursor());
        }
        if (delivered[0]) {
            interval = options.polling().initial();
            pushState();
        }
        if (badPaging != null) {
            countFailure(badPaging);
            return;
        }
        failures = 0;
        if (caughtUp) {
            messagesDue = false;
            statusReadPending = false;
            readAfterLastTask = true;
            changeUnreadSince = null;
            lastMessagesReadAt = clock.instant();
            announceStatus();
        } else {
            messagesDue = true;
        }
    }

    private void deliverEvent(TaskEvent event) {
        notifyListener(l -> l.onEvent(event));
    }

    private void announceStatus() {
        Task task = statusToAnnounce;
        if (task != null) {
            statusToAnnounce = null;
            notifyListener(l -> l.onStatus(task));
        }
    }

    // ---- decisions -------------------------------------------------------------------------------------------

    private void handleDecisions(List<PendingDecision> unanswered) {
        Map<String, Answer> settled = new LinkedHashMap<>();
        List<PendingDecision> needHuman = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (PendingDecision p : unanswered) {
            Answer known = p.toolId() == null ? null : unsent.get(p.toolId());
            if (known != null) {
                settled.put(p.toolId(), known);
                continue;
            }
            Verdict verdict = options.decisions().decide(p);
            if (verdict instanceof Verdict.Settled s) {
                settled.put(p.toolId(), new Answer(p, s.decision(), "policy"));
            } else {
                needHuman.add(p);
                reasons.add(((Verdict.NeedsHuman) verdict).reason());
            }
        }
        unsent.clear();
        unsent.putAll(settled);
        if (needHuman.isEmpty()) {
            phase = Phase.SUBMITTING;
            advance();
            return;
        }
        HumanDecider decider = options.humanDecider();
        boolean answerable = needHuman.stream().allMatch(p -> p.toolId() != null && !p.toolId().isBlank());
        if (options.decisions().fallback() == Fallback.ASK && decider != null && answerable) {
            phase = Phase.AWAITING_HUMAN;
            toAsk = new ArrayList<>(needHuman);
            askNext();
            return;
        }
        String who = options.decisions().fallback() == Fallback.ASK && decider == null
                ? "; no one to ask (fallback ASK without a human decider)" : "";
        beginFinish(FollowOutcome.NEEDS_DECISION, needHuman, "waiting for a human decision: "
                + String.join("; ", reasons) + who);
        advance();
    }

    private void askNext() {
        if (toAsk.isEmpty()) {
            phase = Phase.SUBMITTING;
            advance();
            return;
        }
        PendingDecision pending = toAsk.get(0);
        HumanDecider decider = options.humanDecider();
        CompletableFuture<HumanAnswer> future;
        try {
            future = decider.answer(pending, DecisionView.of(pending));
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        if (future == null) {
            future = CompletableFuture.completedFuture(null);
        }
        humanFuture = future;
        long gen = generation;
        future.whenComplete((answer, error) -> strand.execute(() -> onHumanAnswer(gen, pending, answer, error)));
    }

    private void onHumanAnswer(long gen, PendingDecision pending, HumanAnswer answer, Throwable error) {
        if (gen != generation || isOver() || phase != Phase.AWAITING_HUMAN) {
            return;
        }
        humanFuture = null;
        String problem = null;
        if (error != null) {
            problem = "no answer from " + options.humanDecider().name() + " (" + describe(error) + ")";
        } else if (answer == null) {
            problem = "no answer from " + options.humanDecider().name();
        } else if (!pending.toolId().equals(answer.decision().id())) {
            problem = "the answer was for id " + answer.decision().id() + " but the pending decision is "
                    + pending.toolId();
        }
        if (problem != null) {
            beginFinish(FollowOutcome.NEEDS_DECISION, toAsk, problem);
            advance();
            return;
        }
        unsent.put(pending.toolId(), new Answer(pending, answer.decision(), answer.decidedBy()));
        toAsk.remove(0);
        askNext();
    }

    private void submit() {
        List<Answer> answers = List.copyOf(unsent.values());
        if (answers.isEmpty()) {
            phase = Phase.POLLING; // nothing left to send (taken meanwhile); read the task again
            return;
        }
        List<Decision> decisions = answers.stream().map(Answer::decision).toList();
        try {
            api.submitDecisions(taskId, decisions);
        } catch (MaiaApiException e) {
            if (e.status() != 409) {
                throw e;
            }
            // 409: nothing pending any more (answered elsewhere); record ours as done and let the polls tell.
        } catch (MaiaTransportException e) {
            // Maybe processed: read the task before sending again (the answers are kept, nobody is asked twice).
            phase = Phase.POLLING;
            throw e;
        }
        failures = 0;
        List<String> ids = answers.stream().map(a -> a.pending().toolId()).toList();
        List<String> pendingBefore = lastTask == null ? ids : ids(lastTask.pendingDecisions());
        state = state.withAnswered(ids, new ProgressGate(clock.instant(), state.lastModifiedAt(), pendingBefore));
        unsent.clear();
        for (Answer a : answers) {
            notifyListener(l -> l.onDecision(a.pending(), a.decision(), a.decidedBy()));
        }
        pushState();
        phase = Phase.POLLING;
        interval = options.polling().initial();
    }

    // ---- failures, deadline, stop ----------------------------------------------------------------------------

    private void onFailure(Call call, RuntimeException e) {
        MaiaException error = e instanceof MaiaException m ? m
                : new MaiaException("Unexpected error while following task " + taskId + ": " + describe(e), e);
        if (call == Call.SUBMIT && phase == Phase.SUBMITTING && isTransient(error)) {
            phase = Phase.POLLING; // 5xx after sending: read the task before sending again
        }
        if (isTransient(error)) {
            countFailure(error);
            return;
        }
        fatal(error);
    }

    private void countFailure(MaiaException error) {
        failures++;
        lastFailure = error;
        if (phase == Phase.FINISHING && failures >= finalReadAttempts()) {
            giveUpFinalRead(error); // the outcome stands; the result says its last messages are missing
            return;
        }
        if (failures >= options.maxConsecutiveFailures()) {
            fatal(new MaiaException("Gave up following task " + taskId + " after " + failures
                    + " failures in a row; the last: " + error.getMessage(), error));
            return;
        }
        long initialNanos = options.polling().initial().toNanos();
        long nanos = initialNanos << Math.min(failures - 1, 20);
        Duration wait = Duration.ofNanos(Math.min(nanos <= 0 ? Long.MAX_VALUE : nanos, MAX_BACKOFF.toNanos()));
        if (error instanceof MaiaTransportException t && t.retryAfter().isPresent()
                && t.retryAfter().get().compareTo(wait) > 0) {
            wait = t.retryAfter().get();
        }
        backoff = wait;
        LOG.log(Level.DEBUG, () -> "Task " + taskId + ": transient failure " + failures + ", next attempt in " + backoff
                + ": " + error.getMessage());
    }

    /**
     * How many failed final reads in a row end the follow: like any poll, except after TIMED_OUT, a stop, or the
     * deadline, where the caller asked for a bound in time.
     */
    private int finalReadAttempts() {
        boolean bounded = endOutcome == FollowOutcome.TIMED_OUT || endOutcome == FollowOutcome.STOPPED_ON_REQUEST
                || deadlinePassed();
        return bounded ? Math.min(BOUNDED_FINAL_READ_ATTEMPTS, options.maxConsecutiveFailures())
                : options.maxConsecutiveFailures();
    }

    static boolean isTransient(MaiaException e) {
        if (e instanceof InvalidRequestException) {
            return false;
        }
        if (e instanceof MaiaTransportException) {
            return true;
        }
        if (e instanceof MaiaApiException api) {
            int s = api.status();
            return s == 408 || s == 425 || s == 429 || s == 500 || s == 502 || s == 503 || s == 504;
        }
        return false;
    }

    private void fatal(MaiaException error) {
        if (phase == Phase.FINISHING) {
            giveUpFinalRead(error);
            return;
        }
        if (phase == Phase.STOPPING && stopSent && !(error instanceof MaiaApiException a && a.isNotFound())) {
            beginFinish(FollowOutcome.STOPPED_ON_REQUEST, List.of(), "stop requested, but the task could not be "
                    + "read afterwards: " + error.getMessage());
            readAfterLastTask = true;
            return;
        }
        shutDown();
        result.completeExceptionally(error);
    }

    /**
     * The outcome is known and stands; only the final message read failed. Never silently: the result is flagged
     * with the reason, and its state lets a new follow read the missing messages.
     */
    private void giveUpFinalRead(MaiaException error) {
        String reason = failures > 1 ? failures + " attempts in a row failed; the last: " + error.getMessage()
                : error.getMessage();
        unreadReason = reason;
        endDetail = endDetail + "; the last messages could not be read (" + reason + "), so the messages seen "
                + "here and any transcript miss them; a new follow from this result's state reads them";
        readAfterLastTask = true;
        messagesDue = false;
        complete();
    }

    private void onDeadline(long gen) {
        if (isOver() || phase == Phase.STOPPING) {
            return;
        }
        if (phase == Phase.FINISHING) {
            // The outcome is known. Only a failing final read could keep the follow past its deadline: if it has
            // used its bounded attempts, end now rather than after the next backoff.
            if (lastFailure != null && failures >= finalReadAttempts()) {
                abandonPlans();
                giveUpFinalRead(lastFailure);
            }
            return;
        }
        abandonPlans();
        beginFinish(FollowOutcome.TIMED_OUT, List.of(), "the follow's deadline (" + state.deadline()
                + ") passed; the task was left as it is");
        advance();
    }

    private void onGraceExpired(long gen) {
        if (isOver() || phase != Phase.STOPPING) {
            return;
        }
        abandonPlans();
        String what = stopSent
                ? "stop requested, but the task was still " + (lastTask == null ? "not read" : lastTask.status())
                        + " after the stop grace of " + options.stopGrace().toSeconds() + " s (not confirmed)"
                : "the stop request could not be sent within the stop grace of " + options.stopGrace().toSeconds()
                        + " s" + (lastFailure == null ? "" : ": " + lastFailure.getMessage());
        beginFinish(FollowOutcome.STOPPED_ON_REQUEST, List.of(), what);
        advance();
    }

    private boolean deadlinePassed() {
        return state.deadline() != null && !clock.instant().isBefore(state.deadline());
    }

    private void beginFinish(FollowOutcome outcome, List<PendingDecision> pending, String detail) {
        cancelHuman();
        endOutcome = outcome;
        endPending = outcome == FollowOutcome.NEEDS_DECISION ? List.copyOf(pending) : List.of();
        endDetail = detail;
        phase = Phase.FINISHING;
        decisionsDue = null;
        failures = 0; // the final read has attempts of its own (a pending backoff or Retry-After still holds)
    }

    private void complete() {
        announceStatus();
        FollowState finalState = state;
        shutDown();
        pushState();
        result.complete(new FollowResult(endOutcome, lastTask, finalState, endPending, finalState.lastAgentMessage(),
                redact(options, endDetail), redact(options, unreadReason)));
    }

    /** Forgets whatever was planned (timer, queue place, human question). */
    private void abandonPlans() {
        generation++;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        if (reservation != null) {
            reservation.cancel();
            reservation = null;
        }
        cancelSubscription();
        urgentTaskRead = false;
        cancelHuman();
    }

    private void cancelSubscription() {
        if (subscription != null) {
            subscription.cancel();
            subscription = null;
        }
    }

    private void cancelHuman() {
        if (humanFuture != null) {
            CompletableFuture<HumanAnswer> f = humanFuture;
            humanFuture = null;
            f.cancel(false);
        }
    }

    private void shutDown() {
        if (phase == Phase.DONE) {
            return;
        }
        phase = Phase.DONE;
        abandonPlans();
        if (deadlineTimer != null) {
            deadlineTimer.cancel(false);
        }
        if (graceTimer != null) {
            graceTimer.cancel(false);
        }
    }

    private boolean isOver() {
        return phase == Phase.DONE || result.isDone();
    }

    private boolean congested() {
        return budget.waiting() > 0;
    }

    private void pushState() {
        FollowState s = state;
        notifyListener(l -> l.onStateChanged(s));
    }

    private void notifyListener(Consumer<FollowListener> call) {
        if (result.isCancelled()) {
            // Detached (or the scheduler is going away): the caller has moved on, and may be saving its state for
            // a restart; a tick that was under way when it detached must not write after that.
            return;
        }
        try {
            call.accept(listener);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, () -> "A listener of task " + taskId + " failed: " + describe(e));
        }
    }

    private static List<String> ids(List<PendingDecision> pending) {
        List<String> ids = new ArrayList<>(pending.size());
        for (PendingDecision p : pending) {
            ids.add(p.toolId());
        }
        return ids;
    }

    /** {@code text} through the follow's redactor; a redactor that returns null for a text gives "". */
    private static String redact(FollowOptions options, String text) {
        if (text == null) {
            return null;
        }
        String masked = options.redactor().redact(text);
        return masked == null ? "" : masked;
    }

    private static String describe(Throwable e) {
        Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** After {@link #detach()}: waits (until {@code deadlineNanos}) for a tick that was already running. */
    boolean awaitRunningTick(long deadlineNanos) throws InterruptedException {
        return strand.awaitRunningWork(deadlineNanos);
    }

    /** For tests: the message reader's restart count. */
    int resyncs() {
        return reader.resyncs();
    }

    @Override
    public String toString() {
        return "Follow[" + taskId + "]";
    }
}
