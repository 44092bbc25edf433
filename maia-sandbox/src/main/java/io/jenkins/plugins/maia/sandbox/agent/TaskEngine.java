package io.jenkins.plugins.maia.sandbox.agent;

import static io.jenkins.plugins.maia.sandbox.agent.AgentRunner.USER;
import static io.jenkins.plugins.maia.sandbox.agent.ScriptText.newGroup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.maia.sandbox.scenario.Scenario;
import io.jenkins.plugins.maia.sandbox.scenario.ScenarioCatalog;
import io.jenkins.plugins.maia.sandbox.scenario.ScenarioException;
import io.jenkins.plugins.maia.sandbox.scenario.Step;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the sandbox's tasks: what each request does to a task. Each task plays its scenario through the
 * {@link AgentRunner} on the shared scheduler, one step per pacing tick (no thread per task). All state changes of
 * a task happen under its monitor, from HTTP threads (create, decisions, messages, stop, delete, permissions) and
 * from scheduler ticks.
 */
public final class TaskEngine {

    public static final String AGENT_NAME = "data_engineer_agent";
    /** Task descriptions are the message cut to this many characters (clients match on the prefix). */
    public static final int DESCRIPTION_LENGTH = 200;

    private final ScenarioCatalog catalog;
    private final Scenario defaultScenario;
    private final Clock clock;
    private final AgentRunner agent;
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    public TaskEngine(ScenarioCatalog catalog, Scenario defaultScenario, ScheduledExecutorService scheduler,
            Duration pacing, Clock clock, TaskListener listener) {
        this.catalog = catalog;
        this.defaultScenario = defaultScenario;
        this.clock = clock;
        this.agent = new AgentRunner(scheduler, pacing, clock, listener);
    }

    // ---------------------------------------------------------------- requests

    /** Creates a task (already schema-valid) and starts its agent. */
    public TaskView create(String message, ObjectNode agentConfig, List<String> grantedTools) {
        List<String> violations = new ArrayList<>();
        RequestRules.checkAgentName(agentConfig.get("name"), violations);
        JsonNode target = agentConfig.get("targetBranchName");
        boolean hasTarget = target != null && !target.isNull();
        if (hasTarget && target.asText().isBlank()) {
            violations.add("agentConfig.targetBranchName: must not be blank; omit it and set generateBranch: true"
                    + " to let the agent name the branch");
        } else if (!hasTarget && !agentConfig.path("generateBranch").asBoolean(false)) {
            violations.add("agentConfig: set targetBranchName, or generateBranch: true to let the agent name the"
                    + " branch (one of the two is required)");
        }
        RequestRules.checkUnique(grantedTools, "grantedPermissions", violations);
        Scenario scenario = scenarioFor(message, violations);
        if (!violations.isEmpty()) {
            throw new InvalidTaskRequestException(violations);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String id = UUID.randomUUID().toString();
        Task task = new Task(id, sequence.incrementAndGet(), now, message, ScriptText.describe(message),
                agentConfig.deepCopy(),
                scenario.steps());
        synchronized (task) {
            task.granted.addAll(grantedTools);
            tasks.put(id, task);
            agent.emit(task, newGroup(), EventData.text(USER, message));
            agent.pendingChanged(task);
            agent.schedule(task);
            return task.view();
        }
    }

    public TaskView get(String taskId) {
        Task task = find(taskId);
        synchronized (task) {
            return task.view();
        }
    }

    /** Every task, newest first. */
    public List<TaskView> list() {
        List<TaskView> views = new ArrayList<>();
        for (Task task : tasks.values()) {
            synchronized (task) {
                if (!task.deleted) {
                    views.add(task.view());
                }
            }
        }
        views.sort(Comparator.comparing(TaskView::createdAt).thenComparingLong(TaskView::sequence).reversed());
        return views;
    }

    public EventPage events(String taskId, int offset, int limit) {
        Task task = find(taskId);
        synchronized (task) {
            int total = task.events.size();
            int from = Math.min(Math.max(offset, 0), total);
            int to = (int) Math.min((long) from + limit, total);
            return new EventPage(new ArrayList<>(task.events.subList(from, to)), from, total);
        }
    }

    /**
     * A follow-up message: resumes a STOPPED (or ERRORED) task. Pending decisions are dropped (the message
     * redirects the agent). A message starting with {@code [scenario:NAME]} plays that scenario; any other
     * message gets a short reply, then the task finishes.
     */
    public TaskView sendMessage(String taskId, String message, JsonNode agentConfig, List<String> grantedTools) {
        Task task = find(taskId);
        synchronized (task) {
            requireLive(task);
            if (task.status == TaskStatus.RUNNING || task.status == TaskStatus.STOPPING) {
                throw new TaskConflictException("Task " + taskId + " is " + task.status
                        + "; send a follow-up message once it is STOPPED (stop it first, or wait)");
            }
            List<String> violations = new ArrayList<>();
            Map<String, JsonNode> overrides = RequestRules.followUpOverrides(agentConfig, violations);
            RequestRules.checkUnique(grantedTools, "grantedPermissions", violations);
            List<Step> script = ScenarioCatalog.directive(message).isPresent()
                    ? scenarioFor(message, violations).steps()
                    : ScriptText.followUpScript(message);
            if (!violations.isEmpty()) {
                throw new InvalidTaskRequestException(violations);
            }
            overrides.forEach(task.agentConfig::set);
            task.granted.addAll(grantedTools);
            task.pending.clear();
            task.resolutions.clear();
            agent.emit(task, newGroup(), EventData.text(USER, message));
            task.script = script;
            task.position = 0;
            task.progress = 0;
            agent.setStatus(task, TaskStatus.RUNNING);
            agent.schedule(task);
            return task.view();
        }
    }

    /**
     * Applies decisions to a task paused on them. Decisions may cover only some of the pending ones; the task
     * resumes when none is left.
     *
     * @return the decisions still pending
     */
    public List<PendingDecision> decide(String taskId, JsonNode decisions) {
        Task task = find(taskId);
        synchronized (task) {
            requireLive(task);
            if (task.status != TaskStatus.STOPPED || task.pending.isEmpty()) {
                throw new TaskConflictException("Task " + taskId + " is " + task.status
                        + (task.status == TaskStatus.STOPPED ? " with no pending decisions" : "")
                        + "; decisions are accepted only while it is STOPPED with pending decisions");
            }
            List<Task.Resolution> accepted = RequestRules.checkDecisions(task, decisions);
            for (int i = 0; i < accepted.size(); i++) {
                Task.Resolution resolution = accepted.get(i);
                PendingDecision pending = resolution.decision();
                task.pending.remove(pending);
                task.resolutions.add(resolution);
                JsonNode decision = decisions.get(i);
                if (pending.isQuestion()) {
                    agent.emit(task, task.groupId, EventData.questionDecision(pending.toolId(),
                            decision.get("answers")));
                } else {
                    String scope = decision.path("scope").asText("ONCE");
                    agent.emit(task, task.groupId,
                            EventData.toolDecision(pending.toolName(), pending.toolId(), resolution.approved(), scope));
                    if (resolution.approved() && scope.equals("CONVERSATION")) {
                        task.approvedForConversation.add(pending.toolName());
                    }
                }
            }
            if (task.pending.isEmpty()) {
                agent.setStatus(task, TaskStatus.RUNNING);
                agent.schedule(task);
            } else {
                agent.pendingChanged(task);
            }
            return List.copyOf(task.pending);
        }
    }

    /**
     * Asks a task to stop. A RUNNING task goes STOPPING and reaches STOPPED on its next tick; a task paused on
     * decisions stops at once and drops them; anything else is already stopped and nothing changes.
     */
    public void stop(String taskId) {
        Task task = find(taskId);
        synchronized (task) {
            requireLive(task);
            if (task.status == TaskStatus.RUNNING) {
                agent.setStatus(task, TaskStatus.STOPPING);
            } else if (task.status == TaskStatus.STOPPED && !task.pending.isEmpty()) {
                task.pending.clear();
                task.resolutions.clear();
                agent.finishStop(task);
            }
        }
    }

    /** Deletes a task that is not RUNNING or STOPPING. */
    public void delete(String taskId) {
        Task task = find(taskId);
        synchronized (task) {
            requireLive(task);
            if (task.status == TaskStatus.RUNNING || task.status == TaskStatus.STOPPING) {
                throw new TaskConflictException("Task " + taskId + " is " + task.status
                        + "; stop it and wait until it is STOPPED before deleting it");
            }
            task.deleted = true;
            AgentRunner.cancelTick(task);
            tasks.remove(taskId);
        }
    }

    /** Replaces the task's granted permissions. */
    public TaskView setPermissions(String taskId, List<String> grantedTools) {
        Task task = find(taskId);
        List<String> violations = new ArrayList<>();
        RequestRules.checkUnique(grantedTools, "grantedPermissions", violations);
        if (!violations.isEmpty()) {
            throw new InvalidTaskRequestException(violations);
        }
        synchronized (task) {
            requireLive(task);
            task.granted.clear();
            task.granted.addAll(grantedTools);
            agent.touch(task);
            return task.view();
        }
    }

    /** Stops every agent (the server is closing). */
    public void shutdown() {
        for (Task task : tasks.values()) {
            synchronized (task) {
                AgentRunner.cancelTick(task);
            }
        }
    }

    // ---------------------------------------------------------------- checks

    private Task find(String taskId) {
        Task task = tasks.get(taskId);
        if (task == null) {
            throw new TaskNotFoundException(taskId);
        }
        return task;
    }

    private static void requireLive(Task task) {
        if (task.deleted) {
            throw new TaskNotFoundException(task.id);
        }
    }

    private Scenario scenarioFor(String message, List<String> violations) {
        var name = ScenarioCatalog.directive(message);
        if (name.isEmpty()) {
            return defaultScenario;
        }
        try {
            return catalog.get(name.get());
        } catch (ScenarioException e) {
            violations.add("message: [scenario:" + name.get() + "]: " + e.getMessage());
            return defaultScenario;
        }
    }
}
