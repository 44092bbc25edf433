package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.client.model.FollowUpMessage;
import io.jenkins.plugins.maia.client.model.Mode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code maia task send ID --message TEXT}: a follow-up message, which also resumes a stopped task. */
@Command(name = "send",
        exitCodeListHeading = ExitCodeText.HEADING,
        exitCodeList = {ExitCodeText.OK, ExitCodeText.API_FAILURE, ExitCodeText.USAGE},
        description = "Send a follow-up message to a task (this resumes a stopped task).")
public final class TaskSendCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "ID", description = "The task id.")
    String taskId;

    @ArgGroup(exclusive = true, multiplicity = "1")
    MessageInput message;

    @Option(names = "--mode", paramLabel = "PLAN|ACT", converter = ModeConverter.class,
            completionCandidates = ModeConverter.Candidates.class, description = "Switch the agent's mode.")
    Mode mode;

    @Option(names = "--target-branch", paramLabel = "NAME", description = "Switch the branch the agent pushes to.")
    String targetBranch;

    @Option(names = "--grant", paramLabel = "TOOL", description = "Also grant TOOL (repeatable); added to the task's grants.")
    List<String> grants = new ArrayList<>();

    @Mixin
    JsonOption json;

    public TaskSendCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        boolean asJson = json.begin(ctx);
        String text = message.read(ctx);
        FollowUpMessage followUp = new FollowUpMessage(text, mode, targetBranch, grants.isEmpty() ? null : grants);
        connection.connect(ctx).sendMessage(taskId, followUp);
        if (asJson) {
            ctx.printJson(TaskActionJson.of(taskId, "send"));
            return 0;
        }
        ctx.out().println("Message sent to task " + taskId + "; follow it with '"
                + new NextSteps(connection.reconnectOptions(), null).watch(taskId, null) + "'.");
        return 0;
    }
}
