package io.jenkins.plugins.maia.follower.follow;

import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.Task;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a follow's result means for the person who started it, in one place for every front end: whether it is a
 * success, the one-line summary, the failure text with the fix, and the warning when the last messages are missing.
 * The sentences are shared; what differs per front end (how it shows a task, a decision, a duration or text from the
 * server, and what the user does next) it supplies as {@link Words}.
 */
public final class OutcomeText {

    /** A front end's words: how it shows things, and the fix it offers after each outcome. */
    public interface Words {
        /** A task's status as the front end shows it (e.g. {@code STOPPED (paused: 1 decision(s) pending)}). */
        String status(Task task);

        /** One line naming a pending decision, for a list of them. */
        String decision(PendingDecision pending);

        /** A duration as the front end writes it (e.g. {@code 1m05s}). */
        String duration(Duration duration);

        /** Text from the server (a branch name), masked and fit for the front end's output. */
        String serverText(String text);

        /** How to answer {@code pending} and go on with the task, a sentence or more (it stays paused until then). */
        String resume(String taskId, List<PendingDecision> pending);

        /**
         * What became of a task left running at the timeout and how to go on, appended to
         * "task ID is still STATUS" (e.g. {@code " and was not stopped. Follow it again with ..."}).
         */
        String afterTimeout(String taskId);

        /**
         * What the missing last messages leave incomplete and how to read them, following "its last messages could
         * not be read (why), " (e.g. {@code "so the messages above are incomplete. Read them with ..."}).
         */
        String missingMessages(String taskId);
    }

    private final Words words;

    public OutcomeText(Words words) {
        this.words = Objects.requireNonNull(words, "words");
    }

    /** A plain success: FINISHED with every message read. Anything else needs the user's attention. */
    public static boolean succeeded(FollowResult result) {
        return result.outcome() == FollowOutcome.FINISHED && result.messagesComplete();
    }

    /**
     * The one-line summary, e.g. {@code Task ID finished after 1m05s. Target branch: maia/fix} or
     * {@code Task ID is paused, waiting for 2 decision(s)}.
     *
     * @param elapsed how long the follow took, or null to leave it out
     */
    public String summary(FollowResult result, Duration elapsed) {
        String taskId = result.state().taskId();
        return switch (result.outcome()) {
            case FINISHED -> "Task " + taskId + " finished" + after(elapsed) + "."
                    + (result.targetBranchName() == null ? ""
                            : " Target branch: " + words.serverText(result.targetBranchName()));
            case NEEDS_DECISION -> "Task " + taskId + " is paused, waiting for " + result.pending().size()
                    + " decision(s)";
            case ERRORED -> "Task " + taskId + " ERRORED" + after(elapsed);
            case TIMED_OUT -> "Task " + taskId + " is still " + stillAs(result.task());
            case STOPPED_ON_REQUEST -> "Task " + taskId + " was stopped on request"
                    + (result.stopConfirmed() ? "" : " (STOPPED not confirmed)");
        };
    }

    /**
     * For every outcome but FINISHED: what happened and what to do, e.g. {@code task ID needs a decision the policy
     * did not allow: ... It is left paused; resume with ...}. Empty for FINISHED (see {@link #incomplete} for
     * its missing messages).
     *
     * @param elapsed how long the follow took, or null to leave it out
     * @param timeout the follow's time limit, for TIMED_OUT
     */
    public Optional<String> failure(FollowResult result, Duration elapsed, Duration timeout) {
        String taskId = result.state().taskId();
        return switch (result.outcome()) {
            case FINISHED -> Optional.empty();
            case NEEDS_DECISION -> Optional.of("task " + taskId + " needs a decision the policy did not allow: "
                    + String.join("; ", result.pending().stream().map(words::decision).toList()) + ". "
                    + words.resume(taskId, result.pending()));
            case ERRORED -> {
                String why = result.lastAgentMessage() != null ? result.lastAgentMessage() : result.detail();
                yield Optional.of("task " + taskId + " ERRORED" + after(elapsed)
                        + (why == null || why.isBlank() ? "" : ": " + why));
            }
            case TIMED_OUT -> Optional.of((timeout == null ? "timed out" : "timed out after " + words.duration(timeout))
                    + ": task " + taskId + " is still " + stillAs(result.task()) + words.afterTimeout(taskId));
            case STOPPED_ON_REQUEST -> Optional.of("task " + taskId + " was stopped on request"
                    + (result.stopConfirmed() ? "" : " (STOPPED not confirmed)"));
        };
    }

    /**
     * When the outcome stands but the last messages could not be read: which task, why, and how to read them; empty
     * when every message was read. Never let such a result pass for a plain success.
     */
    public Optional<String> incomplete(FollowResult result) {
        if (result.messagesComplete()) {
            return Optional.empty();
        }
        String taskId = result.state().taskId();
        String what = switch (result.outcome()) {
            case FINISHED -> "finished";
            case NEEDS_DECISION -> "is paused";
            case ERRORED -> "ERRORED";
            case TIMED_OUT -> "is still running";
            case STOPPED_ON_REQUEST -> "was stopped";
        };
        return Optional.of("task " + taskId + " " + what + ", but its last messages could not be read ("
                + result.unreadReason() + "), " + words.missingMessages(taskId));
    }

    private String after(Duration elapsed) {
        return elapsed == null ? "" : " after " + words.duration(elapsed);
    }

    private String stillAs(Task task) {
        return task == null ? "running" : words.status(task);
    }
}
