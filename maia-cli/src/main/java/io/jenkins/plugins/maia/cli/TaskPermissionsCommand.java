package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.client.model.GrantedTool;
import io.jenkins.plugins.maia.client.model.TaskPermissions;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code maia task permissions ID --set TOOL... | --clear}: replaces the tools the agent may use unasked. */
@Command(name = "permissions", description = "Replace the task's granted tools (the whole list) or clear it.")
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

    @Option(names = "--json", description = "Print the resulting permissions as JSON on stdout.")
    boolean json;

    public TaskPermissionsCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    String act() {
        List<String> tools = change.clear ? List.of() : change.tools;
        TaskPermissions result = maia().replacePermissions(taskId, tools);
        if (json) {
            return JsonOutput.write(result);
        }
        String list = result.grantedPermissions().stream().map(GrantedTool::toolName)
                .map(t -> TerminalText.oneLine(t, 80)).collect(Collectors.joining(", "));
        return "Granted tools of task " + taskId + ": " + (list.isEmpty() ? "(none)" : list);
    }
}
