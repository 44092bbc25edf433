package io.jenkins.plugins.maia.follower.decision;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a follow does when a person was asked (or waited for) and nobody answered within the decision timeout. The
 * task's own timeout is a separate bound.
 */
public enum OnDecisionTimeout {
    /**
     * Reject the pending tool calls and go on. A question cannot be rejected: a round that holds one ends as
     * {@link #FAIL} does, saying so.
     */
    REJECT,
    /** Stop following with {@code NEEDS_DECISION}: the task is left paused and can be resumed (the default). */
    FAIL,
    /** Stop the task ({@code STOPPED_ON_REQUEST}). */
    STOP;

    /** {@code reject}, {@code fail} or {@code stop} in any case; empty when it is none of them. */
    public static Optional<OnDecisionTimeout> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String wanted = text.strip().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(v -> v.name().equals(wanted)).findFirst();
    }

    /** The word as front ends write it: {@code reject}, {@code fail}, {@code stop}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
