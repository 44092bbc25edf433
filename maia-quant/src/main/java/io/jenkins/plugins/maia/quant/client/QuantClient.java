package io.jenkins.plugins.maia.quant.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.jenkins.plugins.maia.client.InvalidRequestException.Violation;
import io.jenkins.plugins.maia.client.MaiaException;
import io.jenkins.plugins.maia.client.RequestBudget;
import io.jenkins.plugins.maia.client.RetryPolicy;
import io.jenkins.plugins.maia.quant.model.CreatedQuantTask;
import io.jenkins.plugins.maia.quant.model.DeletedQuantTasks;
import io.jenkins.plugins.maia.quant.model.DependencyGraph;
import io.jenkins.plugins.maia.quant.model.NewQuantTask;
import io.jenkins.plugins.maia.quant.model.QuantTask;
import io.jenkins.plugins.maia.quant.model.QuantTaskList;
import io.jenkins.plugins.maia.quant.model.QuantTaskQuery;
import io.jenkins.plugins.maia.quant.model.QuantTaskUpdate;
import io.jenkins.plugins.maia.quant.model.UpdatedQuantTask;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Client for the AI Task Management endpoints of Quant ({@code /api/v3/organizations/{organisation}/ai/tasks}):
 * create, get, update, list, delete and a task list's dependency graph, for one organisation with a bearer token.
 * Immutable and thread-safe; build one with {@link #builder()}.
 *
 * <p>Every method checks its input before any call ({@code InvalidRequestException} naming each bad field and the
 * fix). Calls that may run twice (get, list, graph, update, delete) are retried after 408, 425, 429, 5xx and
 * connection failures under the {@link RetryPolicy}, honouring {@code Retry-After}; create only after a 429 or a
 * failure before it was sent, because Quant has no idempotency key. Errors are {@link QuantApiException} (an error
 * status) and {@link QuantTransportException} (unreachable or still failing); the token never appears in them.
 */
public final class QuantClient {

    /** Quant's public cloud, the first server of the vendor's document. */
    public static final String DEFAULT_BASE_URL = "https://dashboard.quantcdn.io";
    /** The most tasks one list call returns. */
    public static final int MAX_LIST_LIMIT = 100;

    private final QuantTransport transport;
    private final HttpUrl baseUrl;
    private final String organisation;

    private QuantClient(QuantTransport transport, HttpUrl baseUrl, String organisation) {
        this.transport = transport;
        this.baseUrl = baseUrl;
        this.organisation = organisation;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Creates a task (201). Not retried after an ambiguous failure: see the class comment. */
    public CreatedQuantTask createTask(NewQuantTask task) {
        List<Violation> v = QuantRules.list();
        QuantRules.create(task, v);
        QuantRules.throwIfAny(v);
        QuantCall call = new QuantCall("POST", tasks(), Map.of(), json(task), false, false);
        CreatedQuantTask created = QuantResponses.read(call, transport.execute(call), CreatedQuantTask.class,
                "the created task");
        if (created.taskId() == null || created.taskId().isBlank()) {
            throw new MaiaException("Quant answered " + call.describe() + " without the new task's taskId");
        }
        return created;
    }

    public QuantTask getTask(String taskId) {
        checkTaskId(taskId);
        QuantCall call = QuantCall.get(tasks(taskId), Map.of());
        return QuantResponses.read(call, transport.execute(call), QuantTask.class, "a task");
    }

    /** Changes the fields {@code update} sets, and only those. */
    public UpdatedQuantTask updateTask(String taskId, QuantTaskUpdate update) {
        List<Violation> v = QuantRules.list();
        QuantRules.taskId("taskId", taskId, v);
        QuantRules.update(update, v);
        QuantRules.throwIfAny(v);
        QuantCall call = new QuantCall("PUT", tasks(taskId), Map.of(), json(update), true, false);
        String body = transport.execute(call);
        if (body.isBlank()) {
            return new UpdatedQuantTask(taskId, update.status(), null);
        }
        return QuantResponses.read(call, body, UpdatedQuantTask.class, "the updated task");
    }

    /** Tasks of the organisation, newest first, filtered by {@code query} (null: no filter). */
    public QuantTaskList listTasks(QuantTaskQuery query) {
        QuantTaskQuery q = query == null ? new QuantTaskQuery(null, null, null, null, null, null) : query;
        List<Violation> v = QuantRules.list();
        QuantRules.query(q, v);
        QuantRules.throwIfAny(v);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("taskListId", q.taskListId());
        params.put("status", q.status() == null ? null : q.status().wire());
        params.put("assignedAgentId", q.assignedAgentId());
        params.put("limit", q.limit() == null ? null : q.limit().toString());
        params.put("dependsOn", q.dependsOn());
        params.put("includeDetails", q.includeDetails() == null ? null : q.includeDetails().toString());
        QuantCall call = QuantCall.get(tasks(), params);
        return QuantResponses.read(call, transport.execute(call), QuantTaskList.class, "a list of tasks");
    }

    /**
     * Deletes a task; with {@code cascade} also every task that depends on it, recursively. Without it, a task others
     * depend on is refused with a 409 {@link QuantApiException} listing them. A 404 after an attempt that may have
     * reached Quant means that attempt deleted it.
     */
    public DeletedQuantTasks deleteTask(String taskId, boolean cascade) {
        checkTaskId(taskId);
        QuantCall call = new QuantCall("DELETE", tasks(taskId), cascade ? Map.of("cascade", "true") : Map.of(), null,
                true, true);
        String body = transport.execute(call);
        if (body.isBlank()) {
            return new DeletedQuantTasks(true, null, List.of(taskId));
        }
        return QuantResponses.read(call, body, DeletedQuantTasks.class, "the deleted tasks");
    }

    /** The task list's roots, leaves and edges. */
    public DependencyGraph dependencyGraph(String taskListId) {
        List<Violation> v = QuantRules.list();
        QuantRules.taskListId("taskListId", taskListId, true, v);
        QuantRules.throwIfAny(v);
        QuantCall call = QuantCall.get(tasks(taskListId, "dependency-graph"), Map.of());
        return QuantResponses.graph(call, transport.execute(call));
    }

    /** The same client with another retry policy (shares the HTTP client). */
    public QuantClient withRetryPolicy(RetryPolicy policy) {
        return new QuantClient(transport.with(required(policy, "retryPolicy"), null), baseUrl, organisation);
    }

    /** The same client drawing on another rate budget. */
    public QuantClient withBudget(RequestBudget budget) {
        return new QuantClient(transport.with(null, required(budget, "budget")), baseUrl, organisation);
    }

    /** Quant's URL, e.g. {@code https://dashboard.quantcdn.io}. */
    public String baseUrl() {
        return QuantTransport.display(baseUrl);
    }

    public String organisation() {
        return organisation;
    }

    public RetryPolicy retryPolicy() {
        return transport.policy();
    }

    @Override
    public String toString() {
        return "QuantClient[" + baseUrl() + ", organisation " + organisation + ", token ****]";
    }

    private void checkTaskId(String taskId) {
        List<Violation> v = QuantRules.list();
        QuantRules.taskId("taskId", taskId, v);
        QuantRules.throwIfAny(v);
    }

    private List<String> tasks(String... more) {
        List<String> path = new ArrayList<>(List.of("api", "v3", "organizations", organisation, "ai", "tasks"));
        path.addAll(List.of(more));
        return path;
    }

    private static byte[] json(Object body) {
        try {
            return QuantJson.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new MaiaException("Cannot write the request body as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            QuantRules.throwIfAny(List.of(new Violation(field, "is missing")));
        }
        return value;
    }

    /** Options: base URL, organisation, token (all required but the URL), OkHttpClient, retry policy, budget. */
    public static final class Builder {
        private String baseUrl = DEFAULT_BASE_URL;
        private String organisation;
        private String token;
        private OkHttpClient httpClient;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private RequestBudget budget = RequestBudget.unlimited();
        private QuantTransport.Sleeper sleeper = QuantTransport.Sleeper.REAL;
        private Clock clock = Clock.systemUTC();
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

        private Builder() {}

        /** https, or plain http to loopback only (default {@value #DEFAULT_BASE_URL}). */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        public Builder organisation(String organisation) {
            this.organisation = organisation;
            return this;
        }

        /** The API token (surrounding blanks and a {@code Bearer } prefix are removed). Never printed. */
        public Builder token(String token) {
            this.token = token;
            return this;
        }

        /** The caller's configured client (a proxy-aware one in Jenkins); its settings are kept. */
        public Builder httpClient(OkHttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = retryPolicy;
            return this;
        }

        public Builder budget(RequestBudget budget) {
            this.budget = budget;
            return this;
        }

        /** Tests: how to wait between attempts. */
        Builder sleeper(QuantTransport.Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        /** Tests: the clock for Retry-After dates. */
        Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Tests: the jitter, values in [0, 1). */
        Builder random(DoubleSupplier random) {
            this.random = random;
            return this;
        }

        public QuantClient build() {
            List<Violation> v = QuantRules.list();
            HttpUrl url = QuantUrl.check("quantUrl", baseUrl, v);
            QuantRules.organisation(organisation, v);
            String cleanToken = QuantRules.token(token, v);
            if (retryPolicy == null) {
                v.add(new Violation("retryPolicy", "is missing; use RetryPolicy.defaults() or RetryPolicy.none()"));
            }
            if (budget == null) {
                v.add(new Violation("budget", "is missing; use RequestBudget.unlimited() for none"));
            }
            QuantRules.throwIfAny(v);
            OkHttpClient base = httpClient != null ? httpClient : DefaultHttp.CLIENT;
            OkHttpClient http = base.newBuilder().addNetworkInterceptor(SentMarker.NETWORK_INTERCEPTOR).build();
            return new QuantClient(new QuantTransport(http, url, cleanToken, organisation, retryPolicy, budget, sleeper,
                    clock, random), url, organisation);
        }
    }

    /** Without a caller's client: connect 10 s, read 30 s, write 30 s, whole call 60 s, shared by all clients. */
    private static final class DefaultHttp {
        static final OkHttpClient CLIENT = new OkHttpClient.Builder()
                .connectTimeout(10, TimeUnit.SECONDS)
                .readTimeout(30, TimeUnit.SECONDS)
                .writeTimeout(30, TimeUnit.SECONDS)
                .callTimeout(60, TimeUnit.SECONDS)
                .build();
    }
}
