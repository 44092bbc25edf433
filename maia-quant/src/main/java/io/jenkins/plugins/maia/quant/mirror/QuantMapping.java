package io.jenkins.plugins.maia.quant.mirror;

import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskStatus;
import io.jenkins.plugins.maia.follower.decision.DecisionView;
import io.jenkins.plugins.maia.follower.event.TextRedactor;
import io.jenkins.plugins.maia.follower.follow.FollowResult;
import io.jenkins.plugins.maia.quant.model.QuantStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a Maia task reads on a Quant board: title, description, metadata, status and the texts that go with each
 * status. Pure functions; every text that may come from the agent or the user is masked before it is cut, so no
 * part of a secret survives a cut.
 */
final class QuantMapping {
    /** The agent every mirrored task is assigned to. */
    static final String ASSIGNED_AGENT = "maia:data_engineer_agent";
    static final int TITLE_LENGTH = 120;
    static final int PROGRESS_LENGTH = 200;
    /** Long enough for several decisions and who may answer them; a board shows no more. */
    static final int BLOCKED_REASON_LENGTH = 1_000;
    /** The Quant client's cap on texts (the Maia client's cap on messages is the same). */
    static final int TEXT_LENGTH = 100_000;

    private QuantMapping() {}

    /** The first non-blank line of the message, masked, at most {@value #TITLE_LENGTH} characters. */
    static String title(String message, TextRedactor redactor) {
        String masked = redactor.redact(message == null ? "" : message);
        String first = masked.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("Maia agent task");
        return cut(first, TITLE_LENGTH);
    }

    static String description(String message, TextRedactor redactor) {
        return message == null ? null : cut(redactor.redact(message), TEXT_LENGTH);
    }

    /** {@code text} cut to {@code max} characters, an ellipsis marking the cut; null stays null. */
    static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max - 1).stripTrailing() + "…";
    }

    /** The agent's message as a progress message: masked, then cut to {@value #PROGRESS_LENGTH} characters. */
    static String progress(String text, TextRedactor redactor) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return cut(redactor.redact(text).strip(), PROGRESS_LENGTH);
    }

    /** {maiaTaskId, projectId, mode, targetBranchName, buildUrl}, leaving out what is not known. */
    static Map<String, Object> metadata(String maiaTaskId, String projectId, String mode, String targetBranchName,
            String buildUrl) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "maiaTaskId", maiaTaskId);
        put(m, "projectId", projectId);
        put(m, "mode", mode);
        put(m, "targetBranchName", targetBranchName);
        put(m, "buildUrl", buildUrl);
        return m;
    }

    /** in_progress while the agent works, blocked while it waits for decisions; null once it stopped for good. */
    static QuantStatus statusWhileFollowing(Task task) {
        if (task.isPaused()) {
            return QuantStatus.BLOCKED;
        }
        return task.status() == TaskStatus.STOPPED || task.status() == TaskStatus.ERRORED ? null : QuantStatus.IN_PROGRESS;
    }

    /**
     * Names each pending decision (the tool to approve, the question to answer) and who may answer, e.g.
     * {@code Waiting for a decision: approve or reject tool git_push ("Push the branch"). Who may answer: ...}.
     */
    static String blockedReason(List<PendingDecision> pending, String whoMayAnswer, TextRedactor redactor) {
        List<String> parts = new ArrayList<>();
        for (PendingDecision p : pending) {
            DecisionView view = DecisionView.of(p);
            if (view.kind() == DecisionView.Kind.QUESTION && !view.questions().isEmpty()) {
                List<DecisionView.Question> questions = view.questions();
                parts.add("answer \"" + oneLine(questions.get(0).text(), 200) + "\""
                        + (questions.size() > 1 ? " and " + (questions.size() - 1) + " more question(s)" : ""));
            } else {
                String tool = view.toolName() == null ? "(unnamed tool)" : view.toolName();
                String title = view.title() == null || view.title().isBlank() ? "" : " (\"" + oneLine(view.title(), 120) + "\")";
                parts.add((view.kind() == DecisionView.Kind.QUESTION ? "answer the question of tool " : "approve or reject tool ")
                        + tool + title);
            }
        }
        String what = parts.isEmpty() ? "Waiting for a decision" : "Waiting for a decision: " + String.join("; ", parts);
        String who = whoMayAnswer == null || whoMayAnswer.isBlank() ? "" : ". Who may answer: " + whoMayAnswer.strip();
        return cut(redactor.redact(what + who), BLOCKED_REASON_LENGTH);
    }

    /**
     * The last state of a follow: completed with its result when FINISHED; blocked when the task is left paused
     * (NEEDS_DECISION); failed with an error (the task's own error text when it has one) when it ERRORED or TIMED_OUT;
     * cancelled when it was stopped, here or elsewhere.
     */
    static MirrorState ending(MirrorState current, FollowResult r, String transcript, String whoMayAnswer,
            TextRedactor redactor) {
        String last = r.lastAgentMessage() == null ? null : cut(redactor.redact(r.lastAgentMessage()), TEXT_LENGTH);
        String detail = r.detail() == null || r.detail().isBlank() ? null : redactor.redact(r.detail());
        MirrorState base = current;
        if (last != null) {
            base = base.withProgressMessage(progress(last, TextRedactor.none()));
        }
        return switch (r.outcome()) {
            case FINISHED -> {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("outcome", r.outcome().name());
                put(result, "targetBranchName", r.targetBranchName());
                put(result, "lastAgentMessage", last);
                put(result, "transcript", transcript);
                yield base.ending(QuantStatus.COMPLETED, null, result, null);
            }
            case NEEDS_DECISION -> base.ending(QuantStatus.BLOCKED, blockedReason(r.pending(), whoMayAnswer, redactor),
                    null, null);
            case ERRORED -> base.ending(QuantStatus.FAILED, null, null, cut("The Maia task ended ERRORED"
                    + (r.error() != null ? ": " + redactor.redact(r.error())
                            : last != null ? ": " + last : detail != null ? ": " + detail : ""), TEXT_LENGTH));
            case TIMED_OUT -> base.ending(QuantStatus.FAILED, null, null,
                    cut("Timed out" + (detail != null ? ": " + detail : ""), TEXT_LENGTH));
            case STOPPED -> base.withProgressMessage(progress("Stopped"
                    + (detail != null ? ": " + detail : ""), TextRedactor.none()))
                    .ending(QuantStatus.CANCELLED, null, null, null);
            case STOPPED_ON_REQUEST -> base.withProgressMessage(progress("Stopped on request"
                    + (detail != null ? ": " + detail : ""), TextRedactor.none()))
                    .ending(QuantStatus.CANCELLED, null, null, null);
        };
    }

    private static String oneLine(String text, int max) {
        return cut(text == null ? "" : text.replaceAll("\\s+", " ").strip(), max);
    }

    private static void put(Map<String, Object> map, String key, String value) {
        if (value != null && !value.isBlank()) {
            map.put(key, value);
        }
    }
}
