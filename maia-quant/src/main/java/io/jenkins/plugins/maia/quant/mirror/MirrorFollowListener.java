package io.jenkins.plugins.maia.quant.mirror;

import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskEvent;
import io.jenkins.plugins.maia.follower.event.MessageText;
import io.jenkins.plugins.maia.follower.follow.FollowListener;
import io.jenkins.plugins.maia.quant.model.QuantStatus;

/**
 * What a follow tells the mirror: the task's status (in_progress, or blocked with the pending decisions) and the
 * agent's messages (the last one becomes the progress message). Each call only records the new state and returns;
 * agent text is masked before it is cut.
 */
final class MirrorFollowListener implements FollowListener {
    private final MirroredTask task;

    MirrorFollowListener(MirroredTask task) {
        this.task = task;
    }

    @Override
    public void onStatus(Task t) {
        QuantStatus status = QuantMapping.statusWhileFollowing(t);
        task.change(r -> {
            if (t.taskId() != null) {
                r.maiaTaskId = t.taskId();
            }
            if (t.agentConfig() != null && t.agentConfig().targetBranchName() != null) {
                r.targetBranchName = t.agentConfig().targetBranchName();
            }
            r.desired = r.desired.withMetadata(r.metadata());
            if (status == QuantStatus.BLOCKED) {
                r.desired = r.desired.withStatus(status, QuantMapping.blockedReason(t.pendingDecisions(),
                        r.entry.whoMayAnswer(), task.mirror().redactor()));
            } else if (status != null) {
                r.desired = r.desired.withStatus(status, null);
            }
        });
    }

    @Override
    public void onEvent(TaskEvent event) {
        MessageText text = MessageText.of(event);
        if (!text.isAgent() || text.text().isBlank()) {
            return;
        }
        String progress = QuantMapping.progress(text.text(), task.mirror().redactor());
        task.change(r -> r.desired = r.desired.withProgressMessage(progress));
    }
}
