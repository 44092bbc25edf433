package io.jenkins.plugins.maia.agenttasks.task;

import io.jenkins.plugins.maia.agenttasks.options.TaskOptions;
import io.jenkins.plugins.maia.agenttasks.approval.AnsweredDecision;
import io.jenkins.plugins.maia.agenttasks.approval.InputField;
import java.util.ArrayList;
import java.util.List;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * A follow that ended with NEEDS_DECISION and waits for a Jenkins input: everything the resume step needs, kept
 * in the build's own directory (see {@code BuildTaskFiles}) rather than passed through the Pipeline script, so a
 * script can only resume tasks this build paused, cannot alter their settings, and cannot make up the answer:
 * the resume step takes the answer from the record the {@code input} step itself left on its flow node, for the
 * input named here. No secret in it (the credential is named, the follow state holds none).
 *
 * @param inputId                 the id of the Jenkins input that asks about these decisions
 * @param followState             the follower's {@code FollowState.encode()} text
 * @param pausedAtMillis          when the follow paused (epoch millis); an answer recorded before it is not this
 *                                pause's
 * @param deadlineRemainingMillis time left until the step's deadline when it paused; null = no deadline. Time
 *                                spent waiting for a human does not count against the agent's timeout.
 * @param fields                  the input's parameters, to map the submitted values back
 * @param rejectedSoFar           tools rejected by this task's follows in this build up to the pause
 * @param inputMessage            the input's heading (asked again, for another approver, with a prefix)
 * @param earlierAnswers          answers from earlier inputs about the same decisions ({@code approvers} above 1)
 */
@Restricted(NoExternalUse.class)
public record PausedFollow(String taskId, String inputId, TaskOptions options, String followState,
        long pausedAtMillis, Long deadlineRemainingMillis, List<InputField> fields, List<String> rejectedSoFar,
        String inputMessage, List<AnsweredDecision> earlierAnswers) {

    public PausedFollow {
        fields = new ArrayList<>(fields == null ? List.of() : fields);
        rejectedSoFar = new ArrayList<>(rejectedSoFar == null ? List.of() : rejectedSoFar);
        earlierAnswers = new ArrayList<>(earlierAnswers == null ? List.of() : earlierAnswers);
    }

    /** The same pause asking again, in input {@code newInputId}, about {@code newFields}. */
    public PausedFollow askingAgain(String newInputId, long atMillis, List<InputField> newFields,
            List<AnsweredDecision> kept) {
        return new PausedFollow(taskId, newInputId, options, followState, atMillis, deadlineRemainingMillis, newFields,
                rejectedSoFar, inputMessage, kept);
    }
}
