package io.jenkins.plugins.maia.client;

import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.client.model.CreatedTask;
import io.jenkins.plugins.maia.client.model.TaskPage;
import io.jenkins.plugins.maia.client.model.TaskQuery;
import io.jenkins.plugins.maia.client.model.TaskSummary;
import java.time.Instant;
import java.util.Optional;

/**
 * Looking for the task a create with a request made, page by page through the project's tasks created at or after a
 * time (see {@link MaiaClient#findCreatedTask}): which page to read next, and which task matches best so far.
 *
 * <p>Matching rule, after collapsing runs of whitespace and trimming both texts: the description equals the message,
 * or the server truncated it: the description (without a trailing "..." or "…") is a prefix of the message and keeps
 * at least {@value #MIN_DESCRIPTION_PREFIX} characters. If several tasks match, the newest {@code createdAt} wins (a
 * task without createdAt counts as oldest). At most {@value #MAX_PAGES} pages are read.
 */
final class CreatedTaskSearch {
    /** A truncated description must keep at least this many characters to count as a match. */
    static final int MIN_DESCRIPTION_PREFIX = 20;
    /** The search reads at most this many pages of tasks. */
    static final int MAX_PAGES = 20;

    private final CreateTaskRequest request;
    private final Instant since;
    private TaskSummary best;
    private long seen;
    private int page;

    CreatedTaskSearch(CreateTaskRequest request, Instant since) {
        this.request = request;
        this.since = since;
    }

    /** The page to read next. */
    TaskQuery nextQuery() {
        return new TaskQuery(request.agentConfig().projectId(), null, null, since, null, page,
                ApiLimits.MAIA.maxListPageSize());
    }

    /** Takes the page just read; true when another page must be read. */
    boolean take(TaskPage tasks) {
        for (TaskSummary task : tasks.tasks()) {
            boolean inWindow = task.createdAt() == null || !task.createdAt().isBefore(since);
            if (inWindow && descriptionMatches(request.message(), task.description()) && newer(task, best)) {
                best = task;
            }
        }
        seen += tasks.tasks().size();
        page++;
        return !tasks.tasks().isEmpty() && seen < tasks.total() && page < MAX_PAGES;
    }

    /** The best match of the pages read. */
    Optional<CreatedTask> result() {
        return Optional.ofNullable(best)
                .map(t -> new CreatedTask(t.taskId(), t.status(), t.agentName(), t.createdAt()));
    }

    /** Whether a task's description shows it was created from {@code message}; see the class comment. */
    static boolean descriptionMatches(String message, String description) {
        if (message == null || description == null) {
            return false;
        }
        String m = collapse(message);
        String d = collapse(description);
        if (d.isEmpty()) {
            return false;
        }
        if (d.equals(m)) {
            return true;
        }
        if (d.endsWith("...")) {
            d = d.substring(0, d.length() - 3).strip();
        } else if (d.endsWith("…")) {
            d = d.substring(0, d.length() - 1).strip();
        }
        return d.length() >= MIN_DESCRIPTION_PREFIX && m.startsWith(d);
    }

    private static String collapse(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }

    private static boolean newer(TaskSummary candidate, TaskSummary best) {
        if (best == null) {
            return true;
        }
        if (candidate.createdAt() == null) {
            return false;
        }
        return best.createdAt() == null || candidate.createdAt().isAfter(best.createdAt());
    }
}
