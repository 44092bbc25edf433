package io.jenkins.plugins.maia.sandbox.agent;

import static io.jenkins.plugins.maia.sandbox.agent.ScriptText.branch;
import static io.jenkins.plugins.maia.sandbox.agent.ScriptText.ensureBranch;
import static io.jenkins.plugins.maia.sandbox.agent.ScriptText.fill;
import static io.jenkins.plugins.maia.sandbox.agent.ScriptText.fillOrNull;
import static io.jenkins.plugins.maia.sandbox.agent.ScriptText.newGroup;
import static io.jenkins.plugins.maia.sandbox.agent.ScriptText.newToolId;
import static io.jenkins.plugins.maia.sandbox.agent.ScriptText.templated;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.maia.sandbox.scenario.Step;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The agent of every task: plays a task's script on the shared scheduler, one step per pacing tick (no thread per
 * task), and records what happens (events, status, {@code modifiedAt}). Every method expects the caller to hold
 * the task's monitor, except {@link #tick}, which takes it.
 */
final class AgentRunner {

    static final String USER = "user";
    static final String AGENT = "assistant";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ScheduledExecutorService scheduler;
    private final long pacingNanos;
    private final Clock clock;
    private final TaskListener listener;

    AgentRunner(ScheduledExecutorService scheduler, Duration pacing, Clock clock, TaskListener listener) {
        this.scheduler = scheduler;
        this.pacingNanos = pacing.toNanos();
        this.clock = clock;
        this.listener = listener;
    }

    /** The task's next step in one pacing interval (replacing a tick already planned). */
    void schedule(Task task) {
        cancelTick(task);
        try {
            task.nextTick = scheduler.schedule(() -> tick(task), pacingNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
            // The server is shutting down: the task simply stops advancing.
        }
    }

    static void cancelTick(Task task) {
        if (task.nextTick != null) {
            task.nextTick.cancel(false);
            task.nextTick = null;
        }
    }

    private void tick(Task task) {
        synchronized (task) {
            task.nextTick = null;
            if (task.deleted) {
                return;
            }
            if (task.status == TaskStatus.STOPPING) {
                emit(task, newGroup(), EventData.text(AGENT, "Stopping as requested."));
                finishStop(task);
                return;
            }
            if (task.status != TaskStatus.RUNNING) {
                return;
            }
            step(task);
            if (task.status == TaskStatus.RUNNING) {
                schedule(task);
            }
        }
    }

    private void step(Task task) {
        if (!task.resolutions.isEmpty()) {
            actOnResolutions(task);
            return;
        }
        if (task.position >= task.script.size()) {
            complete(task);
            return;
        }
        Step step = task.script.get(task.position);
        if (task.progress == 0) {
            task.groupId = newGroup();
        }
        if (step instanceof Step.Say say) {
            int count = Math.min(say.perTick(), say.repeat() - task.progress);
            for (int i = 0; i < count; i++) {
                task.progress++;
                emit(task, task.groupId, EventData.text(AGENT, fill(task, say.text(), task.progress, say.repeat())));
            }
            if (task.progress >= say.repeat()) {
                advance(task);
            }
        } else if (step instanceof Step.Event event) {
            emit(task, task.groupId, (ObjectNode) event.data());
            advance(task);
        } else if (step instanceof Step.Wait wait) {
            task.progress++;
            if (task.progress >= wait.ticks()) {
                advance(task);
            }
        } else if (step instanceof Step.Tool tool) {
            callTools(task, tool.calls());
        } else if (step instanceof Step.Ask ask) {
            task.pending.add(PendingDecision.question(newToolId(), ask));
            pause(task);
        } else if (step instanceof Step.GenerateBranch) {
            boolean generated = ensureBranch(task);
            emit(task, task.groupId, EventData.text(AGENT, generated
                    ? "Created branch " + branch(task) + " for this work."
                    : "Using the target branch " + branch(task) + "."));
            advance(task);
        } else if (step instanceof Step.Push push) {
            ensureBranch(task);
            String branch = branch(task);
            ObjectNode input = NODES.objectNode().put("remote", "origin").put("branch", branch);
            callTools(task, List.of(new Step.ToolCall("git_push",
                    push.title() != null ? push.title() : "Push to " + branch,
                    push.body() != null ? push.body() : "The agent wants to push its commits to origin/" + branch,
                    input, push.result() != null ? push.result() : "Pushed to origin/" + branch + ".")));
        } else if (step instanceof Step.Finish finish) {
            if (finish.text() != null && !finish.text().isBlank()) {
                emit(task, task.groupId, EventData.text(AGENT, fill(task, finish.text(), 1, 1)));
            }
            complete(task);
        } else if (step instanceof Step.Fail fail) {
            emit(task, task.groupId, EventData.error(fill(task, fail.message(), 1, 1)));
            task.position = task.script.size();
            setStatus(task, TaskStatus.ERRORED);
            emit(task, task.groupId, EventData.status(TaskStatus.ERRORED, "errored"));
        }
    }

    private void callTools(Task task, List<Step.ToolCall> calls) {
        for (Step.ToolCall call : calls) {
            String toolId = newToolId();
            JsonNode input = templated(task, call.input());
            if (task.granted.contains(call.name()) || task.approvedForConversation.contains(call.name())) {
                runTool(task, call, toolId, input);
            } else {
                task.pending.add(PendingDecision.tool(toolId,
                        new Step.ToolCall(call.name(), fillOrNull(task, call.title()), fillOrNull(task, call.body()),
                                input, call.result()),
                        input));
            }
        }
        if (task.pending.isEmpty()) {
            advance(task);
        } else {
            pause(task);
        }
    }

    private void runTool(Task task, Step.ToolCall call, String toolId, JsonNode input) {
        emit(task, task.groupId, EventData.toolUse(call.name(), toolId, input));
        String result = call.result() != null ? fill(task, call.result(), 1, 1) : call.name() + " finished.";
        emit(task, task.groupId, EventData.toolResult(toolId, result));
    }

    private void actOnResolutions(Task task) {
        for (Task.Resolution resolution : task.resolutions) {
            PendingDecision decision = resolution.decision();
            if (decision.isQuestion()) {
                emit(task, task.groupId, EventData.text(AGENT, "Thanks. Going with: "
                        + String.join("; ", resolution.answers()) + "."));
            } else if (resolution.approved()) {
                runTool(task, decision.call(), decision.toolId(), decision.toolInput());
            } else {
                emit(task, task.groupId, EventData.text(AGENT, "Skipped " + decision.toolName()
                        + " because you declined it; continuing without it."));
            }
        }
        task.resolutions.clear();
        advance(task);
    }

    private void pause(Task task) {
        setStatus(task, TaskStatus.STOPPED);
        emit(task, task.groupId, EventData.status(TaskStatus.STOPPED, "awaiting_input"));
    }

    private void complete(Task task) {
        task.position = task.script.size();
        setStatus(task, TaskStatus.STOPPED);
        emit(task, newGroup(), EventData.status(TaskStatus.STOPPED, "finished"));
    }

    /** The task reaches STOPPED after a stop request: the script ends, nothing is pending. */
    void finishStop(Task task) {
        task.position = task.script.size();
        task.progress = 0;
        task.resolutions.clear();
        cancelTick(task);
        setStatus(task, TaskStatus.STOPPED);
        emit(task, newGroup(), EventData.status(TaskStatus.STOPPED, "stopped"));
    }

    private static void advance(Task task) {
        task.position++;
        task.progress = 0;
    }

    void setStatus(Task task, TaskStatus status) {
        task.status = status;
        touch(task);
        listener.statusChanged(task.id, status, task.pending.size());
    }

    /** The pending decisions changed without a status change (some of them were decided). */
    void pendingChanged(Task task) {
        listener.statusChanged(task.id, task.status, task.pending.size());
    }

    void emit(Task task, String groupId, ObjectNode data) {
        // Strictly increasing microsecond timestamps: many events can share a millisecond, and clients
        // de-duplicate re-read pages by (timestamp, groupId, data).
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant at = now.isAfter(task.lastEventAt) ? now : task.lastEventAt.plus(1, ChronoUnit.MICROS);
        task.lastEventAt = at;
        task.events.add(new TaskEvent(at, groupId == null ? newGroup() : groupId, data));
        touch(task);
        listener.eventsRecorded(task.id, task.events.size());
    }

    void touch(Task task) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (now.isAfter(task.modifiedAt)) {
            task.modifiedAt = now;
        }
    }
}
