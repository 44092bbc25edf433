package io.jenkins.plugins.maia.follower.follow;

import io.jenkins.plugins.maia.client.MaiaClient;
import io.jenkins.plugins.maia.client.model.TaskPage;
import io.jenkins.plugins.maia.client.model.TaskQuery;
import io.jenkins.plugins.maia.client.model.TaskSummary;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One round of a {@link ProjectWatch}: the tasks it looks for, the pages of the project's task list it reads (only
 * tasks created since the oldest one watched, never more pages than tasks looked for), and what the rows said.
 *
 * <p>Used by one round at a time: its pages are read one after the other.
 */
final class WatchRound {

    /** Tasks per list call: the API's maximum. */
    static final int PAGE_SIZE = MaiaClient.MAX_LIST_SIZE;

    private final List<WatchedTask> members;
    private final TaskLister lister;
    private final Set<String> wanted = new HashSet<>();
    /** The rows of the tasks looked for. */
    private final Map<String, TaskSummary> rows = new HashMap<>();
    /** Every row read, looked for or not: what a follow subscribing after the round can be told at once. */
    private final Map<String, TaskSummary> allRows = new HashMap<>();
    private final Instant createdAfter;
    /** Reading more pages than tasks looked for would cost more than the tasks reading themselves. */
    private final int pageCap;

    WatchRound(List<WatchedTask> members, TaskLister lister) {
        this.members = members;
        this.lister = lister;
        Instant earliest = null;
        boolean allKnown = true;
        for (WatchedTask m : members) {
            wanted.add(m.taskId());
            if (m.createdAt() == null) {
                allKnown = false;
            } else if (earliest == null || m.createdAt().isBefore(earliest)) {
                earliest = m.createdAt();
            }
        }
        // Only tasks created since the oldest one watched: older history of the project is never paged through.
        this.createdAfter = allKnown ? earliest : null;
        this.pageCap = Math.max(1, wanted.size());
    }

    List<WatchedTask> members() {
        return members;
    }

    /**
     * Reads page {@code page} of the project's tasks; returns true when the round has read enough: every task
     * looked for was found, the list ended, or the page cap is reached. Throws what the list call threw.
     */
    boolean readPage(String projectId, int page) {
        TaskPage result = lister.listTasks(new TaskQuery(projectId, null, null, createdAfter, null, page, PAGE_SIZE));
        for (TaskSummary row : result.tasks()) {
            if (row == null || row.taskId() == null) {
                continue;
            }
            allRows.put(row.taskId(), row);
            if (wanted.contains(row.taskId())) {
                rows.put(row.taskId(), row);
            }
        }
        boolean lastPage = result.tasks().size() < PAGE_SIZE || (long) (page + 1) * PAGE_SIZE >= result.total();
        return rows.size() == wanted.size() || lastPage || page + 1 >= pageCap;
    }

    /** The row of a task looked for, or null when the round did not find it. */
    TaskSummary row(String taskId) {
        return rows.get(taskId);
    }

    /** Every row the round read. */
    Map<String, TaskSummary> allRows() {
        return allRows;
    }

    /**
     * Whether the list's rows carry no {@code modifiedAt} where the follow knows one: such rows only show status
     * changes, and the messages of a running task would wait for the safety-net read.
     */
    boolean withoutModifiedAt() {
        for (WatchedTask m : members) {
            TaskSummary row = rows.get(m.taskId());
            if (row != null && row.modifiedAt() == null && m.modifiedAt() != null) {
                return true;
            }
        }
        return false;
    }
}
