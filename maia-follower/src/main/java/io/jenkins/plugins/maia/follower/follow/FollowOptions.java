package io.jenkins.plugins.maia.follower.follow;

import io.jenkins.plugins.maia.follower.event.TextRedactor;
import io.jenkins.plugins.maia.follower.decision.DecisionPolicy;
import io.jenkins.plugins.maia.follower.decision.HumanDecider;
import java.time.Duration;
import java.util.Objects;

/**
 * Options of one follow.
 *
 * @param polling                how often the task is polled
 * @param decisions              rules that answer pending decisions
 * @param humanDecider           who is asked when the rules do not settle a decision and the fallback is ASK;
 *                               null = nobody (the follow pauses with NEEDS_DECISION)
 * @param stopGrace              how long {@link FollowHandle#stop()} waits for STOPPED after the stop request
 * @param maxConsecutiveFailures how many transient failures in a row (429, 5xx, connection problems) the follow
 *                               tolerates before it fails with the last error; with the backoff (the polling
 *                               {@code initial} interval doubling up to 60 s) the default 20 is about 15 minutes
 * @param redactor               masks secrets in the agent text and the detail the follow keeps (the last agent
 *                               message of the state and the result, the result's detail), so an agent that echoes
 *                               a credential does not put it into saved state; {@link TextRedactor#none()} by
 *                               default. Events reach listeners as received: transcripts redact on their own.
 */
public record FollowOptions(
        PollingPolicy polling,
        DecisionPolicy decisions,
        HumanDecider humanDecider,
        Duration stopGrace,
        int maxConsecutiveFailures,
        TextRedactor redactor) {

    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_CONSECUTIVE_FAILURES = 20;

    public FollowOptions {
        Objects.requireNonNull(polling, "polling");
        Objects.requireNonNull(decisions, "decisions");
        Objects.requireNonNull(stopGrace, "stopGrace");
        Objects.requireNonNull(redactor, "redactor (use TextRedactor.none() for none)");
        if (stopGrace.isNegative()) {
            throw new IllegalArgumentException("stopGrace must not be negative, was " + stopGrace);
        }
        if (maxConsecutiveFailures < 1) {
            throw new IllegalArgumentException("maxConsecutiveFailures must be at least 1, was "
                    + maxConsecutiveFailures + " (the default is " + DEFAULT_MAX_CONSECUTIVE_FAILURES + ")");
        }
    }

    /** The four options of the agreed API; {@code maxConsecutiveFailures} is the default, no redaction. */
    public FollowOptions(PollingPolicy polling, DecisionPolicy decisions, HumanDecider humanDecider,
            Duration stopGrace) {
        this(polling, decisions, humanDecider, stopGrace, DEFAULT_MAX_CONSECUTIVE_FAILURES);
    }

    /** The five options before {@code redactor}: no redaction. */
    public FollowOptions(PollingPolicy polling, DecisionPolicy decisions, HumanDecider humanDecider,
            Duration stopGrace, int maxConsecutiveFailures) {
        this(polling, decisions, humanDecider, stopGrace, maxConsecutiveFailures, TextRedactor.none());
    }

    /**
     * Default polling, everything asked of a human (paused when there is none), 60 s stop grace, 20 failures, no
     * redaction.
     */
    public static FollowOptions defaults() {
        return new FollowOptions(PollingPolicy.defaults(), DecisionPolicy.askForEverything(), null,
                DEFAULT_STOP_GRACE, DEFAULT_MAX_CONSECUTIVE_FAILURES, TextRedactor.none());
    }

    public FollowOptions withPolling(PollingPolicy newPolling) {
        return new FollowOptions(newPolling, decisions, humanDecider, stopGrace, maxConsecutiveFailures, redactor);
    }

    public FollowOptions withDecisions(DecisionPolicy newDecisions) {
        return new FollowOptions(polling, newDecisions, humanDecider, stopGrace, maxConsecutiveFailures, redactor);
    }

    public FollowOptions withHumanDecider(HumanDecider newDecider) {
        return new FollowOptions(polling, decisions, newDecider, stopGrace, maxConsecutiveFailures, redactor);
    }

    public FollowOptions withStopGrace(Duration newGrace) {
        return new FollowOptions(polling, decisions, humanDecider, newGrace, maxConsecutiveFailures, redactor);
    }

    public FollowOptions withMaxConsecutiveFailures(int newMax) {
        return new FollowOptions(polling, decisions, humanDecider, stopGrace, newMax, redactor);
    }

    /**
     * Masks secrets in what the follow keeps; pass the same secrets as the transcripts' (a
     * {@link io.jenkins.plugins.maia.follower.transcript.Redactor} is a {@link TextRedactor}).
     */
    public FollowOptions withRedactor(TextRedactor newRedactor) {
        return new FollowOptions(polling, decisions, humanDecider, stopGrace, maxConsecutiveFailures, newRedactor);
    }
}
