package io.jenkins.plugins.maia.sandbox.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the sandbox's tasks. Each task plays its scenario on the shared scheduler, one step per pacing tick
 * (no thread per task). All state changes of a task happen under its monitor, from HTTP threads (create,
 * decisions, messages, stop, delete, permissions) and from scheduler ticks.
 */
public final class TaskEngine {

    public static final String AGENT_NAME = "data_engineer_agent";
    /** Task descriptions are the message cut to this many characters (clients match on the prefix). */
    public static final int DESCRIPTION_LENGTH = 200;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String USER = "user";
    private static final String AGENT = "assistant";

    private final ScenarioCatalog catalog;
    private final Scenario defaultScenario;
    private final ScheduledExecutorService scheduler;
    private final long pacingNanos;
    private final Clock clock;
    private final TaskListener listener;
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    public TaskEngine(ScenarioCatalog catalog, Scenario defaultScenario, ScheduledExecutorService scheduler,
            Duration pacing, Clock clock, TaskListener listener) {
        this.catalog = catalog;
        this.defaultScenario = defaultScenario;
        this.scheduler = scheduler;
        this.pacingNanos = pacing.toNanos();
        this.clock = clock;
        this.listener = listener;
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
        Task task = new Task(id, sequence.incrementAndGet(), now, message, describe(message), agentConfig.deepCopy(),
                scenario.steps());
        synchronized (task) {
            task.granted.addAll(grantedTools);
            tasks.put(id, task);
            emit(task, newGroup(), EventData.text(USER, message));
            listener.statusChanged(id, task.status, 0);
            schedule(task);
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
                    : followUpScript(message);
            if (!violations.isEmpty()) {
                throw new InvalidTaskRequestException(violations);
            }
            overrides.forEach(task.agentConfig::set);
            task.granted.addAll(grantedTools);
            task.pending.clear();
            task.resolutions.clear();
            emit(task, newGroup(), EventData.text(USER, message));
            task.script = script;
            task.position = 0;
            task.progress = 0;
            setStatus(task, TaskStatus.RUNNING);
            schedule(task);
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
                    emit(task, task.groupId, EventData.questionDecision(pending.toolId(), decision.get("answers")));
                } else {
                    String scope = decision.path("scope").asText("ONCE");
                    emit(task, task.groupId,
                            EventData.toolDecision(pending.toolName(), pending.toolId(), resolution.approved(), scope));
                    if (resolution.approved() && scope.equals("CONVERSATION")) {
                        task.approvedForConversation.add(pending.toolName());
                    }
                }
            }
            if (task.pending.isEmpty()) {
                setStatus(task, TaskStatus.RUNNING);
                schedule(task);
            } else {
                listener.statusChanged(task.id, task.status, task.pending.size());
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
                setStatus(task, TaskStatus.STOPPING);
            } else if (task.status == TaskStatus.STOPPED && !task.pending.isEmpty()) {
                task.pending.clear();
                task.resolutions.clear();
                finishStop(task);
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
            cancelTick(task);
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
            touch(task);
            return task.view();
        }
    }

    /** Stops every agent (the server is closing). */
    public void shutdown() {
        for (Task task : tasks.values()) {
            synchronized (task) {
                cancelTick(task);
            }
        }
    }

    // ---------------------------------------------------------------- the agent

    private void schedule(Task task) {
        cancelTick(task);
        try {
            task.nextTick = scheduler.schedule(() -> tick(task), pacingNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
            // The server is shutting down: the task simply stops advancing.
        }
    }

    private static void cancelTick(Task task) {
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

    private void finishStop(Task task) {
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

    private void setStatus(Task task, TaskStatus status) {
        task.status = status;
        touch(task);
        listener.statusChanged(task.id, status, task.pending.size());
    }

    private void emit(Task task, String groupId, ObjectNode data) {
        // Strictly increasing microsecond timestamps: many events can share a millisecond, and clients
        // de-duplicate re-read pages by (timestamp, groupId, data).
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant at = now.isAfter(task.lastEventAt) ? now : task.lastEventAt.plus(1, ChronoUnit.MICROS);
        task.lastEventAt = at;
        task.events.add(new TaskEvent(at, groupId == null ? newGroup() : groupId, data));
        touch(task);
        listener.eventsRecorded(task.id, task.events.size());
    }

    private void touch(Task task) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (now.isAfter(task.modifiedAt)) {
            task.modifiedAt = now;
        }
    }

    // ---------------------------------------------------------------- branches and texts

    /** Generates the target branch if the task asked for one and has none yet; true if it did. */
    private static boolean ensureBranch(Task task) {
        JsonNode target = task.agentConfig.get("targetBranchName");
        if (target != null && !target.isNull() && !target.asText().isBlank()) {
            return false;
        }
        task.agentConfig.put("targetBranchName", "maia/" + slug(task.message) + "-" + task.id.substring(0, 8));
        return true;
    }

    private static String branch(Task task) {
        JsonNode target = task.agentConfig.get("targetBranchName");
        return target == null || target.isNull() || target.asText().isBlank() ? "a new branch" : target.asText();
    }

    /** A few words of the message (without a scenario directive), lower case, joined by dashes. */
    static String slug(String message) {
        String text = message.replaceFirst("^\\s*\\[scenario:[^\\]]*\\]", "");
        String[] words = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").trim().split(" ");
        StringBuilder slug = new StringBuilder();
        for (String word : words) {
            if (word.isEmpty() || slug.length() + word.length() + 1 > 30) {
                break;
            }
            if (slug.length() > 0) {
                slug.append('-');
            }
            slug.append(word);
        }
        return slug.length() == 0 ? "task" : slug.toString();
    }

    private static String fill(Task task, String text, int n, int count) {
        return text.replace("{n}", Integer.toString(n))
                .replace("{count}", Integer.toString(count))
                .replace("{branch}", branch(task))
                .replace("{taskId}", task.id);
    }

    private static String fillOrNull(Task task, String text) {
        return text == null ? null : fill(task, text, 1, 1);
    }

    private static JsonNode templated(Task task, JsonNode input) {
        if (input == null) {
            return NODES.objectNode();
        }
        JsonNode copy = input.deepCopy();
        if (copy instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (field.getValue().isTextual()) {
                    field.setValue(NODES.textNode(fill(task, field.getValue().asText(), 1, 1)));
                }
            }
        }
        return copy;
    }

    static String describe(String message) {
        if (message.length() <= DESCRIPTION_LENGTH) {
            return message;
        }
        int end = DESCRIPTION_LENGTH;
        if (Character.isHighSurrogate(message.charAt(end - 1))) {
            end--; // never split a surrogate pair
        }
        return message.substring(0, end);
    }

    private static List<Step> followUpScript(String message) {
        String excerpt = message.length() > 80 ? message.substring(0, 80) + "..." : message;
        return List.of(new Step.Say("Got your follow-up: \"" + excerpt + "\". Working on it."),
                new Step.Finish("Done with the follow-up."));
    }

    private static String newGroup() {
        return UUID.randomUUID().toString();
    }

    private static String newToolId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "call_" + Long.toHexString(random.nextLong() | Long.MIN_VALUE).substring(0, 12)
                + Long.toHexString(random.nextLong() | Long.MIN_VALUE).substring(0, 12);
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
