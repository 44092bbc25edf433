package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.client.model.FollowUpMessage;
import io.jenkins.plugins.maia.client.model.Mode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code maia task send ID}: sends a follow-up message to a task. */
@Command(name = "send",
        exitCodeListHeading = ExitCodeText.HEADING,
        exitCodeList = {ExitCodeText.OK, ExitCodeText.API_FAILURE, ExitCodeText.USAGE},
        description = "Send a follow-up message to a task (this resumes a stopped task).")
public final class TaskSendCommand extends TaskIdCommand {

    @ArgGroup(exclusive = true, multiplicity = "1")
    MessageInput message;

    @Option(names = "--mode", paramLabel = "PLAN|ACT", converter = ModeConverter.class,
            completionCandidates = ModeConverter.Candidates.class, description = "Switch the agent's mode.")
    Mode mode;

    @Option(names = "--target-branch", paramLabel = "NAME", description = "Switch the branch the agent pushes to.")
    String targetBranch;

    @Option(names = "--grant", paramLabel = "TOOL", description = "Also grant TOOL (repeatable); added to the task's grants.")
    List<String> grants = new ArrayList<>();

    public TaskSendCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    Done act() {
        String text = message.read(ctx);
        FollowUpMessage followUp = new FollowUpMessage(text, mode, targetBranch, grants.isEmpty() ? null : grants);
        maia().sendMessage(taskId, followUp);
        return new Done(TaskActionJson.of(taskId, "send"), "Message sent to task " + taskId + "; follow it with '"
                + nextSteps().watch(taskId, null) + "'.");
    }
}
