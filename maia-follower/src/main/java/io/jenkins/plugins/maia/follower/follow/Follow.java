package io.jenkins.plugins.maia.follower.follow;

import io.jenkins.plugins.maia.client.MaiaException;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskSummary;
import io.jenkins.plugins.maia.follower.budget.AccountBudget;
import io.jenkins.plugins.maia.follower.follow.CallPlan.Call;
import io.jenkins.plugins.maia.follower.follow.DecisionRound.Answer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;

/**
 * One follow: a state machine driven by ticks on the shared scheduler. Its phase says what it does, and it decides
 * what comes next; its parts hold the rest: {@link CallPlan} (a timer, a place in the budget queue and in the watch),
 * {@link FollowRecorder} (the state, messages and listener; {@link TaskRead} is what a read means), {@link Polling}
 * (what a polling follow reads next), {@link DecisionRound} (answers, the human, the submit), {@link FailureStreak}
 * (wait or stop), {@link StopRequest}, and {@link Finishing} with its {@link Ending}.
 *
 * <p>A tick makes at most one API call, after taking one token from the account budget through its fair queue.
 * Anything that changes course abruptly (stop, deadline, detach, the watch's news) bumps {@link #generation}, so
 * callbacks of what was planned before are ignored.
 */
final class Follow implements FollowHandle, CallPlan.Owner, Polling.Owner, DecisionRound.Owner {

    private enum Phase { POLLING, AWAITING_HUMAN, SUBMITTING, STOPPING, FINISHING, DONE }

    // Set at construction; read from any thread. The recorder's state is the one field other threads read.
    private final TaskApi api;
    private final FollowOptions options;
    private final int pageSize;
    private final String taskId;
    private final Strand strand;
    private final CompletableFuture<FollowResult> result = new CompletableFuture<>();
    private final FollowRecorder recorder;

    // Confined to the strand: only work running on it touches these, and the parts' own fields.
    private Phase phase = Phase.POLLING;
    private long generation;
    /** The stop asked by the caller; null until then. */
    private StopRequest stopRequest;
    private Finishing finishing;
    private ScheduledFuture<?> deadlineTimer;
    private final CallPlan plan;
    private final Polling polling;
    private final MessageReads messages;
    private final DecisionRound decisions;
    private final FailureStreak failures;

    Follow(TaskApi api, AccountBudget budget, ScheduledExecutorService scheduler, InstantSource clock,
            FollowState state, FollowOptions options, FollowListener listener, int pageSize,
            Function<String, ProjectWatch> watches, boolean awaited) {
        this.api = api;
        this.taskId = state.taskId();
        this.options = options;
        this.pageSize = pageSize;
        this.recorder = new FollowRecorder(state, options, listener, clock, result);
        this.messages = recorder.messages();
        this.strand = new Strand(scheduler, () -> result.cancel(false));
        this.failures = new FailureStreak(options.polling().initial(), FailureStreak.MAX_WAIT, clock,
                options.giveUpAfter());
        this.plan = new CallPlan(scheduler, budget, strand, () -> result.cancel(false), api, watches, recorder, this,
                awaited);
        this.decisions = new DecisionRound(options, strand, this, recorder, plan::after);
        this.polling = new Polling(plan, recorder, decisions, this);
    }

    /** @param firstRead the create's answer standing in for the first read ({@link FirstRead}), or null */
    void start(Task firstRead) {
        strand.execute(() -> {
            if (isOver()) {
                return;
            }
            Duration untilDeadline = recorder.untilDeadline();
            if (untilDeadline != null) {
                deadlineTimer = plan.after(untilDeadline, this::onDeadline);
            }
            if (firstRead != null) {
                recorder.created(firstRead);
                advance(); // watched from the first round: no read of its own first
            } else {
                plan.call(Call.GET_TASK, Duration.ZERO);
            }
        });
    }

    @Override
    public CompletableFuture<FollowResult> result() {
        return result;
    }

    @Override
    public FollowState state() {
        return recorder.state();
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
            changeCourse();
            phase = Phase.STOPPING;
            failures.reset();
            plan.clearBackoff();
            recorder.resetInterval();
            stopRequest = new StopRequest(options.stopGrace(), plan.after(options.stopGrace(), this::onGraceExpired));
            advance();
        });
    }

    @Override
    public void detach() {
        result.cancel(false);
        strand.execute(this::shutDown);
    }

    /** Plans the next call for the current phase. Called only when nothing is planned. */
    @Override
    public void advance() {
        if (isOver()) {
            shutDown();
            return;
        }
        if (phase != Phase.STOPPING && phase != Phase.FINISHING && recorder.deadlinePassed()) {
            beginFinish(Ending.timedOut(recorder.state().deadline()), true);
        }
        switch (phase) {
            case POLLING -> polling.next();
            case SUBMITTING -> plan.call(Call.SUBMIT, plan.takeBackoff(Duration.ZERO));
            case STOPPING -> plan.call(stopRequest.nextCall(),
                    plan.takeBackoff(stopRequest.sent() ? recorder.interval() : Duration.ZERO));
            case FINISHING -> {
                Call last = finishing.nextCall();
                if (last != null) {
                    plan.call(last, plan.takeBackoff(Duration.ZERO));
                } else {
                    complete();
                }
            }
            case AWAITING_HUMAN, DONE -> {
                // Waiting for a human's answer (no polling) or over.
            }
        }
    }

    @Override
    public void watched(long gen, TaskSummary row) {
        polling.watched(gen, row);
    }

    @Override
    public void perform(long gen, Call call) {
        if (!current(gen)) {
            return; // planned before a change of course; the token is simply spent
        }
        plan.granted(call);
        try {
            switch (call) {
                case GET_TASK -> taskRead(api.getTask(taskId));
                case GET_MESSAGES -> readMessages();
                case SUBMIT -> submit();
                case STOP -> {
                    stopRequest.send(api, taskId);
                    failures.reset();
                    recorder.resetInterval();
                }
            }
        } catch (RuntimeException e) {
            onFailure(call, e);
        }
        advance();
    }

    @Override
    public void taskRead(Task task) {
        failures.reset();
        // Decisions sent ambiguously (no answer seen) that are no longer pending were taken by the server.
        List<Answer> taken = phase == Phase.SUBMITTING ? List.of()
                : decisions.takenBy(TaskRead.ids(task.pendingDecisions()));
        TaskRead.Next next = recorder.taskRead(task, taken, phase == Phase.STOPPING, phase == Phase.POLLING,
                plan::congested);
        if (phase == Phase.FINISHING) {
            finishing.taskRead(next); // the read after a timeout: the server's last word
        } else if (next instanceof TaskRead.Finish f) {
            beginFinish(Ending.of(f.outcome(), f.pending(), f.detail()), false);
        } else if (next instanceof TaskRead.DecisionsDue d) {
            polling.decisionsDue(d.unanswered());
        }
    }

    private void readMessages() {
        MessageReads.Page page = recorder.readMessages(api, pageSize);
        if (page.failure() != null) {
            // A refused token (read again from the start), or pages in a loop: worth trying again, and counted.
            afterFailure(failures.onRetryable(page.failure(), failureLimit()));
        } else {
            failures.reset();
        }
    }

    @Override
    public void asking() {
        phase = Phase.AWAITING_HUMAN;
    }

    @Override
    public void decided() {
        phase = Phase.SUBMITTING;
        advance();
    }

    @Override
    public void paused(List<PendingDecision> pending, String detail) {
        beginFinish(Ending.of(FollowOutcome.NEEDS_DECISION, pending, detail), false);
        advance();
    }

    @Override
    public boolean awaitingHuman(long gen) {
        return current(gen) && phase == Phase.AWAITING_HUMAN;
    }

    private void submit() {
        List<Answer> sent = decisions.submit(api, taskId);
        phase = Phase.POLLING; // sent, or nothing left to send (taken meanwhile): read the task again
        if (!sent.isEmpty()) {
            failures.reset();
            recorder.decisionsSent(sent);
        }
    }

    private void onFailure(Call call, RuntimeException e) {
        MaiaException error = e instanceof MaiaException m ? m
                : new MaiaException("Unexpected error while following task " + taskId + ": " + ErrorText.of(e), e);
        if (call == Call.SUBMIT && phase == Phase.SUBMITTING && error.isTransient()) {
            phase = Phase.POLLING; // maybe processed: read the task before sending again (nobody is asked twice)
        }
        afterFailure(failures.onError(error, failureLimit()));
    }

    private void afterFailure(FailureStreak.Next next) {
        if (next instanceof FailureStreak.Wait wait) {
            plan.backOff(wait.delay());
            recorder.callFailed(failures.last(), failures.count(), wait.delay()); // never silent while it retries
            return;
        }
        FailureStreak.Stop stop = (FailureStreak.Stop) next;
        if (stop.exhausted() && phase != Phase.FINISHING) {
            fatal(failures.gaveUp("following task " + taskId));
        } else {
            fatal(stop.cause()); // the final read's failures end it with the outcome standing (see fatal)
        }
    }

    /** How many failures in a row end the follow; the final read has attempts of its own (see {@link Ending}). */
    private int failureLimit() {
        return phase != Phase.FINISHING ? options.maxConsecutiveFailures()
                : finishing.attempts(options.maxConsecutiveFailures(), recorder.deadlinePassed());
    }

    private void fatal(MaiaException error) {
        if (phase == Phase.FINISHING) {
            finishing.unread(failures.count(), error); // the outcome stands; only the final read failed
            complete();
            return;
        }
        if (phase == Phase.STOPPING && stopRequest.standsDespite(error)) {
            beginFinish(Ending.stopUnreadable(error), false);
            messages.readEnough();
            return;
        }
        shutDown();
        result.completeExceptionally(error);
    }

    private void onDeadline() {
        if (isOver() || phase == Phase.STOPPING) {
            return;
        }
        if (phase != Phase.FINISHING) {
            changeCourse();
            beginFinish(Ending.timedOut(recorder.state().deadline()), true);
            advance();
        } else if (failures.last() != null && failures.count() >= failureLimit()) {
            // The outcome is known: a final read that used its bounded attempts ends now, not after a backoff.
            changeCourse();
            finishing.unread(failures.count(), failures.last());
            complete();
        }
    }

    private void onGraceExpired() {
        if (isOver() || phase != Phase.STOPPING) {
            return;
        }
        changeCourse();
        beginFinish(stopRequest.notConfirmed(recorder.lastTask(), failures.last()), false);
        messages.readToTheEnd(); // the task may still be running: what it said until now is read
        advance();
    }

    /** The outcome is known: what is read before the result ({@code readTask}: the task, after a timeout). */
    private void beginFinish(Ending end, boolean readTask) {
        decisions.end();
        Duration grace = Finishing.grace(end, recorder.untilDeadline(), recorder.deadlinePassed());
        finishing = new Finishing(end, readTask, messages,
                grace == null ? null : plan.after(grace, this::onFinalReadGraceExpired));
        phase = Phase.FINISHING;
        polling.forgetDecisions();
        failures.reset(); // the final read has attempts of its own (a pending backoff or Retry-After still holds)
    }

    /** The final read took its whole grace: what is still unread is flagged, never claimed read. */
    private void onFinalReadGraceExpired() {
        if (isOver() || phase != Phase.FINISHING) {
            return;
        }
        changeCourse();
        finishing.outOfTime();
        complete();
    }

    private void complete() {
        recorder.announce();
        FollowState finalState = recorder.state();
        shutDown();
        recorder.push();
        result.complete(recorder.result(finishing.ending(), finalState));
    }

    /** Forgets whatever was planned (timer, queue place, watch place, human question). */
    @Override
    public void changeCourse() {
        generation++;
        plan.cancel();
        decisions.cancelHuman();
    }

    private void shutDown() {
        if (phase == Phase.DONE) {
            return;
        }
        phase = Phase.DONE;
        changeCourse();
        decisions.end();
        if (deadlineTimer != null) {
            deadlineTimer.cancel(false);
        }
        if (stopRequest != null) {
            stopRequest.cancel();
        }
        if (finishing != null) {
            finishing.cancel();
        }
    }

    private boolean isOver() {
        return phase == Phase.DONE || result.isDone();
    }

    /** After {@link #detach()}: waits (until {@code deadlineNanos}) for a tick that was already running. */
    boolean awaitRunningTick(long deadlineNanos) throws InterruptedException {
        return strand.awaitRunningWork(deadlineNanos);
    }

    /** For tests: the message reader's restart count. */
    int resyncs() {
        return messages.resyncs();
    }

    @Override
    public String toString() {
        return "Follow[" + taskId + "]";
    }

    // What the follow's parts ask of it (CallPlan.Owner, Polling.Owner).
    @Override
    public long generation() { return generation; }

    @Override
    public boolean current(long gen) { return gen == generation && !isOver(); }

    @Override
    public boolean polling() { return phase == Phase.POLLING; }

    @Override
    public boolean finishing() { return phase == Phase.FINISHING; }
}
