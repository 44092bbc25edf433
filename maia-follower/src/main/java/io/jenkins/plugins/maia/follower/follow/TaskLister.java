package io.jenkins.plugins.maia.follower.follow;

import io.jenkins.plugins.maia.client.model.TaskPage;
import io.jenkins.plugins.maia.client.model.TaskQuery;

/**
 * The task list call ({@code GET /v1/ai/agents/tasks}), for a {@link TaskApi} that can make it. When the
 * {@code TaskApi} of a follow is also a {@code TaskLister}, the follower watches all the followed tasks of one
 * project through one list call per interval instead of reading each task (see {@link TaskFollower.Builder#projectWatch});
 * otherwise it reads each task on its own. Same rules as {@link TaskApi}: the client's exceptions, bounded in time,
 * 429s reported to the account's budget.
 */
public interface TaskLister {

    TaskPage listTasks(TaskQuery query);
}
