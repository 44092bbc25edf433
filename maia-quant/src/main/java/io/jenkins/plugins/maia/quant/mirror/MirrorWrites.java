package io.jenkins.plugins.maia.quant.mirror;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.maia.quant.client.QuantClient;
import io.jenkins.plugins.maia.quant.model.CreatedQuantTask;
import io.jenkins.plugins.maia.quant.model.NewQuantTask;
import io.jenkins.plugins.maia.quant.model.QuantStatus;
import io.jenkins.plugins.maia.quant.model.QuantTask;
import io.jenkins.plugins.maia.quant.model.QuantTaskQuery;
import io.jenkins.plugins.maia.quant.model.QuantTaskSummary;
import io.jenkins.plugins.maia.quant.model.QuantTaskUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The calls the mirror makes: planned from a task's record under the mirror's lock ({@link #next}), run outside it
 * ({@link #run}). One call per write: a create, an update of the fields that changed, or, after a create whose
 * outcome is unknown, a look at the task list for the task that create may have made (Quant has no idempotency key).
 */
final class MirrorWrites {
    /** How far before the first create attempt a found task may have been created (clock skew). */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(2);
    /** Candidates read to check their Maia task id: a lost create is among the newest. */
    static final int MAX_CHECKED = 3;

    enum Kind { CREATE, FIND_LOST_CREATE, UPDATE }

    /** One planned call and the state it writes. */
    record Write(Kind kind, String quantId, NewQuantTask create, QuantTaskUpdate update, MirrorState writes,
            Instant createdSince, Set<String> claimedIds, String maiaTaskId) {}

    /** What came of a write: the Quant id for a create or a find (null when the find found nothing), or a failure. */
    record Outcome(String quantId, RuntimeException failure) {}

    private final QuantClient client;
    private final String taskListId;
    private final String createdBy;

    MirrorWrites(QuantClient client, String taskListId, String createdBy) {
        this.client = client;
        this.taskListId = taskListId;
        this.createdBy = createdBy;
    }

    /** The next call for {@code r}, or null when Quant already shows its desired state. Under the mirror's lock. */
    Write next(TaskRecord r, Set<String> claimedIds) {
        MirrorState want = r.desired;
        if (r.quantId == null) {
            List<String> dependsOn = r.dependencies.stream().map(d -> d.quantId).filter(Objects::nonNull).toList();
            NewQuantTask task = NewQuantTask.builder(r.title)
                    .description(r.description)
                    .taskListId(taskListId)
                    .status(want.status())
                    .assignedAgentId(QuantMapping.ASSIGNED_AGENT)
                    .createdByAgentId(createdBy)
                    .dependsOn(dependsOn.isEmpty() ? null : dependsOn)
                    .metadata(want.metadata())
                    .blockedReason(want.status() == QuantStatus.BLOCKED ? want.blockedReason() : null)
                    .build();
            if (r.createMayHaveSucceeded) {
                // Whatever that create wrote is unknown: after adopting the task, everything is sent again.
                return new Write(Kind.FIND_LOST_CREATE, null, task, null, null,
                        r.firstCreateAttemptAt.minus(CLOCK_SKEW), Set.copyOf(claimedIds), r.maiaTaskId);
            }
            // The create carries status, metadata and a blocked reason; the rest follows in an update.
            MirrorState written = new MirrorState(want.status(), null,
                    want.status() == QuantStatus.BLOCKED ? want.blockedReason() : null, null, null, want.metadata(), false);
            return new Write(Kind.CREATE, null, task, null, written, null, Set.of(), r.maiaTaskId);
        }
        QuantTaskUpdate update = changes(r.sent, want);
        return update == null ? null : new Write(Kind.UPDATE, r.quantId, null, update, want, null, Set.of(), r.maiaTaskId);
    }

    Outcome run(Write w) {
        try {
            return switch (w.kind()) {
                case CREATE -> {
                    CreatedQuantTask created = client.createTask(w.create());
                    yield new Outcome(created.taskId(), null);
                }
                case FIND_LOST_CREATE -> new Outcome(findLostCreate(w), null);
                case UPDATE -> {
                    client.updateTask(w.quantId(), w.update());
                    yield new Outcome(w.quantId(), null);
                }
            };
        } catch (RuntimeException e) {
            return new Outcome(null, e);
        }
    }

    /**
     * The update that takes Quant from {@code sent} to {@code want}, or null when nothing differs. A blocked reason is
     * sent whenever the task becomes blocked. Quant clears it only when a task goes back to in_progress or pending, not
     * when it ends, so leaving blocked sends an explicit null; so does the first update of a task found on Quant
     * ({@code sent} null), which an earlier run may have left blocked. Other updates leave the field out.
     */
    static QuantTaskUpdate changes(MirrorState sent, MirrorState want) {
        QuantTaskUpdate.Builder b = QuantTaskUpdate.builder();
        boolean any = false;
        QuantStatus was = sent == null ? null : sent.status();
        if (was != want.status()) {
            b.status(want.status());
            any = true;
        }
        if (want.status() == QuantStatus.BLOCKED && want.blockedReason() != null
                && (was != QuantStatus.BLOCKED || !Objects.equals(sent.blockedReason(), want.blockedReason()))) {
            b.blockedReason(want.blockedReason());
            any = true;
        }
        if (want.status() != QuantStatus.BLOCKED && (was == null || was == QuantStatus.BLOCKED)) {
            b.clearBlockedReason();
            any = true;
        }
        if (want.progressMessage() != null && (sent == null || !want.progressMessage().equals(sent.progressMessage()))) {
            b.progressMessage(want.progressMessage());
            any = true;
        }
        if (want.result() != null && (sent == null || !want.result().equals(sent.result()))) {
            b.result(want.result());
            any = true;
        }
        if (want.error() != null && (sent == null || !want.error().equals(sent.error()))) {
            b.error(want.error());
            any = true;
        }
        if (sent == null || !want.metadata().equals(sent.metadata())) {
            b.metadata(want.metadata());
            any = true;
        }
        return any ? b.build() : null;
    }

    /**
     * The newest task of the list with this title, created since the first attempt and not another record's. When the
     * Maia task is known, a candidate whose metadata names another Maia task is passed over (at most
     * {@value #MAX_CHECKED} are read, newest first).
     */
    private String findLostCreate(Write w) {
        String title = w.create().title();
        List<QuantTaskSummary> candidates = client.listTasks(QuantTaskQuery.inList(taskListId)).tasks().stream()
                .filter(t -> t.taskId() != null && !w.claimedIds().contains(t.taskId()))
                .filter(t -> Objects.equals(t.title(), title))
                .filter(t -> t.createdAt() == null || !Instant.ofEpochMilli(t.createdAt()).isBefore(w.createdSince()))
                .sorted(Comparator.comparing((QuantTaskSummary t) -> t.createdAt() == null ? Long.MIN_VALUE : t.createdAt())
                        .reversed())
                .toList();
        if (w.maiaTaskId() == null) {
            return candidates.isEmpty() ? null : candidates.get(0).taskId();
        }
        for (QuantTaskSummary c : candidates.subList(0, Math.min(MAX_CHECKED, candidates.size()))) {
            QuantTask task = client.getTask(c.taskId());
            JsonNode named = task.metadata() == null ? null : task.metadata().get("maiaTaskId");
            if (named == null || named.isNull() || w.maiaTaskId().equals(named.asText())) {
                return c.taskId();
            }
        }
        return null;
    }
}
