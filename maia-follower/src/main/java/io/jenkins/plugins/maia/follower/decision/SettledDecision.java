package io.jenkins.plugins.maia.follower.decision;

import io.jenkins.plugins.maia.client.model.Decision;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.ToolDecision;
import java.util.Objects;

/**
 * A decision a follow sent, and who or what settled it, so that denied work stays visible in the result.
 *
 * @param pending  what the agent asked
 * @param decision the answer sent
 * @param source   a rule of the policy, the policy's default (fallback REJECT), or a person
 * @param by        the rule ({@code "reject"}, {@code "approve once"}, {@code "approve for the task"},
 *                  {@code "answers"}, or an explicit rule with its index:
 *                  {@code "rules[0]: query_warehouse query ~ (?is)^\s*select\b -> approve"}), the default
 *                  ({@code "fallback REJECT"}, {@code "decision timeout REJECT (nobody answered within 10m)"}) or
 *                  the person's name
 * @param ruleIndex the index of the explicit rule (in {@link DecisionRules}, from 0) that settled it; -1 otherwise
 */
public record SettledDecision(PendingDecision pending, Decision decision, Source source, String by, int ruleIndex) {

    /** Who or what settled a decision. */
    public enum Source {
        /** A rule of the decision policy (an approve or reject list, a configured answer). */
        RULE,
        /**
         * The policy's default for what no rule settles (the fallback REJECT rejects the tool), or for what nobody
         * answered in time (the decision timeout's REJECT).
         */
        DEFAULT,
        /** A person, asked through the follow's {@link HumanDecider}. */
        PERSON
    }

    public SettledDecision {
        Objects.requireNonNull(pending, "pending");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(source, "source");
        by = by == null ? "" : by;
        ruleIndex = source == Source.RULE ? Math.max(-1, ruleIndex) : -1;
    }

    /** Settled by a person, a default, or a list or the answers of the policy (no explicit rule). */
    public SettledDecision(PendingDecision pending, Decision decision, Source source, String by) {
        this(pending, decision, source, by, -1);
    }

    /** Whether an explicit rule settled it ({@link #ruleIndex()} says which). */
    public boolean byExplicitRule() {
        return ruleIndex >= 0;
    }

    public String toolName() {
        return pending.toolName();
    }

    public String toolId() {
        return pending.toolId();
    }

    public boolean isQuestion() {
        return pending.isQuestion();
    }

    /** A tool call the agent was refused. */
    public boolean rejected() {
        return decision instanceof ToolDecision t && !t.approved();
    }

    /**
     * Who or what settled it, in words: {@code "the reject rule"}, {@code "rules[1]: git_* -> reject"},
     * {@code "the fallback REJECT"}, {@code "alice"}.
     */
    public String settledBy() {
        return switch (source) {
            case RULE -> byExplicitRule() ? by : "the " + by + " rule";
            case DEFAULT -> "the " + by;
            case PERSON -> by;
        };
    }
}
