package io.jenkins.plugins.maia.agenttasks.task;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Run;
import io.jenkins.plugins.maia.agenttasks.controller.MaiaController;
import io.jenkins.plugins.maia.agenttasks.options.OnDecision;
import io.jenkins.plugins.maia.agenttasks.options.TaskOptions;
import io.jenkins.plugins.maia.agenttasks.quant.BuildQuantMirror;
import io.jenkins.plugins.maia.agenttasks.quant.MirrorRequest;
import io.jenkins.plugins.maia.agenttasks.quant.TaskMirror;
import io.jenkins.plugins.maia.follower.event.TextRedactor;
import io.jenkins.plugins.maia.follower.follow.FollowResult;
import java.util.List;
import java.util.function.Consumer;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * What a step's follow tells the build's Quant mirror ({@code quant} package): which Maia task it follows, and how
 * the step's end shows on the board. A step that pauses for a Jenkins input leaves its task {@code blocked} (the
 * follow's last status) instead of ending it, because the resume step goes on with the same Quant task.
 */
@Restricted(NoExternalUse.class)
final class StepMirror {

    private StepMirror() {}

    /**
     * The Quant task of the task {@code progress} names; {@link TaskMirror#NONE} for a follow-up
     * ({@code maiaAgentMessage} is not mirrored) or when the mirror is off.
     *
     * @param launchedBefore the task existed before this follow began (resumed, or an answered input)
     */
    static TaskMirror attach(Run<?, ?> run, TaskHost host, Launch launch, TaskProgress progress,
            boolean launchedBefore, TextRedactor maiaSecrets, Consumer<String> console) {
        if (launch instanceof Launch.FollowUp) {
            return TaskMirror.NONE;
        }
        TaskOptions options = java.util.Objects.requireNonNull(progress.options(), "a launched step has options");
        String taskId = progress.taskId();
        String who = BuildQuantMirror.whoMayAnswer(options.onDecision() == OnDecision.INPUT, options.submitter());
        MirrorRequest request;
        if (launch instanceof Launch.CreateTask create) {
            request = new MirrorRequest(options.quantTaskList(), host.quantPlacement(), taskId, create.message(),
                    create.projectId(), create.mode() == null ? null : create.mode().name(), create.targetBranchName(),
                    launchedBefore, who);
        } else {
            // Continuing a paused task: its Quant task is this build's already, unless the controller restarted.
            request = new MirrorRequest(options.quantTaskList(), host.quantPlacement(), taskId, "Maia task " + taskId,
                    null, null, null, true, who);
        }
        return TaskMirror.attach(run, request, maiaSecrets, console);
    }

    /** The follow ended with {@code outcome}: nothing while the step hands a pause to a Jenkins input. */
    static void ended(TaskMirror mirror, Run<?, ?> run, FollowResult result, StepOutcome outcome,
            List<String> artifacts) {
        if (!(outcome instanceof StepOutcome.AskInput)) {
            mirror.ended(result, transcriptUrl(run, artifacts));
        }
    }

    /** The archived Markdown transcript's address, for the Quant task's result. */
    private static @CheckForNull String transcriptUrl(Run<?, ?> run, List<String> artifacts) {
        String root = MaiaController.jenkins().getRootUrl();
        return artifacts.stream().filter(a -> a.endsWith(".md")).findFirst()
                .map(a -> (root == null ? "" : root) + run.getUrl() + "artifact/" + a).orElse(null);
    }
}
