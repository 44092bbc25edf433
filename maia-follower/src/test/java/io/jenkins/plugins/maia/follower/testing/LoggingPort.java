package io.jenkins.plugins.maia.follower.testing;

import io.jenkins.plugins.maia.client.model.Decision;
import io.jenkins.plugins.maia.client.model.MessagePage;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskPage;
import io.jenkins.plugins.maia.client.model.TaskQuery;
import io.jenkins.plugins.maia.follower.follow.TaskApi;
import io.jenkins.plugins.maia.follower.follow.TaskLister;
import java.util.List;

/**
 * A follow's port (a {@link FakeProject#api} one) that logs each call in the order the server saw them:
 * {@code prefix + "GET_TASK"} and the like for the task's calls, {@code "list"} for the list calls.
 */
public final class LoggingPort implements TaskApi, TaskLister {

    private final TaskApi port;
    private final String prefix;
    private final List<String> log;

    /** @param port a port that can also list; @param prefix put before each task call's name ("" for none) */
    public LoggingPort(TaskApi port, String prefix, List<String> log) {
        this.port = port;
        this.prefix = prefix;
        this.log = log;
    }

    @Override
    public Task getTask(String taskId) {
        log.add(prefix + "GET_TASK");
        return port.getTask(taskId);
    }

    @Override
    public MessagePage getMessages(String taskId, int limit, String paginationToken) {
        log.add(prefix + "GET_MESSAGES");
        return port.getMessages(taskId, limit, paginationToken);
    }

    @Override
    public List<PendingDecision> submitDecisions(String taskId, List<Decision> decisions) {
        log.add(prefix + "SUBMIT");
        return port.submitDecisions(taskId, decisions);
    }

    @Override
    public void stopTask(String taskId) {
        log.add(prefix + "STOP");
        port.stopTask(taskId);
    }

    @Override
    public TaskPage listTasks(TaskQuery query) {
        log.add("list");
        return ((TaskLister) port).listTasks(query);
    }
}
