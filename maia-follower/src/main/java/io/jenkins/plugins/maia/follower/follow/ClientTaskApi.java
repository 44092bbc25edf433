package io.jenkins.plugins.maia.follower.follow;

import io.jenkins.plugins.maia.client.MaiaClient;
import io.jenkins.plugins.maia.client.RequestBudget;
import io.jenkins.plugins.maia.client.RetryPolicy;
import io.jenkins.plugins.maia.client.model.Decision;
import io.jenkins.plugins.maia.client.model.MessagePage;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskPage;
import io.jenkins.plugins.maia.client.model.TaskQuery;
import java.util.List;

/**
 * {@link TaskApi} over a {@link MaiaClient} without retries (one attempt per call keeps a tick short; the
 * follower reschedules) and with a budget view that does not take tokens (the follower already took one per
 * call) but still reports 429s to the account.
 */
final class ClientTaskApi implements TaskApi, TaskLister {

    private final MaiaClient client;

    ClientTaskApi(MaiaClient client, RequestBudget preAuthorizedBudget) {
        this.client = client.withRetryPolicy(RetryPolicy.none()).withBudget(preAuthorizedBudget);
    }

    @Override
    public Task getTask(String taskId) {
        return client.getTask(taskId);
    }

    @Override
    public MessagePage getMessages(String taskId, int limit, String paginationToken) {
        return client.getMessages(taskId, limit, paginationToken);
    }

    @Override
    public List<PendingDecision> submitDecisions(String taskId, List<Decision> decisions) {
        return client.submitDecisions(taskId, decisions);
    }

    @Override
    public void stopTask(String taskId) {
        client.stopTask(taskId);
    }

    @Override
    public TaskPage listTasks(TaskQuery query) {
        return client.listTasks(query);
    }
}
