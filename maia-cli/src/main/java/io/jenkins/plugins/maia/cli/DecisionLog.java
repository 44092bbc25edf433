package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.client.model.Decision;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.follower.follow.FollowListener;
import java.util.ArrayList;
import java.util.List;

/** The decisions taken during a follow, in words and in order, for the step summary. */
final class DecisionLog implements FollowListener {

    private final ServerText server;
    private final List<String> taken = new ArrayList<>();

    DecisionLog(ServerText server) {
        this.server = server;
    }

    @Override
    public synchronized void onDecision(PendingDecision pending, Decision decision, String decidedBy) {
        taken.add(DecisionWords.of(server.decision(pending), decision) + " (by " + server.oneLine(decidedBy, DecisionWords.MAX_DECIDED_BY) + ")");
    }

    synchronized List<String> taken() {
        return List.copyOf(taken);
    }
}
