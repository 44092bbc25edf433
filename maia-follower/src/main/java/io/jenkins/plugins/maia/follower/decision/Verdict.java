package io.jenkins.plugins.maia.follower.decision;

import io.jenkins.plugins.maia.client.model.Decision;
import java.util.Objects;

/** What a {@link DecisionPolicy} says about one pending decision. */
public sealed interface Verdict permits Verdict.Settled, Verdict.NeedsHuman {

    /**
     * The policy answers by itself with {@code decision}: by one of its rules ({@code rule} names it, e.g.
     * {@code "reject"}, or {@code "rules[0]: git_* -> reject"} for an explicit rule, whose index is
     * {@code ruleIndex}; -1 for the approve and reject lists and answers), or by its default
     * ({@link SettledDecision.Source#DEFAULT}: the fallback REJECT).
     */
    record Settled(Decision decision, SettledDecision.Source source, String rule, int ruleIndex) implements Verdict {
        public Settled {
            Objects.requireNonNull(decision, "decision");
            Objects.requireNonNull(source, "source (RULE or DEFAULT)");
            rule = rule == null || rule.isBlank() ? "policy" : rule;
            ruleIndex = Math.max(-1, ruleIndex);
        }

        /** Settled by a list, the answers or the default: no explicit rule. */
        public Settled(Decision decision, SettledDecision.Source source, String rule) {
            this(decision, source, rule, -1);
        }

        /** Settled by a rule of the policy. */
        public Settled(Decision decision) {
            this(decision, SettledDecision.Source.RULE, "policy");
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
