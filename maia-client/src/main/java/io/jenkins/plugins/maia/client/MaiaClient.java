package io.jenkins.plugins.maia.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.maia.client.auth.AccessTokenSource;
import io.jenkins.plugins.maia.client.internal.ApiRequest;
import io.jenkins.plugins.maia.client.internal.ApiResponse;
import io.jenkins.plugins.maia.client.internal.DefaultHttpClient;
import io.jenkins.plugins.maia.client.internal.EndpointUrl;
import io.jenkins.plugins.maia.client.internal.LenientInstants;
import io.jenkins.plugins.maia.client.internal.MaiaJson;
import io.jenkins.plugins.maia.client.internal.RequestChecks;
import io.jenkins.plugins.maia.client.internal.Responses;
import io.jenkins.plugins.maia.client.internal.SendMarker;
import io.jenkins.plugins.maia.client.internal.Sleeper;
import io.jenkins.plugins.maia.client.internal.Transport;
import io.jenkins.plugins.maia.client.internal.Violations;
import io.jenkins.plugins.maia.client.internal.WireBodies;
import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.client.model.CreatedTask;
import io.jenkins.plugins.maia.client.model.Decision;
import io.jenkins.plugins.maia.client.model.FollowUpMessage;
import io.jenkins.plugins.maia.client.model.GrantedTool;
import io.jenkins.plugins.maia.client.model.MessagePage;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskPage;
import io.jenkins.plugins.maia.client.model.TaskPermissions;
import io.jenkins.plugins.maia.client.model.TaskQuery;
import io.jenkins.plugins.maia.client.model.TaskSummary;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Client for the nine endpoints of the Maia AI Agent Tasks API ({@code /v1/ai/agents/tasks}).
 * Immutable and thread-safe; build one with {@link #builder()}.
 *
 * <p>Every method validates its input before any call ({@link InvalidRequestException}, naming each bad field
 * and the fix), maps error responses to {@link MaiaApiException}, and gives up with
 * {@link MaiaTransportException} when the server stays unreachable or overloaded after the
 * {@link RetryPolicy}. Calls that may safely run twice (the GETs, replace permissions, stop, delete) are
 * retried after a transient failure ({@link MaiaException#isTransient()}). Calls that must not run twice (send message,
 * submit decisions) are retried only when the server cannot have processed them: after a 429 or a failure
 * before the request was sent. {@link #createTask} is reconciled instead (see there).
 */
public final class MaiaClient {
    private static final Logger LOG = Logger.getLogger(MaiaClient.class.getName());

    /** Largest page the messages endpoint serves. */
    public static final int MAX_MESSAGES_LIMIT = 1000;
    /** Largest page the list endpoint serves. */
    public static final int MAX_LIST_SIZE = 100;
    /**
     * Longest message (create or follow-up) the client sends. The API states no limit; this generous cap only
     * stops accidents such as a whole log file pasted into a prompt.
     */
    public static final int MAX_MESSAGE_LENGTH = 100_000;
    /**
     * How far before the create call reconciliation looks, so that a server clock behind ours still finds
     * the task.
     */
    public static final Duration CLOCK_SKEW_MARGIN = Duration.ofMinutes(2);
    /** A truncated description must keep at least this many characters to count as a match. */
    static final int MIN_DESCRIPTION_PREFIX = 20;
    /** Reconciliation reads at most this many pages of 100 tasks. */
    static final int MAX_RECONCILE_PAGES = 20;

    private static final List<String> TASKS = List.of("v1", "ai", "agents", "tasks");

    private final Transport transport;
    private final HttpUrl baseUrl;
    private final AccessTokenSource tokens;

    private MaiaClient(Transport transport, HttpUrl baseUrl, AccessTokenSource tokens) {
        this.transport = transport;
        this.baseUrl = baseUrl;
        this.tokens = tokens;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates a task. Never blindly retried, because the API has no idempotency key and a second create
     * starts a second agent. A 429 and a failure before the request was sent are retried (the server did not
     * take the request). After an ambiguous failure (timeout or dropped connection after sending, a transient
     * status other than 429, a 2xx whose body cannot be read) the client calls {@link #findCreatedTask} with the time of the call
     * minus {@link #CLOCK_SKEW_MARGIN} and returns the task found; if none matches it throws
     * {@link TaskMayExistException}, whose message says how to check.
     */
    public CreatedTask createTask(CreateTaskRequest request) {
        RequestChecks.checkCreate(request);
        Instant callStart = transport.clock().instant();
        ApiRequest api = new ApiRequest("POST", TASKS, Map.of(), WireBodies.create(request),
                ApiRequest.RetryMode.UNSAFE, false);
        MaiaException failure;
        try {
            ApiResponse response = transport.execute(api);
            try {
                CreatedTask created = Responses.read(api, response, CreatedTask.class, "the created task");
                if (created.taskId() == null || created.taskId().isBlank()) {
                    throw Responses.malformed(api, response, "the created task", "no taskId");
                }
                return created;
            } catch (MaiaException e) {
                failure = e;
            }
        } catch (MaiaTransportException e) {
            if (!e.requestMayHaveBeenProcessed()) {
                throw e;
            }
            failure = e;
        }
        return reconcile(request, callStart, failure);
    }

    /**
     * Finds a task that a create with {@code request} made: lists the project's tasks created at or after
     * {@code since} (every page, up to 2,000 tasks) and returns the one whose description matches the message.
     *
     * <p>Matching rule, after collapsing runs of whitespace and trimming both texts: the description equals
     * the message, or the server truncated it: the description (without a trailing "..." or "…") is a prefix of
     * the message and keeps at least 20 characters. If several tasks match, the newest {@code createdAt} wins
     * (a task without createdAt counts as oldest). Used by {@link #createTask} after an ambiguous failure and
     * by callers that recorded "create requested at T" before a restart.
     */
    public Optional<CreatedTask> findCreatedTask(CreateTaskRequest request, Instant since) {
        RequestChecks.checkCreate(request);
        if (since == null) {
            new Violations().add("since", "is missing; pass the time just before the create call").throwIfAny();
        }
        String projectId = request.agentConfig().projectId();
        TaskSummary best = null;
        long seen = 0;
        for (int page = 0; page < MAX_RECONCILE_PAGES; page++) {
            TaskPage tasks = listTasks(new TaskQuery(projectId, null, null, since, null, page, MAX_LIST_SIZE));
            for (TaskSummary task : tasks.tasks()) {
                boolean inWindow = task.createdAt() == null || !task.createdAt().isBefore(since);
                if (inWindow && descriptionMatches(request.message(), task.description()) && newer(task, best)) {
                    best = task;
                }
            }
            seen += tasks.tasks().size();
            if (tasks.tasks().isEmpty() || seen >= tasks.total()) {
                break;
            }
        }
        return Optional.ofNullable(best)
                .map(t -> new CreatedTask(t.taskId(), t.status(), t.agentName(), t.createdAt()));
    }

    /** One page of tasks; {@code query} null lists everything (first page, server's default size). */
    public TaskPage listTasks(TaskQuery query) {
        TaskQuery q = query == null ? TaskQuery.all() : query;
        RequestChecks.checkQuery(q);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("projectId", q.projectId());
        params.put("branchId", q.branchId());
        params.put("status", q.status() == null ? null : q.status().name());
        params.put("createdAfter", q.createdAfter() == null ? null : LenientInstants.format(q.createdAfter()));
        params.put("createdBefore", q.createdBefore() == null ? null : LenientInstants.format(q.createdBefore()));
        params.put("page", q.page() == null ? null : q.page().toString());
        params.put("size", q.size() == null ? null : q.size().toString());
        ApiRequest api = ApiRequest.get(TASKS, params);
        return Responses.read(api, transport.execute(api), TaskPage.class, "a page of tasks");
    }

    public Task getTask(String taskId) {
        RequestChecks.checkTaskId(taskId);
        ApiRequest api = ApiRequest.get(taskPath(taskId), Map.of());
        return Responses.read(api, transport.execute(api), Task.class, "a task");
    }

    /** One page of events; {@code limit} 1..1000, {@code paginationToken} null (or empty) for the first page. */
    public MessagePage getMessages(String taskId, int limit, String paginationToken) {
        RequestChecks.checkMessages(taskId, limit);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("limit", Integer.toString(limit));
        params.put("paginationToken", paginationToken == null || paginationToken.isEmpty() ? null : paginationToken);
        ApiRequest api = ApiRequest.get(taskPath(taskId, "messages"), params);
        return Responses.messages(api, transport.execute(api));
    }

    /**
     * Sends a follow-up (202), which resumes a stopped task. Not idempotent: retried only when the server
     * cannot have processed it; otherwise a failure says whether the message may have arrived
     * ({@link MaiaTransportException#requestMayHaveBeenProcessed()}).
     */
    public void sendMessage(String taskId, FollowUpMessage message) {
        RequestChecks.checkFollowUp(taskId, message);
        transport.execute(new ApiRequest("POST", taskPath(taskId, "messages"), Map.of(), WireBodies.followUp(message),
                ApiRequest.RetryMode.UNSAFE, false));
    }

    /**
     * Submits decisions (202) and returns the decisions still pending after processing. An empty or absent
     * body gives an empty list: read the task to be sure. Not idempotent (see {@link #sendMessage}).
     */
    public List<PendingDecision> submitDecisions(String taskId, List<Decision> decisions) {
        RequestChecks.checkDecisions(taskId, decisions);
        ApiRequest api = new ApiRequest("POST", taskPath(taskId, "decisions"), Map.of(),
                WireBodies.decisions(decisions), ApiRequest.RetryMode.UNSAFE, false);
        ApiResponse response = transport.execute(api);
        if (!response.hasBody()) {
            return List.of();
        }
        JsonNode pending = Responses.object(api, response, "the pending decisions").get("pendingDecisions");
        if (pending == null || pending.isNull()) {
            return List.of();
        }
        if (!pending.isArray()) {
            throw Responses.malformed(api, response, "the pending decisions", "pendingDecisions is not an array");
        }
        List<PendingDecision> out = new ArrayList<>();
        for (JsonNode node : pending) {
            try {
                out.add(MaiaJson.mapper().treeToValue(node, PendingDecision.class));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw Responses.malformed(api, response, "the pending decisions", e.getOriginalMessage());
            }
        }
        return List.copyOf(out);
    }

    /** Requests a graceful stop (any 2xx). Poll {@link #getTask} until STOPPED. */
    public void stopTask(String taskId) {
        RequestChecks.checkTaskId(taskId);
        transport.execute(new ApiRequest("POST", taskPath(taskId, "stop"), Map.of(), null,
                ApiRequest.RetryMode.SAFE, false));
    }

    /**
     * Deletes a task (204). A RUNNING task gives 409, reported as a {@link MaiaApiException}. When an attempt
     * failed after reaching the server and the retry answers 404, the first attempt did the deletion and the
     * call succeeds.
     */
    public void deleteTask(String taskId) {
        RequestChecks.checkTaskId(taskId);
        transport.execute(new ApiRequest("DELETE", taskPath(taskId), Map.of(), null, ApiRequest.RetryMode.SAFE, true));
    }

    /**
     * Replaces the task's whole list of granted tools; an empty list clears it. Returns the list the server
     * reports (or the one sent, when the server sends no body).
     */
    public TaskPermissions replacePermissions(String taskId, List<String> toolNames) {
        RequestChecks.checkPermissions(taskId, toolNames);
        ApiRequest api = new ApiRequest("PUT", taskPath(taskId, "permissions"), Map.of(),
                WireBodies.permissions(toolNames), ApiRequest.RetryMode.SAFE, false);
        ApiResponse response = transport.execute(api);
        if (!response.hasBody()) {
            return new TaskPermissions(taskId, toolNames.stream().map(GrantedTool::new).toList());
        }
        TaskPermissions result = Responses.read(api, response, TaskPermissions.class, "the task's permissions");
        return result.taskId() == null ? new TaskPermissions(taskId, result.grantedPermissions()) : result;
    }

    /** The same client with another retry policy (shares the HTTP client and token cache). */
    public MaiaClient withRetryPolicy(RetryPolicy policy) {
        if (policy == null) {
            new Violations().add("retryPolicy", "is missing; use RetryPolicy.defaults() or RetryPolicy.none()").throwIfAny();
        }
        return new MaiaClient(transport.withPolicy(policy), baseUrl, tokens);
    }

    /** The same client drawing on another rate budget. */
    public MaiaClient withBudget(RequestBudget budget) {
        if (budget == null) {
            new Violations().add("budget", "is missing; use RequestBudget.unlimited() for none").throwIfAny();
        }
        return new MaiaClient(transport.withBudget(budget), baseUrl, tokens);
    }

    /** The server URL every path is appended to, e.g. {@code https://eu1.api.matillion.com/dpc}. */
    public String baseUrl() {
        return EndpointUrl.display(baseUrl);
    }

    /**
     * Non-secret account identity (see {@link AccessTokenSource#identity()}), prefixed by the base URL, e.g.
     * {@code https://eu1.api.matillion.com/dpc|client:my-client-id}.
     */
    public String accountKey() {
        return baseUrl() + "|" + tokens.identity();
    }

    /** The retry policy in use. */
    public RetryPolicy retryPolicy() {
        return transport.policy();
    }

    @Override
    public String toString() {
        return "MaiaClient[" + accountKey() + "]";
    }

    /**
     * Whether a task's description shows it was created from {@code message}; see {@link #findCreatedTask}.
     */
    static boolean descriptionMatches(String message, String description) {
        if (message == null || description == null) {
            return false;
        }
        String m = collapse(message);
        String d = collapse(description);
        if (d.isEmpty()) {
            return false;
        }
        if (d.equals(m)) {
            return true;
        }
        if (d.endsWith("...")) {
            d = d.substring(0, d.length() - 3).strip();
        } else if (d.endsWith("…")) {
            d = d.substring(0, d.length() - 1).strip();
        }
        return d.length() >= MIN_DESCRIPTION_PREFIX && m.startsWith(d);
    }

    private static String collapse(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }

    private static boolean newer(TaskSummary candidate, TaskSummary best) {
        if (best == null) {
            return true;
        }
        if (candidate.createdAt() == null) {
            return false;
        }
        return best.createdAt() == null || candidate.createdAt().isAfter(best.createdAt());
    }

    private CreatedTask reconcile(CreateTaskRequest request, Instant callStart, MaiaException failure) {
        Instant since = callStart.minus(CLOCK_SKEW_MARGIN);
        String projectId = request.agentConfig().projectId();
        Optional<CreatedTask> found;
        try {
            found = findCreatedTask(request, since);
        } catch (MaiaException e) {
            TaskMayExistException x = new TaskMayExistException(mayExist(projectId, failure,
                    "Listing the project's tasks to check failed too (" + e.getMessage() + ")."), failure);
            x.addSuppressed(e);
            throw x;
        }
        if (found.isPresent()) {
            LOG.log(Level.INFO, "Creating a Maia task failed ambiguously ({0}); found the task {1} that it created",
                    new Object[] {failure.getMessage(), found.get().taskId()});
            return found.get();
        }
        throw new TaskMayExistException(mayExist(projectId, failure, "No task with this message was found among the"
                + " project's tasks created since " + LenientInstants.format(since)
                + ", but a new task can take a moment to be listed."), failure);
    }

    private static String mayExist(String projectId, MaiaException failure, String what) {
        return "The Maia task may have been created although the create call failed: " + failure.getMessage() + ". "
                + what + " Check with `maia tasks list --project-id " + projectId + "` before creating it again:"
                + " the API has no idempotency key, so a second create would start a second agent.";
    }

    private static List<String> taskPath(String taskId, String... more) {
        List<String> path = new ArrayList<>(TASKS);
        path.add(taskId);
        path.addAll(List.of(more));
        return path;
    }

    /** Options: base URL (or region), token source, OkHttpClient, retry policy, budget. */
    public static final class Builder {
        private String baseUrl;
        private boolean baseUrlSet;
        private AccessTokenSource tokenSource;
        private OkHttpClient httpClient;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private RequestBudget budget = RequestBudget.unlimited();
        private Sleeper sleeper = Sleeper.REAL;
        private Clock clock = Clock.systemUTC();
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

        private Builder() {}

        public Builder region(Region region) {
            this.baseUrl = region == null ? null : region.baseUrl();
            this.baseUrlSet = true;
            return this;
        }

        /** Any https URL, or http to loopback only. Trailing slashes are dropped. */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            this.baseUrlSet = true;
            return this;
        }

        public Builder tokenSource(AccessTokenSource tokenSource) {
            this.tokenSource = tokenSource;
            return this;
        }

        /**
         * The caller's configured client (Jenkins hands in a proxy-aware one). Its timeouts, proxy and TLS
         * settings are kept; the client only adds a network interceptor. Without one, a shared default client
         * is used (connect 10 s, read 30 s, write 30 s, whole call 60 s).
         */
        public Builder httpClient(OkHttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = policy;
            return this;
        }

        public Builder budget(RequestBudget budget) {
            this.budget = budget;
            return this;
        }

        /** Tests: how to wait between attempts. */
        Builder sleeper(Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        /** Tests: the clock for Retry-After dates and the reconciliation window. */
        Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Tests: the jitter source, values in [0, 1). */
        Builder random(DoubleSupplier random) {
            this.random = random;
            return this;
        }

        public MaiaClient build() {
            Violations v = new Violations();
            HttpUrl url = null;
            if (!baseUrlSet || baseUrl == null) {
                v.add("baseUrl", "is missing; choose a region (eu1, us1) or give a URL such as " + Region.EU1.baseUrl());
            } else {
                url = EndpointUrl.check("baseUrl", baseUrl, Region.EU1.baseUrl(), v);
            }
            if (tokenSource == null) {
                v.add("tokenSource", "is missing; use StaticToken.of(token) or ClientCredentialsTokenSource.create(...)");
            }
            if (retryPolicy == null) {
                v.add("retryPolicy", "is missing; use RetryPolicy.defaults() or RetryPolicy.none()");
            }
            if (budget == null) {
                v.add("budget", "is missing; use RequestBudget.unlimited() for none");
            }
            v.throwIfAny();
            OkHttpClient base = httpClient == null ? DefaultHttpClient.shared() : httpClient;
            OkHttpClient http = base.newBuilder().addNetworkInterceptor(SendMarker.NETWORK_INTERCEPTOR).build();
            Transport transport = new Transport(http, url, tokenSource, retryPolicy, budget, sleeper, clock, random);
            return new MaiaClient(transport, url, tokenSource);
        }
    }
}
