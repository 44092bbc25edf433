package io.jenkins.plugins.maia.follower.follow;

import io.jenkins.plugins.maia.client.MaiaException;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskSummary;
import io.jenkins.plugins.maia.follower.decision.SettledDecision;
import io.jenkins.plugins.maia.follower.event.MessageText;
import io.jenkins.plugins.maia.follower.event.TaskNotice;
import io.jenkins.plugins.maia.follower.follow.DecisionRound.Answer;
import io.jenkins.plugins.maia.follower.follow.FollowState.ProgressGate;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * What a follow has seen of its task, kept and told: the state the caller saves, the last task read, the polling
 * interval that follows from the changes seen, the messages ({@link MessageReads}), and the listener, which is called
 * in order and only while the caller is attached. It also keeps what the result reports beyond the state: what the
 * events said about the end (a stop, an error) and the decisions sent. The follow decides what to do; this applies
 * what its calls brought.
 */
final class FollowRecorder {

    private static final Logger LOG = System.getLogger(FollowRecorder.class.getName());

    /** Most decisions a result lists (the oldest are dropped after that; the transcript has them all). */
    static final int MAX_DECISIONS = 1_000;

    // Set at construction; read from any thread.
    private final String taskId;
    private final FollowOptions options;
    private final FollowListener listener;
    private final InstantSource clock;
    /** The follow's result: cancelled once the caller detached, after which the listener hears nothing more. */
    private final Future<?> result;

    // Written on the follow's strand, read from any thread (FollowHandle.state()).
    private volatile FollowState state;

    // Confined to the follow's strand.
    private Task lastTask;
    private Duration interval;
    private final MessageReads messages;
    /** The events' last word on a stop, since the task last ran again; null when they said none. */
    private TaskNotice stopNotice;
    /** The text of the last error event since the task last ran again (masked, cut); null when none. */
    private String lastError;
    private final List<SettledDecision> decisions = new ArrayList<>();
    /** Why the follow stopped the task itself, or null. */
    private String stopReason;

    FollowRecorder(FollowState start, FollowOptions options, FollowListener listener, InstantSource clock,
            Future<?> result) {
        this.taskId = start.taskId();
        this.options = options;
        this.listener = listener;
        this.clock = clock;
        this.result = result;
        // A state saved by an older version may hold an unmasked agent message: mask it before it goes anywhere.
        String restored = start.lastAgentMessage();
        String masked = redact(restored);
        this.state = Objects.equals(restored, masked) ? start : start.withCursorAndAgentMessage(start.cursor(), masked);
        this.interval = options.polling().initial();
        this.messages = new MessageReads(start.cursor());
    }

    FollowState state() {
        return state;
    }

    /** The last task read, or null before the first read. */
    Task lastTask() {
        return lastTask;
    }

    /** The polling interval: {@code initial} after any change, growing while the task is quiet. */
    Duration interval() {
        return interval;
    }

    MessageReads messages() {
        return messages;
    }

    /** The polling policy of the follow. */
    PollingPolicy policy() {
        return options.polling();
    }

    /** The time left until the follow's deadline (in its state), or null when it has none. */
    Duration untilDeadline() {
        Instant deadline = state.deadline();
        return deadline == null ? null : Duration.between(clock.instant(), deadline);
    }

    /** Whether the follow's deadline (in its state) has passed. */
    boolean deadlinePassed() {
        Instant deadline = state.deadline();
        return deadline != null && !clock.instant().isBefore(deadline);
    }

    /** Something happened that calls for a prompt look at the task (a stop, decisions sent). */
    void resetInterval() {
        interval = options.polling().initial();
    }

    /**
     * Applies a task read: the answers the server {@code taken} meanwhile, what the read means
     * ({@link TaskRead}), the state, the interval, whether its messages are due, and the announcement of a change.
     * Returns what the follow does next.
     *
     * @param polling   whether the follow is polling (only then may a message read be put off)
     * @param congested whether other follows wait for the account's budget
     */
    TaskRead.Next taskRead(Task task, List<Answer> taken, boolean stopping, boolean polling,
            BooleanSupplier congested) {
        Instant now = clock.instant();
        Task last = lastTask;
        lastTask = task;
        messages.taskRead();
        if (!taken.isEmpty()) {
            state = state.withAnswered(taken.stream().map(a -> a.pending().toolId()).toList(),
                    state.awaitingProgress());
            taken.forEach(this::decided);
            push();
        }
        TaskRead.Result read = TaskRead.of(last, task, state, now, stopping);
        state = read.state();
        boolean statusChanged = read.change() == TaskRead.Change.STATUS;
        if (read.change() != TaskRead.Change.NONE) {
            interval = options.polling().initial();
            messages.changed(task, now);
            if (statusChanged) {
                push(); // modifiedAt alone is not worth a save: a resumed follow re-reads anyway
            }
        } else {
            interval = options.polling().next(interval);
        }
        if (messages.afterTaskRead(statusChanged, polling, congested, options.polling().max(), now)) {
            announce();
        }
        return read.next();
    }

    /**
     * The create's answer taken as the first read ({@link FirstRead}): the state and the status are told as after a
     * read, but nothing is due to read of a task that has just begun. Its messages are read after its first change;
     * while the account's budget is congested that read counts from now, as if they had been read at the create.
     */
    void created(Task task) {
        Instant now = clock.instant();
        lastTask = task;
        state = TaskRead.of(null, task, state, now, false).state();
        messages.begun(now);
        push();
        tell(l -> l.onStatus(task));
    }

    /** The last task read brought up to date by a row of the task list (status and modifiedAt). */
    Task asRead(TaskSummary row) {
        String description = lastTask.description() != null ? lastTask.description() : row.description();
        return new Task(taskId, row.status(), description, lastTask.createdAt(), row.modifiedAt(),
                lastTask.agentConfig(), lastTask.grantedPermissions(), lastTask.pendingDecisions());
    }

    /**
     * Reads the next page of messages, telling each new event and keeping the cursor (and the last agent message,
     * masked) in the state. Returns the page; its {@code failure}, if any, is the follow's to count.
     */
    MessageReads.Page readMessages(TaskApi api, int pageSize) {
        MessageReads.Page page = messages.readPage(api, taskId, pageSize, (event, after) -> {
            MessageText text = MessageText.of(event);
            String words = null;
            for (MessageText piece : text.pieces()) {
                words = piece.isAgentWords() ? piece.text() : words;
            }
            // Masked whole, before the state cuts it: no part of a secret is kept.
            state = words != null ? state.withCursorAndAgentMessage(after, redact(words)) : state.withCursor(after);
            noticed(TaskNotice.of(event.data(), text));
            tell(l -> l.onEvent(event));
        });
        if (page.refused()) {
            return page; // read again from the start
        }
        if (!page.delivered() && !messages.cursor().equals(state.cursor())) {
            state = state.withCursor(messages.cursor());
        }
        if (page.delivered()) {
            interval = options.polling().initial();
            push();
        }
        if (page.failure() != null) {
            return page; // the pages go round in a loop: what was delivered stays delivered
        }
        if (page.caughtUp()) {
            messages.caughtUp(clock.instant());
            announce();
        } else {
            messages.more();
        }
        return page;
    }

    /** The answers were sent: recorded as answered, told, and the next read must show progress. */
    void decisionsSent(List<Answer> sent) {
        Instant now = clock.instant();
        List<String> ids = sent.stream().map(a -> a.pending().toolId()).toList();
        List<String> pendingBefore = lastTask == null ? ids : TaskRead.ids(lastTask.pendingDecisions());
        state = state.withAnswered(ids, new ProgressGate(now, state.lastModifiedAt(), pendingBefore));
        sent.forEach(this::decided);
        push();
        interval = options.polling().initial();
    }

    /** A round of decisions is left to a person: told once. */
    void personNeeded(List<PendingDecision> pending) {
        List<PendingDecision> copy = List.copyOf(pending);
        tell(l -> l.onPersonNeeded(copy));
    }

    /** Why the follow asks for a stop itself (nobody answered in time), said in the result's detail. */
    void stopReason(String reason) {
        this.stopReason = reason;
    }

    /** Announces ({@code onStatus}) the change not announced yet, if any. */
    void announce() {
        Task task = messages.takeAnnouncement();
        if (task != null) {
            tell(l -> l.onStatus(task));
        }
    }

    /** Tells the listener the state as it is now (to save it). */
    void push() {
        FollowState s = state;
        tell(l -> l.onStateChanged(s));
    }

    /** A call failed and is tried again after {@code retryIn}: told, so a follow is never silent. */
    void callFailed(MaiaException cause, int attempt, Duration retryIn) {
        LOG.log(Level.DEBUG, () -> "Task " + taskId + ": transient failure " + attempt + ", next attempt in "
                + retryIn + ": " + cause.getMessage());
        tell(l -> l.onCallFailed(cause, attempt, retryIn));
    }

    /**
     * The result of a follow that ended as {@code ending}, with {@code finalState}, and what the events said (a
     * finish they say was a stop is one; an error says the error event's text); what it keeps is masked.
     */
    FollowResult result(Ending ending, FollowState finalState) {
        Ending end = ending.withEvents(stopNotice, lastError);
        String detail = end.describe();
        if (stopReason != null && end.outcome() == FollowOutcome.STOPPED_ON_REQUEST) {
            detail = stopReason + ": " + detail;
        }
        return new FollowResult(end.outcome(), lastTask, finalState, end.pending(), finalState.lastAgentMessage(),
                redact(detail), redact(end.unreadReason()),
                end.outcome() == FollowOutcome.ERRORED ? lastError : null, decisions);
    }

    private void decided(Answer a) {
        if (decisions.size() == MAX_DECISIONS) {
            decisions.remove(0);
        }
        decisions.add(a.settled());
        tell(l -> l.onDecision(a.pending(), a.decision(), a.decidedBy()));
    }

    /** What an event said about the end: the last stop or error counts until the task runs again. */
    private void noticed(TaskNotice notice) {
        if (notice == null) {
            return;
        }
        switch (notice.kind()) {
            case STOPPED -> stopNotice = notice;
            case ERROR -> lastError = cut(redact(notice.text()));
            case FINISHED -> stopNotice = null;
            case RUNNING -> {
                stopNotice = null;
                lastError = null;
            }
        }
    }

    private static String cut(String text) {
        return text.length() <= FollowState.MAX_AGENT_MESSAGE_CHARS ? text
                : text.substring(0, FollowState.MAX_AGENT_MESSAGE_CHARS) + "...";
    }

    private void tell(Consumer<FollowListener> call) {
        if (result.isCancelled()) {
            // Detached (or the scheduler is going away): the caller has moved on, and may be saving its state for
            // a restart; a tick that was under way when it detached must not write after that.
            return;
        }
        try {
            call.accept(listener);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, () -> "A listener of task " + taskId + " failed: " + ErrorText.of(e));
        }
    }

    /** {@code text} through the follow's redactor; a redactor that returns null for a text gives "". */
    private String redact(String text) {
        if (text == null) {
            return null;
        }
        String masked = options.redactor().redact(text);
        return masked == null ? "" : masked;
    }
}
