package io.jenkins.plugins.maia.sandbox.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.maia.sandbox.scenario.Step;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;

/**
 * The mutable state of one task. Every read and write happens while holding the task's monitor; the engine is
 * the only code that touches it.
 */
final class Task {
    final String id;
    final long sequence;
    final Instant createdAt;
    final String description;
    final String message;
    final ObjectNode agentConfig;

    Instant modifiedAt;
    TaskStatus status = TaskStatus.RUNNING;
    final Set<String> granted = new LinkedHashSet<>();
    /** Tools approved with scope CONVERSATION: not asked for again, but not listed as granted permissions. */
    final Set<String> approvedForConversation = new LinkedHashSet<>();
    final List<PendingDecision> pending = new ArrayList<>();
    /** Decisions received for the step the agent paused on; the next tick acts on them. */
    final List<Resolution> resolutions = new ArrayList<>();
    final List<TaskEvent> events = new ArrayList<>();
    Instant lastEventAt = Instant.EPOCH;

    List<Step> script;
    int position;
    /** Progress inside the current step: events emitted by a repeated say, ticks spent by a wait. */
    int progress;
    String groupId;
    boolean deleted;
    ScheduledFuture<?> nextTick;

    Task(String id, long sequence, Instant createdAt, String message, String description, ObjectNode agentConfig,
            List<Step> script) {
        this.id = id;
        this.sequence = sequence;
        this.createdAt = createdAt;
        this.modifiedAt = createdAt;
        this.message = message;
        this.description = description;
        this.agentConfig = agentConfig;
        this.script = script;
    }

    TaskView view() {
        return new TaskView(id, sequence, status, description, createdAt, modifiedAt, agentConfig,
                new ArrayList<>(granted), pending, events.size());
    }

    /** What the user decided about one pending decision. */
    record Resolution(PendingDecision decision, boolean approved, List<String> answers) {}
}
