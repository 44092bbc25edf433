package io.jenkins.plugins.maia.agenttasks.approval;

import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.follower.decision.DecisionView;
import io.jenkins.plugins.maia.follower.decision.HumanAnswer;
import io.jenkins.plugins.maia.follower.decision.HumanDecider;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The follower's human decider for a follow resumed after a Jenkins input: the answers a person gave there, by
 * decision id. A decision the person was not asked about gets no answer, so the follow pauses again and the
 * Pipeline asks again.
 */
@Restricted(NoExternalUse.class)
public final class AnsweredByHuman implements HumanDecider {

    private final Map<String, AnsweredDecision> byId = new HashMap<>();

    public AnsweredByHuman(List<AnsweredDecision> answers) {
        for (AnsweredDecision a : answers) {
            byId.put(a.toolId(), a);
        }
    }

    @Override
    public CompletableFuture<HumanAnswer> answer(PendingDecision pending, DecisionView view) {
        AnsweredDecision a = byId.get(pending.toolId());
        return CompletableFuture.completedFuture(a == null ? null : a.toHumanAnswer());
    }
}
