package io.jenkins.plugins.maia.follower.follow;

import io.jenkins.plugins.maia.follower.event.TextRedactor;
import io.jenkins.plugins.maia.follower.decision.DecisionPolicy;
import io.jenkins.plugins.maia.follower.decision.HumanDecider;
import io.jenkins.plugins.maia.follower.decision.OnDecisionTimeout;
import java.time.Duration;
import java.util.Objects;

/**
 * Options of one follow: {@code FollowOptions.builder()...build()}, or {@link #defaults()}.
 *
 * @param polling                how often the task is polled
 * @param decisions              rules that answer pending decisions, and the fallback for the rest
 * @param humanDecider           who is asked when the rules do not settle a decision and the fallback is ASK;
 *                               null = nobody (the follow pauses with NEEDS_DECISION)
 * @param stopGrace              how long {@link FollowHandle#stop()} waits for STOPPED after the stop request
 * @param maxConsecutiveFailures how many transient failures in a row (429, 5xx, connection problems) the follow
 *                               tolerates before it fails with the last error (default 20); {@code giveUpAfter}
 *                               usually ends a streak first
 * @param redactor               masks secrets in the agent text and the detail the follow keeps (the last agent
 *                               message of the state and the result, the result's detail), so an agent that echoes
 *                               a credential does not put it into saved state; {@link TextRedactor#none()} by
 *                               default. Events reach listeners as received: transcripts redact on their own.
 * @param giveUpAfter            how long failures in a row may last before the follow fails with the last cause
 *                               (default 5 minutes): from the first failure of a streak, the last attempt is made
 *                               at this bound at the latest. Each failed call is told to the listener
 *                               ({@link FollowListener#onCallFailed}) meanwhile.
 * @param decisionTimeout        how long a person asked (fallback ASK) or waited for (fallback WAIT) may take to
 *                               answer a round of decisions; {@link Duration#ZERO} (the default) = no limit. It is
 *                               a bound of its own, besides the follow's deadline.
 * @param onDecisionTimeout      what happens when nobody answered within {@code decisionTimeout}: REJECT the tools
 *                               (a question fails), FAIL (default: NEEDS_DECISION, the task left paused) or STOP the
 *                               task
 */
public record FollowOptions(
        PollingPolicy polling,
        DecisionPolicy decisions,
        HumanDecider humanDecider,
        Duration stopGrace,
        int maxConsecutiveFailures,
        TextRedactor redactor,
        Duration giveUpAfter,
        Duration decisionTimeout,
        OnDecisionTimeout onDecisionTimeout) {

    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_CONSECUTIVE_FAILURES = 20;
    public static final Duration DEFAULT_GIVE_UP_AFTER = Duration.ofMinutes(5);

    public FollowOptions {
        Objects.requireNonNull(polling, "polling (use PollingPolicy.defaults() for the default)");
        Objects.requireNonNull(decisions, "decisions (use DecisionPolicy.askForEverything() to ask about everything)");
        Objects.requireNonNull(stopGrace, "stopGrace (use FollowOptions.DEFAULT_STOP_GRACE for the default)");
        Objects.requireNonNull(redactor, "redactor (use TextRedactor.none() for none)");
        Objects.requireNonNull(giveUpAfter, "giveUpAfter (use FollowOptions.DEFAULT_GIVE_UP_AFTER for the default)");
        if (giveUpAfter.isNegative() || giveUpAfter.isZero()) {
            throw new IllegalArgumentException("giveUpAfter must be positive, was " + giveUpAfter + " (the default is "
                    + DEFAULT_GIVE_UP_AFTER + ")");
        }
        decisionTimeout = decisionTimeout == null ? Duration.ZERO : decisionTimeout;
        if (decisionTimeout.isNegative()) {
            throw new IllegalArgumentException("decisionTimeout must not be negative, was " + decisionTimeout
                    + " (zero means no limit)");
        }
        onDecisionTimeout = onDecisionTimeout == null ? OnDecisionTimeout.FAIL : onDecisionTimeout;
        if (stopGrace.isNegative()) {
            throw new IllegalArgumentException("stopGrace must not be negative, was " + stopGrace);
        }
        if (maxConsecutiveFailures < 1) {
            throw new IllegalArgumentException("maxConsecutiveFailures must be at least 1, was "
                    + maxConsecutiveFailures + " (the default is " + DEFAULT_MAX_CONSECUTIVE_FAILURES + ")");
        }
    }

    /** Options without a decision timeout. */
    public FollowOptions(PollingPolicy polling, DecisionPolicy decisions, HumanDecider humanDecider,
            Duration stopGrace, int maxConsecutiveFailures, TextRedactor redactor, Duration giveUpAfter) {
        this(polling, decisions, humanDecider, stopGrace, maxConsecutiveFailures, redactor, giveUpAfter, Duration.ZERO,
                OnDecisionTimeout.FAIL);
    }

    /** Whether a person's answer has a time limit. */
    public boolean hasDecisionTimeout() {
        return !decisionTimeout.isZero();
    }

    /**
     * Default polling, everything asked of a human (paused when there is none), 60 s stop grace, giving up after 5
     * minutes (or 20) of failures in a row, no redaction.
     */
    public static FollowOptions defaults() {
        return builder().build();
    }

    /** Options built from the defaults of {@link #defaults()}, changing only what is set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options, to change some of them. */
    public Builder toBuilder() {
        return new Builder().polling(polling).decisions(decisions).humanDecider(humanDecider).stopGrace(stopGrace)
                .maxConsecutiveFailures(maxConsecutiveFailures).redactor(redactor).giveUpAfter(giveUpAfter)
                .decisionTimeout(decisionTimeout).onDecisionTimeout(onDecisionTimeout);
    }

    /** The one way to build {@link FollowOptions}; {@link #build()} checks them all and names what is wrong. */
    public static final class Builder {
        private PollingPolicy polling = PollingPolicy.defaults();
        private DecisionPolicy decisions = DecisionPolicy.askForEverything();
        private HumanDecider humanDecider;
        private Duration stopGrace = DEFAULT_STOP_GRACE;
        private int maxConsecutiveFailures = DEFAULT_MAX_CONSECUTIVE_FAILURES;
        private TextRedactor redactor = TextRedactor.none();
        private Duration giveUpAfter = DEFAULT_GIVE_UP_AFTER;
        private Duration decisionTimeout = Duration.ZERO;
        private OnDecisionTimeout onDecisionTimeout = OnDecisionTimeout.FAIL;

        private Builder() {}

        /** How often the task is polled (default {@link PollingPolicy#defaults()}). */
        public Builder polling(PollingPolicy polling) {
            this.polling = polling;
            return this;
        }

        /** The rules that answer pending decisions (default: ask a human about everything). */
        public Builder decisions(DecisionPolicy decisions) {
            this.decisions = decisions;
            return this;
        }

        /** Who is asked when the rules leave a decision to a human (fallback ASK); null (default) = nobody. */
        public Builder humanDecider(HumanDecider humanDecider) {
            this.humanDecider = humanDecider;
            return this;
        }

        /** How long {@link FollowHandle#stop()} waits for STOPPED (default {@link #DEFAULT_STOP_GRACE}). */
        public Builder stopGrace(Duration stopGrace) {
            this.stopGrace = stopGrace;
            return this;
        }

        /** Transient failures in a row before the follow fails (default {@link #DEFAULT_MAX_CONSECUTIVE_FAILURES}). */
        public Builder maxConsecutiveFailures(int maxConsecutiveFailures) {
            this.maxConsecutiveFailures = maxConsecutiveFailures;
            return this;
        }

        /**
         * Masks secrets in what the follow keeps; pass the same secrets as the transcripts' (a
         * {@link io.jenkins.plugins.maia.follower.transcript.Redactor} is a {@link TextRedactor}). Default: none.
         */
        public Builder redactor(TextRedactor redactor) {
            this.redactor = redactor;
            return this;
        }

        /**
         * How long failures in a row may last before the follow fails with the last cause (default
         * {@link #DEFAULT_GIVE_UP_AFTER}).
         */
        public Builder giveUpAfter(Duration giveUpAfter) {
            this.giveUpAfter = giveUpAfter;
            return this;
        }

        /** How long a person may take to answer a round of decisions; zero or null (default) = no limit. */
        public Builder decisionTimeout(Duration decisionTimeout) {
            this.decisionTimeout = decisionTimeout;
            return this;
        }

        /** What happens when nobody answered in time (default {@link OnDecisionTimeout#FAIL}). */
        public Builder onDecisionTimeout(OnDecisionTimeout onDecisionTimeout) {
            this.onDecisionTimeout = onDecisionTimeout;
            return this;
        }

        public FollowOptions build() {
            return new FollowOptions(polling, decisions, humanDecider, stopGrace, maxConsecutiveFailures, redactor,
                    giveUpAfter, decisionTimeout, onDecisionTimeout);
        }
    }
}
