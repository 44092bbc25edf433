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
 * @param by       the rule ({@code "reject"}, {@code "approve once"}, {@code "approve for the task"},
 *                 {@code "answers"}), the default ({@code "fallback REJECT"}) or the person's name
 */
public record SettledDecision(PendingDecision pending, Decision decision, Source source, String by) {

    /** Who or what settled a decision. */
    public enum Source {
        /** A rule of the decision policy (an approve or reject list, a configured answer). */
        RULE,
        /** The policy's default for what no rule settles: the fallback REJECT rejects the tool. */
        DEFAULT,
        /** A person, asked through the follow's {@link HumanDecider}. */
        PERSON
    }

    public SettledDecision {
        Objects.requireNonNull(pending, "pending");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(source, "source");
        by = by == null ? "" : by;
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

    /** Who or what settled it, in words: {@code "the reject rule"}, {@code "the fallback REJECT"}, {@code "alice"}. */
    public String settledBy() {
        return switch (source) {
            case RULE -> "the " + by + " rule";
            case DEFAULT -> "the " + by;
            case PERSON -> by;
        };
    }
}
