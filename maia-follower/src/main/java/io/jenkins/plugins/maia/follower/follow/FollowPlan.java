package io.jenkins.plugins.maia.follower.follow;

import io.jenkins.plugins.maia.client.MaiaClient;
import io.jenkins.plugins.maia.follower.budget.BudgetSettings;
import io.jenkins.plugins.maia.follower.decision.DecisionPolicy;
import io.jenkins.plugins.maia.follower.decision.DecisionRules;
import io.jenkins.plugins.maia.follower.decision.Fallback;
import io.jenkins.plugins.maia.follower.decision.HumanDecider;
import io.jenkins.plugins.maia.follower.decision.OnDecisionTimeout;
import io.jenkins.plugins.maia.follower.event.TextRedactor;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The follower's policies built from the plain settings of a front end (the {@code maia} command's options, the
 * Jenkins global configuration and step options), in one place: how often to poll, the account's rate budget, and
 * the rules for pending decisions; and from them the {@link FollowOptions} of a follow.
 *
 * <p>The rate budget is handed over explicitly: {@link #budgeted} gives the client for the calls a front end makes
 * beside its follows (create, a follow-up message), drawing on the follower's own budget for the account, which from
 * then on has this plan's settings. Nothing arrives by the side effect of a shared registry.
 *
 * <pre>{@code
 * FollowPlan plan = FollowPlan.builder().pollInterval(initial).maxPollInterval(max).requestsPerMinute(60)
 *         .approveOnce(tools).fallback(Fallback.PAUSE).build();
 * MaiaClient budgeted = plan.budgeted(follower, client);   // create or send through this one
 * follower.follow(client, state, plan.options(null, redactor), listener);
 * }</pre>
 *
 * @param polling     how often a task is polled
 * @param budget      the account's rate budget
 * @param decisions   the rules for pending decisions
 * @param giveUpAfter       how long failures in a row may last before a follow fails with the last cause
 * @param decisionTimeout   how long a person may take to answer; zero = no limit
 * @param onDecisionTimeout what happens when nobody answered in time
 */
public record FollowPlan(PollingPolicy polling, BudgetSettings budget, DecisionPolicy decisions,
        Duration giveUpAfter, Duration decisionTimeout, OnDecisionTimeout onDecisionTimeout) {

    /** The smallest burst a rate given alone gets: a tenth of the rate, but at least this. */
    public static final int MIN_DERIVED_BURST = 5;

    public FollowPlan {
        Objects.requireNonNull(polling, "polling (use PollingPolicy.defaults() for the default)");
        Objects.requireNonNull(budget, "budget (use BudgetSettings.defaults() for the default)");
        Objects.requireNonNull(decisions, "decisions (use DecisionPolicy.askForEverything() to ask about everything)");
        Objects.requireNonNull(giveUpAfter, "giveUpAfter (use FollowOptions.DEFAULT_GIVE_UP_AFTER for the default)");
        decisionTimeout = decisionTimeout == null ? Duration.ZERO : decisionTimeout;
        onDecisionTimeout = onDecisionTimeout == null ? OnDecisionTimeout.FAIL : onDecisionTimeout;
    }

    /** A plan without a decision timeout. */
    public FollowPlan(PollingPolicy polling, BudgetSettings budget, DecisionPolicy decisions, Duration giveUpAfter) {
        this(polling, budget, decisions, giveUpAfter, Duration.ZERO, OnDecisionTimeout.FAIL);
    }

    /** A plan that gives up after {@link FollowOptions#DEFAULT_GIVE_UP_AFTER} of failures in a row. */
    public FollowPlan(PollingPolicy polling, BudgetSettings budget, DecisionPolicy decisions) {
        this(polling, budget, decisions, FollowOptions.DEFAULT_GIVE_UP_AFTER);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The options of a follow under this plan. With a {@code human} to ask, decisions the rules do not settle go to
     * that human (fallback ASK, whatever the plan's fallback); without one (null) the plan's fallback applies.
     * {@code redactor} masks the secrets the follow could keep (null = none).
     */
    public FollowOptions options(HumanDecider human, TextRedactor redactor) {
        return FollowOptions.builder()
                .polling(polling)
                .decisions(human == null ? decisions : decisions.withFallback(Fallback.ASK))
                .humanDecider(human)
                .redactor(redactor == null ? TextRedactor.none() : redactor)
                .giveUpAfter(giveUpAfter)
                .decisionTimeout(decisionTimeout)
                .onDecisionTimeout(onDecisionTimeout)
                .build();
    }

    /**
     * {@code client} drawing on {@code follower}'s budget for the client's account, which from now on has this
     * plan's settings: the front end's own calls (create, a follow-up) and that account's follows on
     * {@code follower} then share one rate.
     */
    public MaiaClient budgeted(TaskFollower follower, MaiaClient client) {
        return client.withBudget(follower.budget(client.accountKey(), budget));
    }

    /**
     * Plain settings, each optional: what is not set keeps the follower's default ({@link PollingPolicy#defaults()},
     * {@link BudgetSettings#defaults()}, nothing approved or rejected, fallback ASK, giving up after
     * {@link FollowOptions#DEFAULT_GIVE_UP_AFTER} of failures in a row).
     */
    public static final class Builder {
        private Duration pollInterval;
        private Duration maxPollInterval;
        private Duration fixedPollInterval;
        private Integer requestsPerMinute;
        private Integer burst;
        private Collection<String> approveOnce = List.of();
        private Collection<String> approveForTask = List.of();
        private Collection<String> reject = List.of();
        private Map<Integer, String> answers = Map.of();
        private Fallback fallback = Fallback.ASK;
        private Duration giveUpAfter = FollowOptions.DEFAULT_GIVE_UP_AFTER;
        private DecisionRules rules = DecisionRules.none();
        private Duration decisionTimeout = Duration.ZERO;
        private OnDecisionTimeout onDecisionTimeout = OnDecisionTimeout.FAIL;

        private Builder() {}

        /**
         * The first interval, after any change (default 1 s). Longer than the default longest interval, it is the
         * longest one too.
         */
        public Builder pollInterval(Duration initial) {
            this.pollInterval = initial;
            return this;
        }

        /**
         * The longest interval, for a quiet task (default 15 s). Shorter than the first interval, it is the first
         * one too.
         */
        public Builder maxPollInterval(Duration max) {
            this.maxPollInterval = max;
            return this;
        }

        /** Polls at this interval always, whatever the first and longest interval (tests, diagnosis); null = off. */
        public Builder fixedPollInterval(Duration interval) {
            this.fixedPollInterval = interval;
            return this;
        }

        /** Requests a minute for the account (default 60). */
        public Builder requestsPerMinute(int perMinute) {
            this.requestsPerMinute = perMinute;
            return this;
        }

        /** Requests allowed at once (default: a tenth of the rate, at least {@value #MIN_DERIVED_BURST}). */
        public Builder burst(int burst) {
            this.burst = burst;
            return this;
        }

        /** Tools approved once each time they are asked for. */
        public Builder approveOnce(Collection<String> tools) {
            this.approveOnce = tools == null ? List.of() : tools;
            return this;
        }

        /** Tools approved for the rest of the task the first time they are asked for. */
        public Builder approveForTask(Collection<String> tools) {
            this.approveForTask = tools == null ? List.of() : tools;
            return this;
        }

        /** Tools rejected (reject wins over approve). */
        public Builder reject(Collection<String> tools) {
            this.reject = tools == null ? List.of() : tools;
            return this;
        }

        /** Answers to questions: question index to option label (several labels comma-separated). */
        public Builder answers(Map<Integer, String> answers) {
            this.answers = answers == null ? Map.of() : answers;
            return this;
        }

        /**
         * Ordered decision rules, matched before the approve and reject lists and answers (see
         * {@link io.jenkins.plugins.maia.follower.decision.DecisionRulesParser}); null = none.
         */
        public Builder rules(DecisionRules rules) {
            this.rules = rules == null ? DecisionRules.none() : rules;
            return this;
        }

        /** How long a person may take to answer a round of decisions; zero or null (default) = no limit. */
        public Builder decisionTimeout(Duration decisionTimeout) {
            this.decisionTimeout = decisionTimeout == null ? Duration.ZERO : decisionTimeout;
            return this;
        }

        /** What happens when nobody answered within the decision timeout (default FAIL). */
        public Builder onDecisionTimeout(OnDecisionTimeout onDecisionTimeout) {
            this.onDecisionTimeout = onDecisionTimeout == null ? OnDecisionTimeout.FAIL : onDecisionTimeout;
            return this;
        }

        /**
         * What happens to a decision the rules do not settle: ASK a human (default), PAUSE, REJECT tools, or WAIT for
         * an answer given elsewhere.
         */
        public Builder fallback(Fallback fallback) {
            this.fallback = fallback;
            return this;
        }

        /**
         * How long failures in a row (the server down, 5xx, 429) may last before a follow fails with the last
         * cause (default 5 minutes); each failed call is told to the follow's listener meanwhile.
         */
        public Builder giveUpAfter(Duration giveUpAfter) {
            this.giveUpAfter = giveUpAfter == null ? FollowOptions.DEFAULT_GIVE_UP_AFTER : giveUpAfter;
            return this;
        }

        /** The plan; a bad setting fails with a message naming it (the policies check their own values). */
        public FollowPlan build() {
            if (giveUpAfter.isNegative() || giveUpAfter.isZero()) {
                throw new IllegalArgumentException("giveUpAfter must be positive, was " + giveUpAfter
                        + " (the default is " + FollowOptions.DEFAULT_GIVE_UP_AFTER + ")");
            }
            if (decisionTimeout.isNegative()) {
                throw new IllegalArgumentException("decisionTimeout must not be negative, was " + decisionTimeout
                        + " (zero means no limit)");
            }
            return new FollowPlan(polling(), budget(), new DecisionPolicy(Set.copyOf(approveOnce),
                    Set.copyOf(approveForTask), Set.copyOf(reject), answers, fallback, rules), giveUpAfter,
                    decisionTimeout, onDecisionTimeout);
        }

        private PollingPolicy polling() {
            if (fixedPollInterval != null) {
                return PollingPolicy.fixed(fixedPollInterval);
            }
            PollingPolicy p = PollingPolicy.defaults();
            if (pollInterval != null) {
                p = new PollingPolicy(pollInterval, p.factor(), pollInterval.compareTo(p.max()) > 0 ? pollInterval
                        : p.max());
            }
            if (maxPollInterval != null) {
                p = new PollingPolicy(maxPollInterval.compareTo(p.initial()) < 0 ? maxPollInterval : p.initial(),
                        p.factor(), maxPollInterval);
            }
            return p;
        }

        private BudgetSettings budget() {
            if (requestsPerMinute == null) {
                return burst == null ? BudgetSettings.defaults()
                        : new BudgetSettings(BudgetSettings.defaults().requestsPerMinute(), burst);
            }
            return new BudgetSettings(requestsPerMinute,
                    burst != null ? burst : Math.max(MIN_DERIVED_BURST, requestsPerMinute / 10));
        }
    }
}
