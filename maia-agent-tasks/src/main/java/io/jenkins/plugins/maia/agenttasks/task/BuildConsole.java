package io.jenkins.plugins.maia.agenttasks.task;

import hudson.model.Run;
import io.jenkins.plugins.maia.agenttasks.action.MaiaTaskAction;
import io.jenkins.plugins.maia.client.MaiaException;
import io.jenkins.plugins.maia.client.model.Decision;
import io.jenkins.plugins.maia.client.model.DecisionScope;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.QuestionAnswer;
import io.jenkins.plugins.maia.client.model.QuestionDecision;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskEvent;
import io.jenkins.plugins.maia.client.model.ToolDecision;
import io.jenkins.plugins.maia.follower.event.MessageText;
import io.jenkins.plugins.maia.follower.follow.FollowListener;
import io.jenkins.plugins.maia.follower.follow.FollowState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Streams one follow to the build: each message to the console, each status change to the console and the
 * build's Maia page, each decision settled by a rule or a person to the console, and each new follow state to the
 * step (which keeps it for a restart). Called on the Maia threads.
 */
@Restricted(NoExternalUse.class)
final class BuildConsole implements FollowListener {

    private final Run<?, ?> run;
    private final String taskId;
    private final Consumer<String> console;
    private final Consumer<FollowState> stateChanged;
    /** Decisions a person answered in the Jenkins input that are about to be sent; touched by the follow's ticks. */
    private final Set<String> answering = ConcurrentHashMap.newKeySet();
    /** The status line printed last: the follower may announce the same status again (a read after a quiet spell). */
    private volatile String lastStatus;

    /**
     * @param console      prints one line (masked by the caller)
     * @param stateChanged takes each new follow state
     * @param answering    ids of the decisions a person answered and the follow is about to send (resumed follows)
     */
    BuildConsole(Run<?, ?> run, String taskId, Consumer<String> console, Consumer<FollowState> stateChanged,
            Collection<String> answering) {
        this.run = run;
        this.taskId = taskId;
        this.console = console;
        this.stateChanged = stateChanged;
        this.answering.addAll(answering);
    }

    @Override
    public void onEvent(TaskEvent event) {
        console.accept(MessageText.of(event).consoleLine());
    }

    @Override
    public void onStatus(Task task) {
        if (task.isPaused() && !answering.isEmpty() && task.pendingDecisions().stream()
                .allMatch(p -> p.toolId() != null && answering.contains(p.toolId()))) {
            // The pause the person just answered, read again before the answer is sent: not news. The story goes
            // "continuing with N answers", who answered what, then the task running again.
            return;
        }
        String status = task.status() == null ? "UNKNOWN" : task.status().name();
        if (task.isPaused()) {
            status += " (waiting for " + task.pendingDecisions().size() + " decision(s))";
        }
        if (!status.equals(lastStatus)) {
            lastStatus = status;
            console.accept("Maia: task " + taskId + " is " + status);
        }
        MaiaTaskAction.of(run).status(taskId, status,
                task.agentConfig() == null ? null : task.agentConfig().targetBranchName());
    }

    @Override
    public void onDecision(PendingDecision pending, Decision decision, String decidedBy) {
        String what = pending.isQuestion() ? "question" : "tool " + pending.toolName();
        answering.remove(pending.toolId());
        String line = what + " " + describeDecision(decision) + " by " + decidedBy;
        console.accept("Maia: " + line);
        MaiaTaskAction.of(run).decided(taskId, line);
    }

    /** Never silent: each failed call of the follow is one line, with the attempt and when it tries again. */
    @Override
    public void onCallFailed(MaiaException cause, int attempt, Duration retryIn) {
        console.accept("Maia: a call for task " + taskId + " failed (attempt " + attempt + "): " + cause.getMessage()
                + "; trying again in " + Math.max(1, retryIn.toSeconds()) + " s");
    }

    @Override
    public void onStateChanged(FollowState state) {
        stateChanged.accept(state);
    }

    static String describeDecision(Decision d) {
        if (d instanceof ToolDecision t) {
            if (!t.approved()) {
                return "rejected";
            }
            return t.scope() == DecisionScope.CONVERSATION ? "approved for the rest of the task" : "approved once";
        }
        if (d instanceof QuestionDecision q) {
            List<String> parts = new ArrayList<>();
            for (QuestionAnswer a : q.answers()) {
                // Questions are numbered from 0, as in the transcripts, DecisionView and the CLI's --answer N=...
                parts.add(a.questionIndex() + " = " + String.join(", ", a.selectedOptions()));
            }
            return "answered (" + String.join("; ", parts) + ")";
        }
        return "answered";
    }
}
