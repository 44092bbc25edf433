package io.jenkins.plugins.maia.follower.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.maia.follower.budget.AccountBudget;
import io.jenkins.plugins.maia.client.MaiaApiException;
import io.jenkins.plugins.maia.client.MaiaTransportException;
import io.jenkins.plugins.maia.client.model.AgentConfig;
import io.jenkins.plugins.maia.client.model.Decision;
import io.jenkins.plugins.maia.client.model.MessagePage;
import io.jenkins.plugins.maia.client.model.Mode;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.PermissionMessage;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskEvent;
import io.jenkins.plugins.maia.client.model.TaskStatus;
import io.jenkins.plugins.maia.client.model.TaskSummary;
import io.jenkins.plugins.maia.follower.follow.TaskApi;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An in-memory Maia task behind the follower's {@link TaskApi} port, scripted by the test: status, pending
 * decisions, events, paging (offset tokens {@code o:<n>}), injected failures, and counts of every call.
 */
public final class FakeMaia implements TaskApi {

    public enum Call { GET_TASK, GET_MESSAGES, SUBMIT, STOP }

    /** What the fake does when decisions arrive. */
    public enum OnDecisions {
        /** Drop the answered pending decisions and run again at once. */
        RESUME,
        /** Accept but keep showing STOPPED with the old pending list until {@link #resume()} (a stale read). */
        STALE_UNTIL_RESUMED
    }

    public static final ObjectMapper JSON = new ObjectMapper();

    private final String taskId;
    private final ManualClock clock;
    private TaskStatus status = TaskStatus.RUNNING;
    private Instant modifiedAt;
    private List<PendingDecision> pending = new ArrayList<>();
    private final List<TaskEvent> events = new ArrayList<>();
    private final Map<Call, Integer> calls = new EnumMap<>(Call.class);
    private final Map<Call, Deque<Supplier<RuntimeException>>> failures = new EnumMap<>(Call.class);
    private final List<List<Decision>> decisionsReceived = new ArrayList<>();
    private final List<Instant> getTaskTimes = new ArrayList<>();
    private OnDecisions onDecisions = OnDecisions.RESUME;
    private String tokenPrefix = "o:";
    private int tokenShift;
    private int droppedHead;
    private int stopAfterReads = -1;
    private AccountBudget budget;
    private String targetBranch = "maia/feature";
    private List<Instant> callLog;
    private Instant createdAt = Instant.EPOCH;

    public FakeMaia(String taskId, ManualClock clock) {
        this.taskId = taskId;
        this.clock = clock;
        this.modifiedAt = clock.instant();
    }

    /** Report 429s to this budget, as the real client does through its RequestBudget. */
    public FakeMaia reportingTo(AccountBudget budget) {
        this.budget = budget;
        return this;
    }

    /** Also append the time of every call to {@code log} (shared by several fakes of one account). */
    public synchronized FakeMaia recordingCallsTo(List<Instant> log) {
        this.callLog = log;
        return this;
    }

    // ---- scripting ---------------------------------------------------------------------------------------------

    public synchronized FakeMaia addEvents(int n) {
        for (int i = 0; i < n; i++) {
            addText("assistant", "message " + events.size());
        }
        return this;
    }

    public synchronized FakeMaia addText(String role, String text) {
        ObjectNode data = JSON.createObjectNode().put("type", "text").put("role", role).put("content", text);
        return addEvent(data);
    }

    public synchronized FakeMaia addEvent(JsonNode data) {
        Instant ts = clock.instant();
        String group = "g" + (events.size() / 3);
        ObjectNode raw = JSON.createObjectNode();
        raw.set("data", data);
        raw.put("groupId", group);
        raw.put("timestamp", ts.toString());
        events.add(new TaskEvent(data, group, ts, raw));
        touch();
        return this;
    }

    public synchronized FakeMaia pause(PendingDecision... decisions) {
        status = TaskStatus.STOPPED;
        pending = new ArrayList<>(List.of(decisions));
        touch();
        return this;
    }

    public synchronized FakeMaia finish() {
        status = TaskStatus.STOPPED;
        pending = new ArrayList<>();
        touch();
        return this;
    }

    public synchronized FakeMaia error() {
        status = TaskStatus.ERRORED;
        touch();
        return this;
    }

    /** Someone else (another command, the Maia UI) asks the task to stop: it is STOPPING until {@link #finish()}. */
    public synchronized FakeMaia stopElsewhere() {
        status = TaskStatus.STOPPING;
        touch();
        return this;
    }

    public synchronized FakeMaia resume() {
        status = TaskStatus.RUNNING;
        pending = new ArrayList<>();
        touch();
        return this;
    }

    public synchronized FakeMaia onDecisions(OnDecisions behaviour) {
        this.onDecisions = behaviour;
        return this;
    }

    /** After a stop request, show STOPPED after this many task reads (-1: never by itself). */
    public synchronized FakeMaia stopsAfterReads(int reads) {
        this.stopAfterReads = reads;
        return this;
    }

    /** The next {@code call} fails with {@code error}. */
    public synchronized FakeMaia failNext(Call call, Supplier<RuntimeException> error) {
        failures.computeIfAbsent(call, c -> new ArrayDeque<>()).add(error);
        return this;
    }

    /** Tokens change scheme: old tokens are refused with 400. */
    public synchronized FakeMaia changeTokenScheme(String newPrefix) {
        this.tokenPrefix = newPrefix;
        return this;
    }

    /** Tokens keep their text but point {@code shift} events further (the server re-paged). */
    public synchronized FakeMaia shiftTokens(int shift) {
        this.tokenShift = shift;
        return this;
    }

    /** The server forgets the first {@code n} events of the history. */
    public synchronized FakeMaia dropHead(int n) {
        this.droppedHead = n;
        return this;
    }

    public static PendingDecision tool(String id, String toolName) {
        return new PendingDecision("tool", toolName, id, new PermissionMessage("Use " + toolName + "?", "body"),
                JSON.createObjectNode().put("arg", 1));
    }

    public static PendingDecision question(String id, String json) {
        try {
            return new PendingDecision("question", PendingDecision.ASK_USER_QUESTION, id,
                    new PermissionMessage("A question", ""), JSON.readTree(json));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    // ---- observing -------------------------------------------------------------------------------------------

    public synchronized int calls(Call call) {
        return calls.getOrDefault(call, 0);
    }

    public synchronized int totalCalls() {
        return calls.values().stream().mapToInt(Integer::intValue).sum();
    }

    public synchronized List<List<Decision>> decisionsReceived() {
        return List.copyOf(decisionsReceived);
    }

    public synchronized List<Instant> getTaskTimes() {
        return List.copyOf(getTaskTimes);
    }

    public synchronized List<TaskEvent> events() {
        return List.copyOf(events);
    }

    /** When the task says it was created (default the epoch). */
    public synchronized FakeMaia createdAt(Instant when) {
        this.createdAt = when;
        return this;
    }

    /** The task's row in the task list of its project ({@code p}). */
    public synchronized TaskSummary summary() {
        return new TaskSummary(taskId, status, AgentConfig.DATA_ENGINEER_AGENT, Mode.ACT, "the task", createdAt,
                modifiedAt, "p", "main");
    }

    public synchronized TaskStatus status() {
        return status;
    }

    // ---- TaskApi -----------------------------------------------------------------------------------------------

    @Override
    public synchronized Task getTask(String id) {
        getTaskTimes.add(clock.instant());
        count(Call.GET_TASK);
        if (stopAfterReads == 0 && status == TaskStatus.STOPPING) {
            status = TaskStatus.STOPPED;
            touch();
        } else if (stopAfterReads > 0 && status == TaskStatus.STOPPING) {
            stopAfterReads--;
        }
        return new Task(taskId, status, "the task", createdAt, modifiedAt,
                new AgentConfig(AgentConfig.DATA_ENGINEER_AGENT, Mode.ACT, "p", "main", "env", targetBranch, null,
                        null, null),
                List.of(), List.copyOf(pending));
    }

    @Override
    public synchronized MessagePage getMessages(String id, int limit, String token) {
        count(Call.GET_MESSAGES);
        int offset = 0;
        if (token != null) {
            if (!token.startsWith(tokenPrefix)) {
                throw new MaiaApiException("Bad Request: unknown paginationToken", 400, null);
            }
            offset = Integer.parseInt(token.substring(tokenPrefix.length())) + tokenShift;
        }
        List<TaskEvent> visible = events.subList(Math.min(droppedHead, events.size()), events.size());
        int from = Math.max(0, Math.min(offset, visible.size()));
        int to = Math.min(visible.size(), from + limit);
        String more = to < visible.size() ? tokenPrefix + (to - tokenShift) : null;
        return new MessagePage(new ArrayList<>(visible.subList(from, to)), more);
    }

    @Override
    public synchronized List<PendingDecision> submitDecisions(String id, List<Decision> decisions) {
        count(Call.SUBMIT);
        decisionsReceived.add(List.copyOf(decisions));
        if (onDecisions == OnDecisions.RESUME) {
            List<String> answered = decisions.stream().map(Decision::id).toList();
            pending.removeIf(p -> answered.contains(p.toolId()));
            if (pending.isEmpty()) {
                status = TaskStatus.RUNNING;
            }
            touch();
        }
        return List.copyOf(pending);
    }

    @Override
    public synchronized void stopTask(String id) {
        count(Call.STOP);
        if (status == TaskStatus.RUNNING) {
            status = TaskStatus.STOPPING;
            touch();
        }
    }

    private void count(Call call) {
        calls.merge(call, 1, Integer::sum);
        if (callLog != null) {
            callLog.add(clock.instant());
        }
        Deque<Supplier<RuntimeException>> queue = failures.get(call);
        if (queue != null && !queue.isEmpty()) {
            RuntimeException e = queue.poll().get();
            if (budget != null && e instanceof MaiaTransportException t && t.status() == 429) {
                budget.onRateLimited(t.retryAfter().orElse(Duration.ofSeconds(1)));
            }
            if (budget != null && e instanceof MaiaApiException a && a.status() == 429) {
                budget.onRateLimited(Duration.ofSeconds(1));
            }
            throw e;
        }
    }

    private void touch() {
        Instant now = clock.instant();
        // modifiedAt always moves, even when two changes happen at the same simulated instant.
        modifiedAt = now.isAfter(modifiedAt) ? now : modifiedAt.plusMillis(1);
    }

    public static MaiaTransportException rateLimited(Duration retryAfter) {
        return new MaiaTransportException("429 Too Many Requests", null, 429, retryAfter, false);
    }

    public static MaiaTransportException unreachable() {
        return new MaiaTransportException("connection refused", null, 0, null, false);
    }

    public static MaiaApiException status(int status) {
        return new MaiaApiException("HTTP " + status, status, null);
    }
}
