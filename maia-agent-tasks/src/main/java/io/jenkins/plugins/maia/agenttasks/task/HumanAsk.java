package io.jenkins.plugins.maia.agenttasks.task;

import hudson.model.Run;
import io.jenkins.plugins.maia.agenttasks.approval.InputRequest;
import io.jenkins.plugins.maia.agenttasks.controller.MaiaController;
import io.jenkins.plugins.maia.agenttasks.options.HumanGate;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.follower.decision.DecisionView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * What the Pipeline variable needs besides the input's own arguments when it asks people: the decision round in
 * words for {@code onWaiting} ({@code summary}, {@code tools}, {@code questions}), and how to ask
 * ({@code approvers}, {@code decisionTimeout}, {@code onDecisionTimeout}). Added to the result's {@code input}
 * map as plain values.
 */
@Restricted(NoExternalUse.class)
final class HumanAsk {

    private HumanAsk() {}

    @SuppressWarnings("unchecked")
    static void describe(Map<String, Object> result, InputRequest input, List<PendingDecision> pending,
            HumanGate gate) {
        List<String> tools = new ArrayList<>();
        List<String> questions = new ArrayList<>();
        for (PendingDecision p : pending) {
            DecisionView view = DecisionView.of(p);
            if (view.kind() == DecisionView.Kind.TOOL) {
                tools.add(view.toolName());
            } else if (view.questions().isEmpty()) {
                questions.add(view.title());
            } else {
                view.questions().forEach(q -> questions.add(q.text()));
            }
        }
        put((Map<String, Object>) result.get(StepResult.INPUT), input, tools, questions, gate, input.id());
    }

    /**
     * The build's input page for {@code onWaiting}'s {@code url}: absolute when Jenkins' URL is configured, else
     * relative to Jenkins' root.
     */
    @SuppressWarnings("unchecked")
    static void inputPage(Map<String, Object> result, Run<?, ?> run) {
        String root = MaiaController.jenkins().getRootUrl();
        ((Map<String, Object>) result.get(StepResult.INPUT)).put("url", (root == null ? "" : root) + run.getUrl()
                + "input/");
    }

    /**
     * @param round the decision round: the variable calls {@code onWaiting} once per round, not again when the
     *              same decisions are asked of another approver
     */
    static void put(Map<String, Object> ask, InputRequest input, List<String> tools, List<String> questions,
            HumanGate gate, String round) {
        ask.put("summary", input.message());
        ask.put("tools", new ArrayList<>(tools));
        ask.put("questions", new ArrayList<>(questions));
        ask.put("round", round);
        ask.put("approvers", gate.approvers());
        ask.put("decisionTimeout", gate.decisionTimeoutMinutes());
        ask.put("onDecisionTimeout", gate.onDecisionTimeout().value());
    }
}
