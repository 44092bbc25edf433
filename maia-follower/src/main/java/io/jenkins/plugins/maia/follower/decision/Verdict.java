package io.jenkins.plugins.maia.follower.decision;

import io.jenkins.plugins.maia.client.model.Decision;
import java.util.Objects;

/** What a {@link DecisionPolicy} says about one pending decision. */
public sealed interface Verdict permits Verdict.Settled, Verdict.NeedsHuman {

    /** The policy answers by itself with {@code decision}. */
    record Settled(Decision decision) implements Verdict {
        public Settled {
            Objects.requireNonNull(decision, "decision");
        }
    }

    /**
     * No rule applies: the fallback decides whether a human is asked ({@link Fallback#ASK}) or the follow
     * pauses. {@code reason} says why, for the console (e.g. "git_push is not in any approve or reject list").
     */
    record NeedsHuman(String reason) implements Verdict {
        public NeedsHuman() {
            this("no rule of the decision policy applies");
        }
    }
}
