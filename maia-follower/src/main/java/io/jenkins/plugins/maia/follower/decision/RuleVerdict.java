package io.jenkins.plugins.maia.follower.decision;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What a {@link DecisionRule} does with a pending decision it matches. */
public enum RuleVerdict {
    /** Approve the tool call once (scope ONCE). */
    APPROVE("approve"),
    /** Approve the tool for the rest of the task (scope CONVERSATION). */
    APPROVE_FOR_TASK("approveForTask"),
    /** Reject the tool call. */
    REJECT("reject"),
    /** A person decides: the follow's human is asked, or it waits or pauses as its fallback says. */
    ASK("ask"),
    /** Answer a question with the rule's {@code answer} (implied by {@code answer}). */
    ANSWER("answer");

    private final String word;

    RuleVerdict(String word) {
        this.word = word;
    }

    /** The verdict as rules write it: {@code approve}, {@code approveForTask}, {@code reject}, {@code ask}, {@code answer}. */
    public String word() {
        return word;
    }

    /** Whether it decides on a tool call (approve, approve for the task, reject), which a question cannot take. */
    public boolean forToolsOnly() {
        return this == APPROVE || this == APPROVE_FOR_TASK || this == REJECT;
    }

    /**
     * The verdict written as {@code text}: its word in any case, with or without {@code _} or {@code -}
     * ({@code approveForTask}, {@code approve_for_task}, {@code APPROVE-FOR-TASK}); empty when it is none.
     */
    public static Optional<RuleVerdict> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String wanted = squash(text);
        return Arrays.stream(values()).filter(v -> squash(v.word).equals(wanted)).findFirst();
    }

    /** The words of every verdict, as rules write them. */
    public static List<String> words() {
        return Arrays.stream(values()).map(RuleVerdict::word).toList();
    }

    private static String squash(String text) {
        return text.strip().replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    }
}
