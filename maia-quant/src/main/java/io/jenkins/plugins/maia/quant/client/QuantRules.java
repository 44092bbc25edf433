package io.jenkins.plugins.maia.quant.client;

import io.jenkins.plugins.maia.client.InvalidRequestException;
import io.jenkins.plugins.maia.client.InvalidRequestException.Violation;
import io.jenkins.plugins.maia.quant.model.NewQuantTask;
import io.jenkins.plugins.maia.quant.model.QuantStatus;
import io.jenkins.plugins.maia.quant.model.QuantTaskQuery;
import io.jenkins.plugins.maia.quant.model.QuantTaskUpdate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The client's input rules, checked before any call. Every violation names the field and the fix, and all of one
 * input's violations are reported together. Caps on lengths are the client's own, against accidents (a whole log
 * pasted as a title); the vendor document states none.
 */
final class QuantRules {
    static final int MAX_TITLE = 1_000;
    static final int MAX_DESCRIPTION = 100_000;
    static final int MAX_ID = 500;
    static final int MAX_RETRIES = 10;
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final String UUID_EXAMPLE = "550e8400-e29b-41d4-a716-446655440000";

    private QuantRules() {}

    static void throwIfAny(List<Violation> violations) {
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
    }

    static void organisation(String value, List<Violation> v) {
        if (value == null || value.isBlank()) {
            v.add(new Violation("organisation", "is missing; give the Quant organisation ID (as in the dashboard's URLs)"));
        } else if (value.length() > MAX_ID || !value.strip().equals(value) || value.chars().anyMatch(c -> c <= 0x20
                || c == 0x7f || c == '/' || c == '?' || c == '#')) {
            v.add(new Violation("organisation", QuantUrl.quote(value) + " is not an organisation ID: it has spaces,"
                    + " '/', '?' or '#', or is longer than " + MAX_ID + " characters; give the ID, not the name"));
        }
    }

    /** The token without surrounding blanks and a {@code Bearer } prefix, or null after a violation. */
    static String token(String value, List<Violation> v) {
        String t = value == null ? "" : value.strip();
        if (t.regionMatches(true, 0, "Bearer ", 0, 7)) {
            t = t.substring(7).strip();
        }
        if (t.isEmpty()) {
            v.add(new Violation("quantToken", "is missing; set the Quant API token (for example in QUANT_TOKEN)"));
            return null;
        }
        if (!t.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            // Never quote the token.
            v.add(new Violation("quantToken", "contains spaces or characters that cannot be sent in an HTTP header;"
                    + " copy the token again"));
            return null;
        }
        return t;
    }

    static void taskId(String field, String value, List<Violation> v) {
        if (value == null || value.isBlank()) {
            v.add(new Violation(field, "is missing; give the Quant task's id, a UUID such as " + UUID_EXAMPLE));
        } else if (!UUID.matcher(value).matches()) {
            v.add(new Violation(field, QuantUrl.quote(value) + " is not a UUID; give the Quant task's id, such as "
                    + UUID_EXAMPLE));
        }
    }

    static void taskListId(String field, String value, boolean required, List<Violation> v) {
        if (value == null) {
            if (required) {
                v.add(new Violation(field, "is missing; give the task list's id, e.g. maia-2026-04-08"));
            }
            return;
        }
        if (value.isBlank()) {
            v.add(new Violation(field, "is blank; give the task list's id, e.g. maia-2026-04-08, or leave it out"));
        } else if (value.length() > MAX_ID || value.chars().anyMatch(Character::isISOControl)) {
            v.add(new Violation(field, "must be one line of at most " + MAX_ID + " characters"));
        }
    }

    static void create(NewQuantTask task, List<Violation> v) {
        if (task == null) {
            v.add(new Violation("task", "is missing; build one with NewQuantTask.builder(title)"));
            return;
        }
        title("title", task.title(), true, v);
        text("description", task.description(), MAX_DESCRIPTION, v);
        taskListId("taskListId", task.taskListId(), false, v);
        status("status", task.status(), v);
        text("assignedAgentId", task.assignedAgentId(), MAX_ID, v);
        text("createdByAgentId", task.createdByAgentId(), MAX_ID, v);
        uuids("dependsOn", task.dependsOn(), v);
        uuids("blockedByTaskIds", task.blockedByTaskIds(), v);
        metadata("metadata", task.metadata(), v);
        range("maxRetries", task.maxRetries(), 0, MAX_RETRIES, v);
    }

    static void update(QuantTaskUpdate update, List<Violation> v) {
        if (update == null || update.isEmpty()) {
            v.add(new Violation("update", "sets no field; set at least one (status, progressMessage, result, ...)"));
            return;
        }
        title("title", update.title(), false, v);
        text("description", update.description(), MAX_DESCRIPTION, v);
        taskListId("taskListId", update.taskListId(), false, v);
        status("status", update.status(), v);
        text("assignedAgentId", update.assignedAgentId(), MAX_ID, v);
        uuids("dependsOn", update.dependsOn(), v);
        uuids("blockedByTaskIds", update.blockedByTaskIds(), v);
        metadata("metadata", update.metadata(), v);
        metadata("result", update.result(), v);
        if (update.progress() != null && !(update.progress() >= 0 && update.progress() <= 1)) {
            v.add(new Violation("progress", "must be between 0.0 and 1.0, was " + update.progress()));
        }
        text("progressMessage", update.progressMessage(), MAX_DESCRIPTION, v);
        text("error", update.error(), MAX_DESCRIPTION, v);
        text("blockedReason", update.blockedReason(), MAX_DESCRIPTION, v);
        range("retryCount", update.retryCount(), 0, Integer.MAX_VALUE, v);
        range("maxRetries", update.maxRetries(), 0, MAX_RETRIES, v);
        notSetAndCleared(update, QuantTaskUpdate.Clearable.BLOCKED_REASON, update.blockedReason(), v);
        notSetAndCleared(update, QuantTaskUpdate.Clearable.BLOCKED_BY_TASK_IDS, update.blockedByTaskIds(), v);
    }

    /** One body cannot carry a field twice: a value and the null that clears it. */
    private static void notSetAndCleared(QuantTaskUpdate update, QuantTaskUpdate.Clearable field, Object value,
            List<Violation> v) {
        if (value != null && update.cleared().contains(field)) {
            v.add(new Violation(field.wire(), "is both set and cleared; set a value or clear it, not both"));
        }
    }

    static void query(QuantTaskQuery q, List<Violation> v) {
        taskListId("taskListId", q.taskListId(), false, v);
        status("status", q.status(), v);
        text("assignedAgentId", q.assignedAgentId(), MAX_ID, v);
        range("limit", q.limit(), 1, QuantClient.MAX_LIST_LIMIT, v);
        if (q.dependsOn() != null) {
            taskId("dependsOn", q.dependsOn(), v);
        } else if (q.includeDetails() != null) {
            v.add(new Violation("includeDetails", "only applies with dependsOn; leave it out or give dependsOn"));
        }
    }

    private static void title(String field, String value, boolean required, List<Violation> v) {
        if (value == null) {
            if (required) {
                v.add(new Violation(field, "is missing; give the task a short title"));
            }
        } else if (value.isBlank()) {
            v.add(new Violation(field, "is blank; give the task a short title"));
        } else {
            text(field, value, MAX_TITLE, v);
        }
    }

    private static void text(String field, String value, int max, List<Violation> v) {
        if (value != null && value.length() > max) {
            v.add(new Violation(field, "is " + value.length() + " characters long; the limit is " + max));
        }
    }

    private static void status(String field, QuantStatus status, List<Violation> v) {
        if (status == QuantStatus.UNKNOWN) {
            v.add(new Violation(field, "UNKNOWN is only ever read; send pending, in_progress, blocked, completed,"
                    + " failed or cancelled"));
        }
    }

    private static void uuids(String field, List<String> ids, List<Violation> v) {
        if (ids == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            taskId(field + "[" + i + "]", id, v);
            if (id != null && !seen.add(id)) {
                v.add(new Violation(field + "[" + i + "]", "repeats " + QuantUrl.quote(id) + "; list each task once"));
            }
        }
    }

    private static void metadata(String field, Map<String, Object> map, List<Violation> v) {
        if (map != null && map.keySet().stream().anyMatch(k -> k == null || k.isEmpty())) {
            v.add(new Violation(field, "has an empty field name; name every field"));
        }
    }

    private static void range(String field, Integer value, int min, int max, List<Violation> v) {
        if (value != null && (value < min || value > max)) {
            v.add(new Violation(field, "must be between " + min + " and " + max + ", was " + value));
        }
    }

    static List<Violation> list() {
        return new ArrayList<>();
    }
}
