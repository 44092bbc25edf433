package io.jenkins.plugins.maia.agenttasks.approval;

import io.jenkins.plugins.maia.client.model.Decision;
import io.jenkins.plugins.maia.client.model.QuestionAnswer;
import io.jenkins.plugins.maia.client.model.QuestionDecision;
import io.jenkins.plugins.maia.client.model.ToolDecision;
import io.jenkins.plugins.maia.follower.decision.HumanAnswer;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * A person's answer to one pending decision, in serializable form.
 *
 * @param toolChoice for a tool call: approve once, approve for the task, or reject; null for a question
 * @param selected   for a question: question index (zero-based) to the chosen option labels
 * @param decidedBy  the Jenkins user who answered
 */
@Restricted(NoExternalUse.class)
public record AnsweredDecision(String toolId, ToolChoice toolChoice, Map<Integer, List<String>> selected,
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
