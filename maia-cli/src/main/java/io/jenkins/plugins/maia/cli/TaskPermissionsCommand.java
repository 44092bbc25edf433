package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.client.model.GrantedTool;
import io.jenkins.plugins.maia.client.model.TaskPermissions;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code maia task permissions ID}: replaces or clears a task's granted tools. */
@Command(name = "permissions",
        exitCodeListHeading = ExitCodeText.HEADING,
        exitCodeList = {ExitCodeText.OK, ExitCodeText.API_FAILURE, ExitCodeText.USAGE},
        description = "Replace the task's granted tools (the whole list) or clear it.")
public final class TaskPermissionsCommand extends TaskIdCommand {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Change change;

    static final class Change {
        @Option(names = "--set", paramLabel = "TOOL", arity = "1..*", required = true,
                description = "The complete new list of granted tools, e.g. --set git_commit git_push.")
        List<String> tools;

        @Option(names = "--clear", required = true, description = "Remove every granted tool.")
        boolean clear;
    }

    public TaskPermissionsCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    Done act() {
        List<String> tools = change.clear ? List.of() : change.tools;
        TaskPermissions result = maia().replacePermissions(taskId, tools);
        String list = result.grantedPermissions().stream().map(GrantedTool::toolName)
                .map(t -> TerminalText.oneLine(t, 80)).collect(Collectors.joining(", "));
        return new Done(result, "Granted tools of task " + taskId + ": " + (list.isEmpty() ? "(none)" : list));
    }
}
