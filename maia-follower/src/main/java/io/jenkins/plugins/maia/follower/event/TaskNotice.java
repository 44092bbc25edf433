package io.jenkins.plugins.maia.follower.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Set;

/**
 * What an event says about how its task ends, when it says anything: that the task was stopped (and by whom, when
 * the event names someone), that it finished, that it reported an error, or that it runs again. The API's task says
 * STOPPED both for a task that finished and for one that was stopped; only the events can tell them apart when the
 * follower did not see the task STOPPING.
 *
 * <p>Recognised: status records ({@code {"type":"status","status":"STOPPED","reason":"stopped"}}; STOPPING, or
 * STOPPED with a reason such as stopped, cancelled, interrupted or aborted, is a stop; STOPPED with a reason such as
 * finished or completed is a finish; RUNNING runs again), the SDK's {@code [Request interrupted by user]}, a
 * {@code result} record (a finish), error events (see {@link MessageText.Kind#ERROR}), and a user's message (a
 * follow-up runs the task again).
 *
 * @param kind what the event says
 * @param text for ERROR the error's text; for STOPPED who or what stopped the task (e.g. {@code "stopped by
 *             alice"}, {@code "reason: cancelled"}), else empty
 */
public record TaskNotice(Kind kind, String text) {

    /** What an event says about the task's end. */
    public enum Kind { STOPPED, FINISHED, ERROR, RUNNING }

    private static final Set<String> STOP_REASONS = Set.of("stopped", "stop", "stop_requested", "user_stopped",
            "cancelled", "canceled", "cancel", "interrupted", "aborted", "killed", "terminated");
    private static final Set<String> FINISH_REASONS = Set.of("finished", "completed", "complete", "done", "success",
            "succeeded", "end_turn");
    private static final String SDK_INTERRUPT = "[Request interrupted by user";

    public TaskNotice {
        text = text == null ? "" : MessageText.sanitize(text);
    }

    /** What {@code data} (read as {@code text}) says about the task's end, or null when it says nothing of it. */
    public static TaskNotice of(JsonNode data, MessageText text) {
        if (text.kind() == MessageText.Kind.ERROR) {
            return new TaskNotice(Kind.ERROR, text.text());
        }
        if (text.kind() == MessageText.Kind.RESULT) {
            return new TaskNotice(Kind.FINISHED, "");
        }
        if (text.kind() == MessageText.Kind.USER) {
            return text.text().startsWith(SDK_INTERRUPT) ? new TaskNotice(Kind.STOPPED, "interrupted by the user")
                    : new TaskNotice(Kind.RUNNING, "");
        }
        if (text.kind() != MessageText.Kind.STATUS || data == null || !data.isObject()) {
            return null;
        }
        String status = JsonFields.firstText(data, "status", "state");
        String reason = JsonFields.firstText(data, "reason", "stopReason", "stop_reason");
        String by = JsonFields.firstText(data, "stoppedBy", "stopped_by", "requestedBy", "requested_by", "by");
        String upper = status == null ? "" : status.strip().toUpperCase(Locale.ROOT);
        String lower = reason == null ? "" : reason.strip().toLowerCase(Locale.ROOT);
        if (upper.equals("STOPPING") || (upper.equals("STOPPED") && STOP_REASONS.contains(lower))) {
            return new TaskNotice(Kind.STOPPED, by != null && !by.isBlank() ? "stopped by " + by
                    : upper.equals("STOPPING") ? "asked to stop" : "reason: " + reason);
        }
        if (upper.equals("STOPPED") && FINISH_REASONS.contains(lower)) {
            return new TaskNotice(Kind.FINISHED, "");
        }
        if (upper.equals("RUNNING")) {
            return new TaskNotice(Kind.RUNNING, "");
        }
        return null;
    }
}
