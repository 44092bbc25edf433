package io.jenkins.plugins.maia.agenttasks.task;

import hudson.AbortException;
import io.jenkins.plugins.maia.client.FieldRules;
import io.jenkins.plugins.maia.client.InvalidRequestException;
import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.client.model.FollowUpMessage;
import io.jenkins.plugins.maia.client.model.Mode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * What a step does before it follows a task: create one, send a follow-up to one, or answer a paused one's
 * decisions. Plain serializable values (kept in the step's saved state); converted to the client's request types
 * only when sent.
 */
@Restricted(NoExternalUse.class)
public sealed interface Launch extends Serializable permits Launch.CreateTask, Launch.FollowUp, Launch.Answer, Launch.Abandon {

    /** Create a task ({@code maiaAgentTask}, the freestyle build step). */
    record CreateTask(
            String message,
            Mode mode,
            String projectId,
            String environmentName,
            String sourceBranchName,
            String targetBranchName,
            boolean generateBranch,
            String workingDirectory,
            String graphId,
            List<String> grantedTools) implements Launch {

        private static final long serialVersionUID = 1L;

        public CreateTask {
            grantedTools = new ArrayList<>(grantedTools == null ? List.of() : grantedTools);
        }

        public CreateTaskRequest toRequest() {
            return CreateTaskRequest.builder()
                    .message(message)
                    .mode(mode)
                    .projectId(projectId)
                    .environmentName(environmentName)
                    .sourceBranchName(sourceBranchName)
                    .targetBranchName(targetBranchName)
                    .generateBranch(generateBranch)
                    .workingDirectory(workingDirectory)
                    .graphId(graphId)
                    .grantedTools(grantedTools.isEmpty() ? null : List.copyOf(grantedTools))
                    .build();
        }

        /**
         * Refuses, before anything is scheduled, what the client would refuse: the client's own rules, with the
         * step's parameter names (projectId rather than agentConfig.projectId).
         */
        public CreateTask checked() throws AbortException {
            List<InvalidRequestException.Violation> violations = FieldRules.createRequest(toRequest());
            if (!violations.isEmpty()) {
                throw new AbortException("Maia: " + violations.stream()
                        .map(v -> v.toString().replace("agentConfig.", ""))
                        .collect(Collectors.joining("; ")));
            }
            return this;
        }
    }

    /** Send a follow-up message to an existing task ({@code maiaAgentMessage}). */
    record FollowUp(String taskId, String message, Mode mode, String targetBranchName, List<String> grantedTools)
            implements Launch {

        private static final long serialVersionUID = 1L;

        public FollowUp {
            grantedTools = new ArrayList<>(grantedTools == null ? List.of() : grantedTools);
        }

        public FollowUpMessage toMessage() {
            return new FollowUpMessage(message, mode, targetBranchName,
                    grantedTools.isEmpty() ? null : List.copyOf(grantedTools));
        }
    }

    /**
     * Continue a task this build paused for decisions, with the answer a person gave in the Jenkins input that
     * asked about them ({@code rejectAll}: nobody answered in time and {@code onDecisionTimeout} is reject). The answer is read from the input step's own record on its flow node (who answered, the
     * values), never from the Pipeline script; it is checked against the paused input and handed to the follower
     * as its human decider.
     */
    record Answer(String taskId, boolean rejectAll) implements Launch {
        private static final long serialVersionUID = 1L;

        public Answer(String taskId) {
            this(taskId, false);
        }
    }

    /**
     * The Jenkins input asking about a paused task ended without an answer: the build was aborted, a
     * {@code timeout} expired or a person rejected the input. The task is stopped (unless {@code stopOnAbort} is
     * false), its transcript archived and the pause forgotten; the Pipeline variable then rethrows the interruption.
     *
     * @param reason what ended the input, for the console and the build's Maia page
     */
    record Abandon(String taskId, String reason, AfterInput after) implements Launch {
        private static final long serialVersionUID = 1L;

        public Abandon(String taskId, String reason) {
            this(taskId, reason, AfterInput.AS_STOP_ON_ABORT);
        }

        public Abandon {
            after = after == null ? AfterInput.AS_STOP_ON_ABORT : after;
        }

        boolean keepsPaused(boolean stopOnAbort) {
            return after == AfterInput.KEEP_PAUSED || after == AfterInput.AS_STOP_ON_ABORT && !stopOnAbort;
        }

        boolean stopAnyway() {
            return after == AfterInput.STOP;
        }
    }

    /**
     * What happens to the task when its input ended unanswered: as {@code stopOnAbort} says (an abort, a
     * rejection), or, after a decision timeout, as {@code onDecisionTimeout} says: stop it, or leave it paused.
     */
    enum AfterInput { AS_STOP_ON_ABORT, STOP, KEEP_PAUSED }
}
