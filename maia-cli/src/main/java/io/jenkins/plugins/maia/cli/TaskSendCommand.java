package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.client.model.FollowUpMessage;
import io.jenkins.plugins.maia.client.model.Mode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code maia task send ID --message TEXT}: a follow-up message, which also resumes a stopped task. */
@Command(name = "send", description = "Send a follow-up message to a task (this resumes a stopped task).")
public final class TaskSendCommand extends TaskIdCommand {

    @ArgGroup(exclusive = true, multiplicity = "1")
    MessageInput message;

    @Option(names = "--mode", paramLabel = "PLAN|ACT", converter = ModeConverter.class, description = "Switch the agent's mode.")
    Mode mode;

    @Option(names = "--target-branch", paramLabel = "NAME", description = "Switch the branch the agent pushes to.")
    String targetBranch;

    @Option(names = "--grant", paramLabel = "TOOL", description = "Also grant TOOL (repeatable); added to the task's grants.")
    List<String> grants = new ArrayList<>();

    public TaskSendCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    String act() {
        String text = message.read(ctx.in());
        FollowUpMessage followUp = new FollowUpMessage(text, mode, targetBranch, grants.isEmpty() ? null : grants);
        maia().sendMessage(taskId, followUp);
        return "Message sent to task " + taskId + "; follow it with 'maia watch " + taskId + "'.";
    }
}
