package io.jenkins.plugins.maia.follower.follow;

import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.follower.decision.SettledDecision;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a follow's result means for the person who started it, in one place for every front end: its
 * {@link Conclusion} (a success, or which failure), the one-line summary, the failure text with the fix, the
 * rejections, and the warning when the last messages are missing; {@link #report} gives them all at once. The
 * sentences are shared; what differs per front end (how it shows a task, a decision, a duration or text from the
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

        /** Text from the server (a branch name, an error, a tool name), masked and fit for the front end's output. */
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

        /**
         * What to do about a task stopped elsewhere before it finished, appended to "task ID was stopped before it
         * finished (how)" (e.g. {@code ". See what it did with ..."}); nothing by default.
         */
        default String afterStop(String taskId) {
            return "";
        }

        /** The setting that makes a finish after a rejection a failure, as the user writes it. */
        default String failOnRejection() {
            return "failOnRejection";
        }
    }

    /**
     * A follow's end in words.
     *
     * @param conclusion what the end means: a success, or which failure
     * @param summary    the one-line summary (every outcome has one)
     * @param failure    what went wrong and how to go on; null on success (and for a finish whose only problem is
     *                   missing messages: see {@code incomplete})
     * @param incomplete the warning when the last messages could not be read, with how to read them; else null
     */
    public record Report(Conclusion conclusion, String summary, String failure, String incomplete) {

        public boolean succeeded() {
            return conclusion.succeeded();
        }

        /** {@code failure} and {@code incomplete} together, or null when there is neither. */
        public String problem() {
            if (failure == null) {
                return incomplete;
            }
            return incomplete == null ? failure : failure + " " + incomplete;
        }
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
     * Everything a front end says at the end of a follow.
     *
     * @param elapsed         how long the follow took, or null to leave it out
     * @param timeout         the follow's time limit, for TIMED_OUT
     * @param failOnRejection whether a finish after a rejected tool call is a failure ({@link Conclusion#REJECTED})
     */
    public Report report(FollowResult result, Duration elapsed, Duration timeout, boolean failOnRejection) {
        Conclusion conclusion = Conclusion.of(result, failOnRejection);
        Optional<String> failure = conclusion == Conclusion.REJECTED ? rejection(result)
                : failure(result, elapsed, timeout);
        return new Report(conclusion, summary(result, elapsed), failure.orElse(null), incomplete(result).orElse(null));
    }

    /**
     * The one-line summary, e.g. {@code Task ID finished after 1m05s. Target branch: maia/fix} or
     * {@code Task ID is paused, waiting for 2 decision(s)}. A finish names the tools the agent was refused.
     *
     * @param elapsed how long the follow took, or null to leave it out
     */
    public String summary(FollowResult result, Duration elapsed) {
        String taskId = result.state().taskId();
        return switch (result.outcome()) {
            case FINISHED -> "Task " + taskId + " finished" + after(elapsed) + "."
                    + (result.targetBranchName() == null ? ""
                            : " Target branch: " + words.serverText(result.targetBranchName()))
                    + (result.rejections().isEmpty() ? "" : " Rejected: " + rejected(result) + ".");
            case NEEDS_DECISION -> "Task " + taskId + " is paused, waiting for " + result.pending().size()
                    + " decision(s)";
            case ERRORED -> "Task " + taskId + " ERRORED" + after(elapsed) + errorText(result);
            case TIMED_OUT -> "Task " + taskId + " is still " + stillAs(result.task());
            case STOPPED_ON_REQUEST -> "Task " + taskId + " was stopped on request"
                    + (result.stopConfirmed() ? "" : " (STOPPED not confirmed)");
            case STOPPED -> "Task " + taskId + " was stopped before it finished" + how(result);
        };
    }

    /**
     * For every outcome but FINISHED: what happened and what to do, e.g. {@code task ID needs a decision the policy
     * did not allow: ... It is left paused; resume with ...}. Empty for FINISHED (see {@link #rejection} and
     * {@link #incomplete}).
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
            // The error the task reported, never the agent's last message: that is not the cause.
            case ERRORED -> Optional.of("task " + taskId + " ERRORED" + after(elapsed) + (result.error() != null
                    ? errorText(result) : result.detail().isBlank() ? "" : ": " + result.detail()));
            case TIMED_OUT -> Optional.of((timeout == null ? "timed out" : "timed out after " + words.duration(timeout))
                    + ": task " + taskId + " is still " + stillAs(result.task()) + words.afterTimeout(taskId));
            case STOPPED_ON_REQUEST -> Optional.of("task " + taskId + " was stopped on request"
                    + (result.stopConfirmed() ? "" : " (STOPPED not confirmed)"));
            case STOPPED -> Optional.of("task " + taskId + " was stopped before it finished" + how(result)
                    + words.afterStop(taskId));
        };
    }

    /**
     * For a finish after the agent was refused tool calls: which, and who or what refused each, e.g.
     * {@code task ID finished, but the agent was refused 1 tool call(s): git_push (by the reject rule)}; a failure
     * under fail on rejection. Empty when nothing was rejected or the outcome is not FINISHED.
     */
    public Optional<String> rejection(FollowResult result) {
        if (result.outcome() != FollowOutcome.FINISHED || result.rejections().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("task " + result.state().taskId() + " finished, but the agent was refused "
                + result.rejections().size() + " tool call(s): " + rejected(result) + " (" + words.failOnRejection()
                + " makes that a failure)");
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
            case STOPPED_ON_REQUEST, STOPPED -> "was stopped";
        };
        return Optional.of("task " + taskId + " " + what + ", but its last messages could not be read ("
                + result.unreadReason() + "), " + words.missingMessages(taskId));
    }

    /** Each rejected tool call and who or what rejected it: {@code git_push (by the reject rule)}. */
    private String rejected(FollowResult result) {
        return String.join(", ", result.rejections().stream().map((SettledDecision d) -> words.serverText(
                d.toolName() == null ? "(unnamed tool)" : d.toolName()) + " (by " + words.serverText(d.settledBy())
                + ")").toList());
    }

    private String errorText(FollowResult result) {
        return result.error() == null || result.error().isBlank() ? "" : ": " + words.serverText(result.error());
    }

    /** How the stop was seen and by whom, when known: the result's detail, in brackets. */
    private static String how(FollowResult result) {
        return result.detail().isBlank() ? "" : " (" + result.detail() + ")";
    }

    private String after(Duration elapsed) {
        return elapsed == null ? "" : " after " + words.duration(elapsed);
    }

    private String stillAs(Task task) {
        return task == null ? "running" : words.status(task);
    }
}
