package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.follower.follow.FollowResult;
import java.time.Duration;
import java.util.List;

/**
 * What to do next when a follow ends without finishing (exit 4, 5, Ctrl-C, unread messages), in sentences whose
 * commands carry the server, token URL and transcript directory of this run ({@link NextSteps}), so they work pasted.
 */
final class ResumeHints {

    private static final String SANDBOX_GONE = "the --sandbox server stops with this command";

    private final NextSteps next;
    private final boolean sandbox;

    ResumeHints(NextSteps next, boolean sandbox) {
        this.next = next;
        this.sandbox = sandbox;
    }

    /** Names each decision and says how to resume: {@code maia watch ID ...} or {@code maia task decide ID ...}. */
    String needsDecision(String taskId, List<PendingDecision> pending) {
        StringBuilder what = new StringBuilder();
        StringBuilder resume = new StringBuilder();
        for (PendingDecision p : pending) {
            what.append(what.length() == 0 ? "" : "; ").append(DecisionText.summary(p));
            resume.append(' ').append(DecisionText.resumeOptions(p));
        }
        return "task " + taskId + " needs a decision the policy did not allow: " + what
                + ". It is left paused; resume with '" + next.watch(taskId, resume.toString()) + "' (or answer with '"
                + next.task("decide", taskId, resume.toString()) + "', then '" + next.watch(taskId, null) + "')"
                + (sandbox ? ". Note: " + SANDBOX_GONE + ", so here the task cannot be resumed; start a lasting one with "
                        + "'maia sandbox'" : "");
    }

    /** The task is still running after {@code --timeout}: how to follow it again or stop it. */
    String timedOut(Duration timeout, String taskId, Task task) {
        return "timed out after " + DurationConverter.format(timeout) + ": task " + taskId + " is still "
                + (task == null ? "running" : TaskFormat.status(task))
                + (sandbox ? " (" + SANDBOX_GONE + ")"
                        : " and was not stopped. Follow it again with '" + next.watch(taskId, null) + "' or stop it with '"
                                + next.task("stop", taskId, null) + "'");
    }

    /** The outcome stands but the last messages are missing: the command that reads them. */
    String incomplete(String taskId, FollowResult result, boolean transcript) {
        String what = switch (result.outcome()) {
            case FINISHED -> "finished";
            case NEEDS_DECISION -> "is paused";
            case ERRORED -> "ERRORED";
            case TIMED_OUT -> "is still running";
            case STOPPED_ON_REQUEST -> "was stopped";
        };
        return "task " + taskId + " " + what + ", but its last messages could not be read (" + result.unreadReason()
                + "), so the messages above" + (transcript ? " and the transcript" : "") + " are incomplete. "
                + (sandbox ? "The --sandbox server stops with this command, so they cannot be read again here"
                        : "Read them with '" + next.watch(taskId, null) + "'");
    }

    /**
     * After Ctrl-C: whether the task runs on or waits paused (as last seen), and the command that follows it again.
     * The follower never stops a task on its own.
     */
    String interrupted(String taskId, Task lastSeen) {
        if (sandbox) {
            return "interrupted; " + SANDBOX_GONE;
        }
        if (lastSeen != null && lastSeen.isPaused()) {
            StringBuilder resume = new StringBuilder();
            lastSeen.pendingDecisions().forEach(p -> resume.append(' ').append(DecisionText.resumeOptions(p)));
            return "interrupted; task " + taskId + " is paused on the server, waiting for "
                    + lastSeen.pendingDecisions().size() + " decision(s). Resume it with '"
                    + next.watch(taskId, resume.toString()) + "'.";
        }
        String state = lastSeen == null || lastSeen.status() == null ? "running" : TaskFormat.status(lastSeen);
        boolean ended = lastSeen != null && (lastSeen.isFinished() || "ERRORED".equals(String.valueOf(lastSeen.status())));
        return "interrupted; task " + taskId + (ended ? " was last seen " + state + "."
                : " keeps running on the server (last seen " + state + "). Follow it again with '"
                        + next.watch(taskId, null) + "' or stop it with '" + next.task("stop", taskId, null) + "'.");
    }
}
