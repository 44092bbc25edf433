package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.client.model.GrantedTool;
import io.jenkins.plugins.maia.client.model.TaskPermissions;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code maia task permissions ID --set TOOL... | --clear}: replaces the tools the agent may use unasked. */
@Command(name = "permissions",
        exitCodeListHeading = ExitCodeText.HEADING,
        exitCodeList = {ExitCodeText.OK, ExitCodeText.API_FAILURE, ExitCodeText.USAGE},
        description = "Replace the task's granted tools (the whole list) or clear it.")
public final class TaskPermissionsCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "ID", description = "The task id.")
    String taskId;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Change change;

    static final class Change {
        @Option(names = "--set", paramLabel = "TOOL", arity = "1..*", required = true,
                description = "The complete new list of granted tools, e.g. --set git_commit git_push.")
        List<String> tools;

        @Option(names = "--clear", required = true, description = "Remove every granted tool.")
        boolean clear;
    }

    @Option(names = "--json", description = "Print the resulting permissions as JSON on stdout.")
    boolean json;

    public TaskPermissionsCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (json) {
            ctx.reserveStdoutForJson();
        }
        List<String> tools = change.clear ? List.of() : change.tools;
        TaskPermissions result = connection.connect(ctx).replacePermissions(taskId, tools);
        if (json) {
            ctx.printJson(result);
        } else {
            String list = result.grantedPermissions().stream().map(GrantedTool::toolName)
                    .map(t -> TerminalText.oneLine(t, 80)).collect(Collectors.joining(", "));
            ctx.out().println("Granted tools of task " + taskId + ": " + (list.isEmpty() ? "(none)" : list));
        }
        return 0;
    }
}
