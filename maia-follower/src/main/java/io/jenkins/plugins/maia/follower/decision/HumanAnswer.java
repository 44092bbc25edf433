package io.jenkins.plugins.maia.follower.decision;

import io.jenkins.plugins.maia.client.model.Decision;
import java.util.Objects;

/** A human's decision and who took it (shown in the console and the transcript, e.g. a Jenkins user id). */
public record HumanAnswer(Decision decision, String decidedBy) {
    public HumanAnswer {
        Objects.requireNonNull(decision, "decision");
        decidedBy = decidedBy == null || decidedBy.isBlank() ? "human" : decidedBy;
    }
}
