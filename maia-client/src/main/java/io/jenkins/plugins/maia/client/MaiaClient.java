package io.jenkins.plugins.maia.client;

import io.jenkins.plugins.maia.client.AccessTokenSource;
import io.jenkins.plugins.maia.client.internal.ApiCall;
import io.jenkins.plugins.maia.client.internal.ApiRequest;
import io.jenkins.plugins.maia.client.internal.ApiResponse;
import io.jenkins.plugins.maia.client.internal.DefaultHttpClient;
import io.jenkins.plugins.maia.client.internal.EndpointUrl;
import io.jenkins.plugins.maia.client.internal.Endpoints;
import io.jenkins.plugins.maia.client.internal.SendMarker;
import io.jenkins.plugins.maia.client.internal.Sleeper;
import io.jenkins.plugins.maia.client.internal.Transport;
import io.jenkins.plugins.maia.client.internal.Violations;
import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.client.model.CreatedTask;
import io.jenkins.plugins.maia.client.model.Decision;
import io.jenkins.plugins.maia.client.model.FollowUpMessage;
import io.jenkins.plugins.maia.client.model.MessagePage;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskPage;
import io.jenkins.plugins.maia.client.model.TaskPermissions;
import io.jenkins.plugins.maia.client.model.TaskQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
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
 *
 * <p>These methods wait in the calling thread (for the budget, and between attempts). {@link #scheduled} gives the
 * same calls as scheduled operations that never wait in a thread.
 */
public final class MaiaClient {

    /** Largest page the messages endpoint serves: {@link ApiLimits#maxMessagesPageSize()} of {@link ApiLimits#MAIA}. */
    public static final int MAX_MESSAGES_LIMIT = ApiLimits.MAIA.maxMessagesPageSize();
    /** Largest page the list endpoint serves: {@link ApiLimits#maxListPageSize()} of {@link ApiLimits#MAIA}. */
    public static final int MAX_LIST_SIZE = ApiLimits.MAIA.maxListPageSize();
    /** Longest message the client sends: {@link ApiLimits#maxMessageLength()} of {@link ApiLimits#MAIA}. */
    public static final int MAX_MESSAGE_LENGTH = ApiLimits.MAIA.maxMessageLength();
    /**
     * How far before a create the search for the task it made looks, so that a server clock behind ours still finds
     * it: before the call after an ambiguous failure, before the recorded time on a later attempt.
     */
    public static final Duration CLOCK_SKEW_MARGIN = TaskCreation.CLOCK_SKEW_MARGIN;

    private final Transport transport;
    private final HttpUrl baseUrl;
    private final AccessTokenSource tokens;
    private final TaskCreation creation;

    private MaiaClient(Transport transport, HttpUrl baseUrl, AccessTokenSource tokens) {
        this.transport = transport;
        this.baseUrl = baseUrl;
        this.tokens = tokens;
        this.creation = new TaskCreation(this::sendNow, transport.clock());
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates a task: the first attempt. Never blindly retried, because the API has no idempotency key and a second
     * create starts a second agent. A 429 and a failure before the request was sent are retried (the server did not
     * take the request). After an ambiguous failure (timeout or dropped connection after sending, a transient status other than 429, a 2xx
     * whose body cannot be read) the client calls {@link #findCreatedTask} with the time of the call minus
     * {@link #CLOCK_SKEW_MARGIN} and returns the task found; if none matches it throws
     * {@link TaskMayExistException}, whose message says how to check.
     *
     * <p>A caller that may try again (after that exception, or after a restart) records the time just before this
     * call, durably if the process may restart, and makes every later attempt with
     * {@link #createTask(CreateTaskRequest, Instant)}.
     */
    public CreatedTask createTask(CreateTaskRequest request) {
        return await(creation.create(request));
    }

    /**
     * Creates a task at most once across attempts: any attempt after the first, whether after a
     * {@link TaskMayExistException} or after a restart. It first looks for the project's task with the same message
     * created since {@code requestedAt} minus {@link #CLOCK_SKEW_MARGIN} ({@link #findCreatedTask}) and returns it; it
     * creates one ({@link #createTask(CreateTaskRequest)}) only if there is none. If the tasks cannot be listed it
     * throws and creates nothing: try again later with the same {@code requestedAt}.
     *
     * <p>Known limit: it takes the newest task of the project with the same message created in that window, so two
     * runs with the identical message started within the margin of each other could be confused; give each run's
     * message something unique (a build number) when that can happen.
     *
     * @param requestedAt the time recorded before the first attempt; missing or in the future is refused
     *     ({@link InvalidRequestException} naming {@code requestedAt})
     */
    public CreatedTask createTask(CreateTaskRequest request, Instant requestedAt) {
        return await(creation.createAfter(request, requestedAt));
    }

    /**
     * Finds a task that a create with {@code request} made: lists the project's tasks created at or after
     * {@code since} (every page, up to 2,000 tasks) and returns the one whose description matches the message.
     *
     * <p>Matching rule, after collapsing runs of whitespace and trimming both texts: the description equals
     * the message, or the server truncated it: the description (without a trailing "..." or "…") is a prefix of
     * the message and keeps at least 20 characters. If several tasks match, the newest {@code createdAt} wins
     * (a task without createdAt counts as oldest). Used by {@link #createTask} after an ambiguous failure and
     * before any later attempt.
     */
    public Optional<CreatedTask> findCreatedTask(CreateTaskRequest request, Instant since) {
        return await(creation.find(request, since));
    }

    /** One page of tasks; {@code query} null lists everything (first page, server's default size). */
    public TaskPage listTasks(TaskQuery query) {
        return call(Endpoints.listTasks(query));
    }

    public Task getTask(String taskId) {
        return call(Endpoints.getTask(taskId));
    }

    /** One page of events; {@code limit} 1..1000, {@code paginationToken} null (or empty) for the first page. */
    public MessagePage getMessages(String taskId, int limit, String paginationToken) {
        return call(Endpoints.getMessages(taskId, limit, paginationToken));
    }

    /**
     * Sends a follow-up (202), which resumes a stopped task. Not idempotent: retried only when the server
     * cannot have processed it; otherwise a failure says whether the message may have arrived
     * ({@link MaiaTransportException#requestMayHaveBeenProcessed()}).
     */
    public void sendMessage(String taskId, FollowUpMessage message) {
        call(Endpoints.sendMessage(taskId, message));
    }

    /**
     * Submits decisions (202) and returns the decisions still pending after processing. An empty or absent
     * body gives an empty list: read the task to be sure. Not idempotent (see {@link #sendMessage}).
     */
    public List<PendingDecision> submitDecisions(String taskId, List<Decision> decisions) {
        return call(Endpoints.submitDecisions(taskId, decisions));
    }

    /** Requests a graceful stop (any 2xx). Poll {@link #getTask} until STOPPED. */
    public void stopTask(String taskId) {
        call(Endpoints.stopTask(taskId));
    }

    /**
     * Deletes a task (204). A RUNNING task gives 409, reported as a {@link MaiaApiException}. When an attempt
     * failed after reaching the server and the retry answers 404, the first attempt did the deletion and the
     * call succeeds.
     */
    public void deleteTask(String taskId) {
        call(Endpoints.deleteTask(taskId));
    }

    /**
     * Replaces the task's whole list of granted tools; an empty list clears it. Returns the list the server
     * reports (or the one sent, when the server sends no body).
     */
    public TaskPermissions replacePermissions(String taskId, List<String> toolNames) {
        return call(Endpoints.replacePermissions(taskId, toolNames));
    }

    /**
     * The same calls as scheduled operations that never wait in a thread: each attempt runs when {@code gate} lets it,
     * each wait before a retry is a task on {@code scheduler}. Same retry policy, same 429 reporting to this client's
     * budget, same duplicate-safe create. See {@link ScheduledMaiaClient}.
     */
    public ScheduledMaiaClient scheduled(ScheduledExecutorService scheduler, AttemptGate gate) {
        Violations v = new Violations();
        if (scheduler == null) {
            v.add("scheduler", "is missing; pass the ScheduledExecutorService the attempts and their retries run on");
        }
        if (gate == null) {
            v.add("gate", "is missing; use AttemptGate.of(budget, scheduler), or the follower's calls(client)");
        }
        v.throwIfAny();
        return new ScheduledMaiaClient(transport, scheduler, gate);
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

    private <T> T call(ApiCall<T> call) {
        return call.read(transport.execute(call.request()));
    }

    /** The create's steps in this thread: a future already complete when returned. */
    private CompletableFuture<ApiResponse> sendNow(ApiRequest request) {
        try {
            return CompletableFuture.completedFuture(transport.execute(request));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The value of a future made of {@link #sendNow} steps, or the exception one of them threw, unwrapped. */
    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = TaskCreation.unwrap(e);
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
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

        /** Tests: the clock for Retry-After dates and the windows of the duplicate-safe create. */
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
