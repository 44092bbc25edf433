package io.jenkins.plugins.maia.agenttasks.task;

import hudson.AbortException;
import io.jenkins.plugins.maia.client.FieldRules;
import io.jenkins.plugins.maia.client.InvalidRequestException;
import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.client.model.Decision;
import io.jenkins.plugins.maia.client.model.FollowUpMessage;
import io.jenkins.plugins.maia.client.model.Mode;
import io.jenkins.plugins.maia.client.model.QuestionAnswer;
import io.jenkins.plugins.maia.client.model.QuestionDecision;
import io.jenkins.plugins.maia.client.model.ToolDecision;
import io.jenkins.plugins.maia.follower.decision.HumanAnswer;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.Map;
import java.util.TreeMap;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * What a step does before it follows a task: create one, send a follow-up to one, or answer a paused one's
 * decisions. Plain serializable values (kept in the step's saved state); converted to the client's request types
 * only when sent.
 */
@Restricted(NoExternalUse.class)
public sealed interface Launch extends Serializable permits Launch.CreateTask, Launch.FollowUp, Launch.Answer {

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
     * Continue a task this build paused for decisions, with the values a human submitted in the {@code input} step
     * (one per input parameter, in order). They are checked against the paused input and handed to the follower
     * as its human decider.
     *
     * @param decidedBy the user id the input step recorded
     */
    record Answer(String taskId, List<String> values, String decidedBy) implements Launch {

        private static final long serialVersionUID = 1L;

        public Answer {
            values = new ArrayList<>(values == null ? List.of() : values);
        }
    }

    /**
     * A human's answer to one pending decision, in serializable form.
     *
     * @param toolChoice for a tool call: approve once, approve for the task, or reject; null for a question
     * @param selected   for a question: question index (zero-based) to the chosen option labels
     * @param decidedBy  the Jenkins user who answered
     */
    record AnsweredDecision(String toolId, ToolChoice toolChoice, Map<Integer, List<String>> selected,
            String decidedBy) implements Serializable {

        private static final long serialVersionUID = 1L;

        public AnsweredDecision {
            if (selected != null) {
                TreeMap<Integer, List<String>> copy = new TreeMap<>();
                selected.forEach((k, v) -> copy.put(k, new ArrayList<>(v == null ? List.of() : v)));
                selected = copy;
            }
        }

        /** The client's decision plus who took it. */
        public HumanAnswer toHumanAnswer() {
            Decision decision;
            if (toolChoice != null) {
                decision = switch (toolChoice) {
                    case APPROVE_ONCE -> ToolDecision.approveOnce(toolId);
                    case APPROVE_FOR_TASK -> ToolDecision.approveForTask(toolId);
                    case REJECT -> ToolDecision.reject(toolId);
                };
            } else {
                List<QuestionAnswer> list = new ArrayList<>();
                selected.forEach((index, options) -> list.add(new QuestionAnswer(index, options)));
                decision = new QuestionDecision(toolId, list);
            }
            return new HumanAnswer(decision, decidedBy);
        }
    }

    /** The three answers a human can give to a tool call. */
    enum ToolChoice {
        APPROVE_ONCE,
        APPROVE_FOR_TASK,
        REJECT
    }
}
