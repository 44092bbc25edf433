package io.jenkins.plugins.maia.follower.testing;

import io.jenkins.plugins.maia.client.model.Decision;
import io.jenkins.plugins.maia.client.model.MessagePage;
import io.jenkins.plugins.maia.client.model.Mode;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskPage;
import io.jenkins.plugins.maia.client.model.TaskQuery;
import io.jenkins.plugins.maia.client.model.TaskStatus;
import io.jenkins.plugins.maia.client.model.TaskSummary;
import io.jenkins.plugins.maia.follower.follow.TaskApi;
import io.jenkins.plugins.maia.follower.follow.TaskLister;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The task list of project {@code p} over some {@link FakeMaia} tasks (and, if asked, tasks nobody follows):
 * newest first, {@code createdAfter} inclusive, pages of {@code size}, like the sandbox. {@link #api(FakeMaia)}
 * gives a follow's {@link TaskApi} that can also list, so the follower watches the project through it.
 */
public final class FakeProject implements TaskLister {

    private final List<FakeMaia> tasks = new ArrayList<>();
    private final List<TaskSummary> others = new ArrayList<>();
    private final Set<String> hidden = new HashSet<>();
    private final Deque<Supplier<RuntimeException>> failures = new ArrayDeque<>();
    private final List<TaskQuery> queries = new ArrayList<>();
    private List<Instant> callLog;
    private ManualClock clock;

    public synchronized FakeProject add(FakeMaia task) {
        tasks.add(task);
        return this;
    }

    /** {@code n} tasks nobody follows, created at {@code createdAt}, in the list as well. */
    public synchronized FakeProject addOthers(int n, Instant createdAt) {
        for (int i = 0; i < n; i++) {
            others.add(new TaskSummary("other-" + others.size(), TaskStatus.STOPPED, "data_engineer_agent", Mode.ACT,
                    "someone else's task", createdAt, createdAt, "p", "main"));
        }
        return this;
    }

    /** The list leaves out this task (as a list served by a lagging replica could). */
    public synchronized FakeProject hide(String taskId) {
        hidden.add(taskId);
        return this;
    }

    /** Also append the time of every list call to {@code log} (shared with the tasks' fakes). */
    public synchronized FakeProject recordingCallsTo(List<Instant> log, ManualClock clock) {
        this.callLog = log;
        this.clock = clock;
        return this;
    }

    public synchronized FakeProject failNextList(Supplier<RuntimeException> error) {
        failures.add(error);
        return this;
    }

    public synchronized int listCalls() {
        return queries.size();
    }

    public synchronized List<TaskQuery> queries() {
        return List.copyOf(queries);
    }

    @Override
    public synchronized TaskPage listTasks(TaskQuery query) {
        queries.add(query);
        if (callLog != null) {
            callLog.add(clock.instant());
        }
        if (!failures.isEmpty()) {
            throw failures.poll().get();
        }
        List<TaskSummary> rows = new ArrayList<>(others);
        for (FakeMaia t : tasks) {
            TaskSummary row = t.summary();
            if (!hidden.contains(row.taskId())) {
                rows.add(row);
            }
        }
        if (query.projectId() != null) {
            rows.removeIf(r -> !query.projectId().equals(r.projectId()));
        }
        if (query.createdAfter() != null) {
            rows.removeIf(r -> r.createdAt().isBefore(query.createdAfter()));
        }
        rows.sort(Comparator.comparing(TaskSummary::createdAt).reversed());
        int size = query.size() == null ? 20 : query.size();
        int page = query.page() == null ? 0 : query.page();
        int from = Math.min(rows.size(), page * size);
        int to = Math.min(rows.size(), from + size);
        return new TaskPage(new ArrayList<>(rows.subList(from, to)), page, size, rows.size());
    }

    /** The follow's port to {@code task} that lists this project too. */
    public TaskApi api(FakeMaia task) {
        return new Listing(task);
    }

    private final class Listing implements TaskApi, TaskLister {
        private final FakeMaia task;

        Listing(FakeMaia task) {
            this.task = task;
        }

        @Override
        public Task getTask(String taskId) {
            return task.getTask(taskId);
        }

        @Override
        public MessagePage getMessages(String taskId, int limit, String paginationToken) {
            return task.getMessages(taskId, limit, paginationToken);
        }

        @Override
        public List<PendingDecision> submitDecisions(String taskId, List<Decision> decisions) {
            return task.submitDecisions(taskId, decisions);
        }

        @Override
        public void stopTask(String taskId) {
            task.stopTask(taskId);
        }

        @Override
        public TaskPage listTasks(TaskQuery query) {
            return FakeProject.this.listTasks(query);
        }
    }
}
