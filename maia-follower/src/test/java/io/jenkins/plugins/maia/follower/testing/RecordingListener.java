package io.jenkins.plugins.maia.follower.testing;

import io.jenkins.plugins.maia.client.MaiaException;
import io.jenkins.plugins.maia.client.model.Decision;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskEvent;
import io.jenkins.plugins.maia.follower.follow.FollowListener;
import io.jenkins.plugins.maia.follower.follow.FollowState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Collections;

/** Records every listener call, in order. */
public class RecordingListener implements FollowListener {

    public record DecisionCall(PendingDecision pending, Decision decision, String decidedBy) {}

    public record FailedCall(MaiaException cause, int attempt, Duration retryIn) {}

    public final List<TaskEvent> events = Collections.synchronizedList(new ArrayList<>());
    public final List<Task> statuses = Collections.synchronizedList(new ArrayList<>());
    public final List<DecisionCall> decisions = Collections.synchronizedList(new ArrayList<>());
    public final List<FollowState> states = Collections.synchronizedList(new ArrayList<>());
    public final List<String> order = Collections.synchronizedList(new ArrayList<>());
    public final List<FailedCall> failedCalls = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void onEvent(TaskEvent event) {
        events.add(event);
        order.add("event");
    }

    @Override
    public void onStatus(Task task) {
        statuses.add(task);
        order.add("status:" + task.status());
    }

    @Override
    public void onDecision(PendingDecision pending, Decision decision, String decidedBy) {
        decisions.add(new DecisionCall(pending, decision, decidedBy));
        order.add("decision:" + pending.toolId());
    }

    @Override
    public void onStateChanged(FollowState state) {
        states.add(state);
    }

    @Override
    public void onCallFailed(MaiaException cause, int attempt, Duration retryIn) {
        failedCalls.add(new FailedCall(cause, attempt, retryIn));
        order.add("failed:" + attempt);
    }

    /** The "content" text of every event received, in order. */
    public List<String> texts() {
        List<String> out = new ArrayList<>();
        for (TaskEvent e : events) {
            out.add(e.data().path("content").asText());
        }
        return out;
    }

    public FollowState lastState() {
        return states.isEmpty() ? null : states.get(states.size() - 1);
    }
}
