package io.jenkins.plugins.maia.follower.follow;

import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskStatus;
import io.jenkins.plugins.maia.client.model.TaskSummary;
import io.jenkins.plugins.maia.follower.follow.CallPlan.Call;
import java.time.Duration;
import java.util.List;

/**
 * A follow while it polls: what it reads next (the messages when they are due, the decisions when the task paused
 * on some, else the task, through its project's watch when there is one), and what the watch's news means.
 *
 * <p>Confined to the follow's strand.
 */
final class Polling {

    /** What polling needs of its follow; called on the follow's strand. */
    interface Owner {
        /** Whether something planned in {@code generation} still counts (no change of course, not over). */
        boolean current(long generation);

        /** Whether the follow is polling (not deciding, stopping or finishing). */
        boolean polling();

        /** Forgets whatever was planned: the course changes. */
        void changeCourse();

        /** Applies a task read (here: the last one brought up to date by a row of the task list). */
        void taskRead(Task task);

        /** Plans the next call for the follow's phase. */
        void advance();

    }

    private final CallPlan plan;
    private final FollowRecorder recorder;
    private final MessageReads messages;
    private final DecisionRound decisions;
    private final Owner owner;
    /** Decisions the last task read showed this follow has to answer; null when none. */
    private List<PendingDecision> decisionsDue;

    Polling(CallPlan plan, FollowRecorder recorder, DecisionRound decisions, Owner owner) {
        this.plan = plan;
        this.decisions = decisions;
        this.recorder = recorder;
        this.messages = recorder.messages();
        this.owner = owner;
    }

    /** The task is paused on decisions this follow has to answer: the next step hands them to a round. */
    void decisionsDue(List<PendingDecision> unanswered) {
        decisionsDue = unanswered;
    }

    /** The follow leaves polling for good (its outcome is known): the decisions are moot. */
    void forgetDecisions() {
        decisionsDue = null;
    }

    /** Plans the next call while polling. Called only when nothing is planned. */
    void next() {
        if (messages.due()) {
            plan.call(Call.GET_MESSAGES, plan.takeBackoff(Duration.ZERO));
            watchWhileWaiting();
        } else if (decisionsDue != null) {
            List<PendingDecision> due = decisionsDue;
            decisionsDue = null;
            decisions.start(due);
        } else {
            plan.readTask();
        }
    }

    /**
     * While a message read waits for its token, the project's watch goes on looking at the task. That includes a
     * read after a status change, which jumps the routine queue but may still wait behind the other urgent calls of a
     * saturated account for longer than the task runs (the first read of a new task, 15-20 s in a benchmark-6 graph):
     * its end would otherwise go unseen until then.
     */
    private void watchWhileWaiting() {
        if (owner.polling()) {
            plan.watchWhileWaiting();
        }
    }

    /**
     * The project's watch saw the task change ({@code row}), or cannot tell (null). A task that was and still is
     * RUNNING has nothing pending, so its row says all a read of the task would (status and {@code modifiedAt}): it
     * stands in for the read, and the messages are read next as after any change. Anything else (another status, a
     * pause, the end) needs the task itself: its pending decisions, its final state.
     */
    void watched(long gen, TaskSummary row) {
        if (!owner.current(gen) || !owner.polling()) {
            return;
        }
        plan.watchSpoke();
        boolean readWaiting = messages.due() && plan.waitingForToken(); // a message read waits for its token
        Task lastTask = recorder.lastTask();
        boolean stillRunning = row != null && lastTask != null && lastTask.status() == TaskStatus.RUNNING
                && row.status() == TaskStatus.RUNNING;
        if (readWaiting && (row == null || stillRunning)) {
            // The read already planned will bring the messages; only say that the task moved on, and keep watching.
            if (row != null) {
                owner.taskRead(recorder.asRead(row));
                recorder.announce();
                watchWhileWaiting();
            }
            return;
        }
        owner.changeCourse(); // the safety-net read, or a routine message read a status change now overtakes
        if (stillRunning) {
            owner.taskRead(recorder.asRead(row));
            owner.advance();
            return;
        }
        plan.readTaskNow(row != null);
    }
}
