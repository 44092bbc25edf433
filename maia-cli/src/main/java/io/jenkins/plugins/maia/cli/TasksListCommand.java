package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.client.MaiaClient;
import io.jenkins.plugins.maia.client.model.TaskPage;
import io.jenkins.plugins.maia.client.model.TaskQuery;
import io.jenkins.plugins.maia.client.model.TaskStatus;
import io.jenkins.plugins.maia.client.model.TaskSummary;
import java.io.PrintStream;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code maia tasks list}: one page of the account's tasks, newest filters first. */
@Command(name = "list",
        exitCodeListHeading = ExitCodeText.HEADING,
        exitCodeList = {ExitCodeText.OK, ExitCodeText.API_FAILURE, ExitCodeText.USAGE},
        description = "List tasks, optionally filtered, one page at a time.")
public final class TasksListCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--project-id", paramLabel = "UUID", description = "Only tasks of this project (its ID, a UUID).")
    String projectId;

    @Option(names = "--branch", paramLabel = "NAME", description = "Only tasks on this branch (the API's branchId).")
    String branch;

    @Option(names = "--status", paramLabel = "STATUS", converter = StatusFilter.Converter.class,
            completionCandidates = StatusFilter.Candidates.class,
            description = "Only tasks in this status: ${COMPLETION-CANDIDATES} (any case).")
    TaskStatus status;

    @Option(names = "--created-after", paramLabel = "TIME", converter = InstantConverter.class,
            description = "Only tasks created at or after TIME (ISO-8601, e.g. 2025-06-01T00:00:00Z or 2025-06-01).")
    Instant createdAfter;

    @Option(names = "--created-before", paramLabel = "TIME", converter = InstantConverter.class,
            description = "Only tasks created at or before TIME.")
    Instant createdBefore;

    @Option(names = "--page", paramLabel = "N", description = "Page number, zero-based (default: 0).")
    Integer page;

    @Option(names = "--size", paramLabel = "N", description = "Tasks per page, 1..100 (default: the server's, 20).")
    Integer size;

    @Mixin
    JsonOption json;

    public TasksListCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        boolean asJson = json.begin(ctx);
        if (projectId != null && !isUuid(projectId)) {
            throw new UsageException("--project-id: '" + TerminalText.oneLine(projectId, 80) + "' is not a UUID; give the "
                    + "project's ID such as a1b2c3d4-e5f6-7890-abcd-ef1234567890, not its name");
        }
        if (page != null && page < 0) {
            throw new UsageException("--page must be 0 or more, was " + page);
        }
        if (size != null && (size < 1 || size > MaiaClient.MAX_LIST_SIZE)) {
            throw new UsageException("--size must be between 1 and " + MaiaClient.MAX_LIST_SIZE + ", was " + size);
        }
        MaiaClient client = connection.connect(ctx);
        TaskPage result = client.listTasks(new TaskQuery(projectId, branch, status, createdAfter, createdBefore, page, size));
        if (asJson) {
            ctx.printJson(result);
            return 0;
        }
        print(result, ctx.out(), ServerText.of(ctx));
        return 0;
    }

    private static boolean isUuid(String value) {
        try {
            return java.util.UUID.fromString(value.strip()).toString().equalsIgnoreCase(value.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static void print(TaskPage result, PrintStream out, ServerText server) {
        if (result.tasks().isEmpty()) {
            out.println("No tasks (page " + result.page() + ", " + result.total() + " in total).");
            return;
        }
        out.printf("%-36s  %-8s  %-4s  %-20s  %-24s  %s%n", "TASK ID", "STATUS", "MODE", "CREATED", "BRANCH", "DESCRIPTION");
        for (TaskSummary t : result.tasks()) {
            out.printf("%-36s  %-8s  %-4s  %-20s  %-24s  %s%n",
                    TerminalText.oneLine(t.taskId(), 36),
                    t.status() == null ? "?" : t.status(),
                    t.mode() == null ? "" : t.mode(),
                    TaskFormat.time(t.createdAt()),
                    TerminalText.oneLine(t.branchId(), 24),
                    server.oneLine(t.description(), 60));
        }
        long pages = result.size() <= 0 ? 1 : (result.total() + result.size() - 1) / result.size();
        out.println("Page " + result.page() + " of " + Math.max(pages, 1) + " (0-based), " + result.total() + " task(s) in total.");
    }
}
