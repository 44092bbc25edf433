package io.jenkins.plugins.maia.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.maia.quant.client.QuantClient;
import io.jenkins.plugins.maia.quant.model.DependencyGraph;
import io.jenkins.plugins.maia.quant.model.QuantStatus;
import io.jenkins.plugins.maia.quant.model.QuantTaskList;
import io.jenkins.plugins.maia.quant.model.QuantTaskQuery;
import io.jenkins.plugins.maia.quant.model.QuantTaskSummary;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code maia quant list}: a task list as a board, oldest first: status, title, the tasks it depends on, and why it is
 * blocked (for blocked tasks only; {@code --json} gives each task's {@code blockedReason} as Quant holds it). Two calls: the list (up to 100 tasks, the most one call returns) and its dependency graph (the list does
 * not carry {@code dependsOn}).
 */
@Command(name = "list",
        exitCodeListHeading = ExitCodeText.HEADING,
        exitCodeList = {ExitCodeText.OK, ExitCodeText.API_FAILURE, ExitCodeText.USAGE},
        description = {"Print a Quant task list: status, title, depends on, blocked reason. Needs --quant-org and "
                + "QUANT_TOKEN; --quant-task-list defaults to today's maia-<date>."})
public final class QuantListCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Mixin
    QuantOptions quant;

    @Mixin
    JsonOption json;

    public QuantListCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        boolean asJson = json.begin(ctx);
        if (!quant.enabled()) {
            throw new UsageException("Missing --quant-org ORG: the Quant organisation whose task list to print");
        }
        QuantClient client = quant.connect(ctx, null, null);
        String taskListId = quant.taskListId(LocalDate.now());
        if (asJson) {
            QuantTaskList list = client.listTasks(QuantTaskQuery.inList(taskListId));
            ctx.printJson(json(taskListId, client.organisation(), oldestFirst(list), client.dependencyGraph(taskListId)));
        } else {
            printBoard(client, taskListId, ctx.out(), ServerText.of(ctx));
        }
        return ExitStatus.OK.code();
    }

    /** Reads the task list and its dependency graph and prints them as a board, as {@code maia quant list} does. */
    static void printBoard(QuantClient client, String taskListId, PrintStream out, ServerText server) {
        QuantTaskList list = client.listTasks(QuantTaskQuery.inList(taskListId));
        print(taskListId, client, oldestFirst(list), client.dependencyGraph(taskListId), out, server);
    }

    private static List<QuantTaskSummary> oldestFirst(QuantTaskList list) {
        List<QuantTaskSummary> tasks = new ArrayList<>(list.tasks());
        java.util.Collections.reverse(tasks); // Quant lists newest first; a board reads oldest first
        return tasks;
    }

    private static ObjectNode json(String taskListId, String organisation, List<QuantTaskSummary> tasks,
            DependencyGraph graph) {
        ObjectNode out = JsonOutput.object().put("taskListId", taskListId).put("organisation", organisation)
                .put("count", tasks.size());
        ArrayNode array = out.putArray("tasks");
        for (QuantTaskSummary t : tasks) {
            ObjectNode o = array.addObject().put("taskId", t.taskId()).put("title", t.title())
                    .put("status", t.status() == null ? null : t.status().wire());
            ArrayNode deps = o.putArray("dependsOn");
            dependsOn(graph, t.taskId()).forEach(deps::add);
            o.put("blockedReason", t.blockedReason());
            o.put("progress", t.progress());
            o.put("createdAt", t.createdAt());
            o.put("updatedAt", t.updatedAt());
        }
        return out;
    }

    static void print(String taskListId, QuantClient client, List<QuantTaskSummary> tasks, DependencyGraph graph,
            PrintStream out, ServerText server) {
        out.println("Quant task list " + TerminalText.oneLine(taskListId, 200) + " (organisation "
                + TerminalText.oneLine(client.organisation(), 100) + " at " + client.baseUrl() + "): " + tasks.size()
                + " task(s)" + (tasks.size() >= QuantClient.MAX_LIST_LIMIT ? ", the newest " + QuantClient.MAX_LIST_LIMIT : ""));
        if (tasks.isEmpty()) {
            return;
        }
        Map<String, String> titles = new java.util.HashMap<>();
        tasks.forEach(t -> titles.put(t.taskId(), t.title()));
        out.printf("%-11s  %-40s  %-30s  %s%n", "STATUS", "TITLE", "DEPENDS ON", "BLOCKED REASON");
        for (QuantTaskSummary t : tasks) {
            List<String> deps = dependsOn(graph, t.taskId()).stream()
                    .map(id -> titles.containsKey(id) ? server.oneLine(titles.get(id), 30) : id.substring(0, Math.min(8, id.length())))
                    .toList();
            out.printf("%-11s  %-40s  %-30s  %s%n",
                    t.status() == null ? "?" : t.status().wire(),
                    server.oneLine(t.title(), 40),
                    deps.isEmpty() ? "-" : server.oneLine(String.join(", ", deps), 30),
                    blockedReason(t, server));
        }
    }

    /**
     * The reason, for a blocked task only: Quant keeps a reason when a blocked task ends (unless the writer cleared it),
     * and a finished task that says what it waited for would mislead.
     */
    private static String blockedReason(QuantTaskSummary t, ServerText server) {
        return t.status() != QuantStatus.BLOCKED || t.blockedReason() == null || t.blockedReason().isBlank() ? "-"
                : server.oneLine(t.blockedReason(), 200);
    }

    private static List<String> dependsOn(DependencyGraph graph, String taskId) {
        DependencyGraph.Node node = graph.graph().get(taskId);
        return node == null ? List.of() : node.dependsOn();
    }
}
