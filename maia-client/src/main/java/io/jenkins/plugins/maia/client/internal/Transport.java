package io.jenkins.plugins.maia.client.internal;

import io.jenkins.plugins.maia.client.Backoff;
import io.jenkins.plugins.maia.client.MaiaTransportException;
import io.jenkins.plugins.maia.client.RequestBudget;
import io.jenkins.plugins.maia.client.RetryPolicy;
import io.jenkins.plugins.maia.client.AccessTokenSource;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.BufferedSink;

/**
 * Sends {@link ApiRequest}s: the client's HTTP settings, token source, retry policy and rate budget, and the two ways
 * of driving the attempts of one request (an {@link Exchange}, which decides what each attempt comes to):
 *
 * <ul>
 *   <li>{@link #execute}: in the calling thread. Every attempt (retries included) first calls
 *       {@link RequestBudget#acquire()}, which may block; between attempts the thread sleeps the backoff or the
 *       server's Retry-After.</li>
 *   <li>{@link #submit}: never in the calling thread and never waiting in any thread. Each attempt runs when the
 *       caller's permit lets it (a non-blocking budget reservation); the wait before a retry is a scheduled task.</li>
 * </ul>
 *
 * <p>Both follow the same rules, because the same {@link Exchange} makes every decision.
 */
public final class Transport {
    private static final MediaType JSON = MediaType.get("application/json");
    static final String USER_AGENT = "maia-agent-tasks-client/" + version();

    private final OkHttpClient http;
    private final HttpUrl baseUrl;
    private final AccessTokenSource tokens;
    private final RetryPolicy policy;
    private final RequestBudget budget;
    private final Sleeper sleeper;
    private final Clock clock;
    private final DoubleSupplier random;
    private final Backoff backoff;

    public Transport(OkHttpClient http, HttpUrl baseUrl, AccessTokenSource tokens, RetryPolicy policy,
            RequestBudget budget, Sleeper sleeper, Clock clock, DoubleSupplier random) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.tokens = tokens;
        this.policy = policy;
        this.budget = budget;
        this.sleeper = sleeper;
        this.clock = clock;
        this.random = random;
        this.backoff = new Backoff(policy, random);
    }

    public Transport withPolicy(RetryPolicy newPolicy) {
        return new Transport(http, baseUrl, tokens, newPolicy, budget, sleeper, clock, random);
    }

    public Transport withBudget(RequestBudget newBudget) {
        return new Transport(http, baseUrl, tokens, policy, newBudget, sleeper, clock, random);
    }

    public Clock clock() {
        return clock;
    }

    public RetryPolicy policy() {
        return policy;
    }

    public RequestBudget budget() {
        return budget;
    }

    AccessTokenSource tokens() {
        return tokens;
    }

    OkHttpClient http() {
        return http;
    }

    HttpUrl baseUrl() {
        return baseUrl;
    }

    Backoff backoff() {
        return backoff;
    }

    /** Sends the request in this thread, waiting for the budget and between attempts; returns only 2xx answers. */
    public ApiResponse execute(ApiRequest req) {
        Exchange exchange = new Exchange(this, req);
        while (true) {
            acquire(req);
            Exchange.Outcome outcome = exchange.next();
            if (outcome instanceof Exchange.Answered answered) {
                return answered.response();
            }
            if (outcome instanceof Exchange.RetryIn retry) {
                pause(req, retry.delay());
            }
        }
    }

    /**
     * Sends the request without blocking any thread on a wait: {@code permit} is handed each attempt and runs it (on
     * a thread of its own choosing) once the budget allows; a retry is scheduled on {@code scheduler} after its delay.
     * The future completes with the 2xx answer, or with the same exception {@link #execute} would throw, on the
     * thread of the last attempt. Cancelling it stops further attempts (one under way runs to its end).
     */
    public CompletableFuture<ApiResponse> submit(ApiRequest req, Consumer<Runnable> permit,
            ScheduledExecutorService scheduler) {
        CompletableFuture<ApiResponse> result = new CompletableFuture<>();
        whenPermitted(new Exchange(this, req), permit, scheduler, result);
        return result;
    }

    private void whenPermitted(Exchange exchange, Consumer<Runnable> permit, ScheduledExecutorService scheduler,
            CompletableFuture<ApiResponse> result) {
        try {
            permit.accept(() -> attempt(exchange, permit, scheduler, result));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(shutDown(exchange.request(), e));
        }
    }

    private void attempt(Exchange exchange, Consumer<Runnable> permit, ScheduledExecutorService scheduler,
            CompletableFuture<ApiResponse> result) {
        if (result.isDone()) {
            return; // cancelled by the caller: no more attempts
        }
        Exchange.Outcome outcome;
        try {
            outcome = exchange.next();
        } catch (RuntimeException | Error e) {
            result.completeExceptionally(e);
            if (e instanceof Error error) {
                throw error;
            }
            return;
        }
        if (outcome instanceof Exchange.Answered answered) {
            result.complete(answered.response());
        } else if (outcome instanceof Exchange.RetryIn retry) {
            try {
                scheduler.schedule(() -> whenPermitted(exchange, permit, scheduler, result), retry.delay().toNanos(),
                        TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(shutDown(exchange.request(), e));
            }
        } else {
            whenPermitted(exchange, permit, scheduler, result);
        }
    }

    private static MaiaTransportException shutDown(ApiRequest req, RejectedExecutionException e) {
        return new MaiaTransportException("Could not continue " + req.describe()
                + ": the scheduler of its attempts is shut down", e, 0, null, false);
    }

    Request build(ApiRequest req, String token, SendMarker marker) {
        HttpUrl.Builder url = baseUrl.newBuilder();
        for (String segment : req.pathSegments()) {
            url.addPathSegment(segment);
        }
        req.query().forEach(url::addQueryParameter);
        RequestBody body = null;
        if (req.jsonBody() != null) {
            body = new JsonBody(req.jsonBody(), req.retry() == ApiRequest.RetryMode.UNSAFE);
        } else if (req.method().equals("POST") || req.method().equals("PUT")) {
            body = RequestBody.create(new byte[0], null);
        }
        return new Request.Builder()
                .url(url.build())
                .method(req.method(), body)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json, application/problem+json")
                .header("User-Agent", USER_AGENT)
                .tag(SendMarker.class, marker)
                .build();
    }

    private void acquire(ApiRequest req) {
        try {
            budget.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MaiaTransportException("Interrupted while waiting for the request budget before " + req.describe(),
                    e, 0, null, false);
        }
    }

    private void pause(ApiRequest req, Duration delay) {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MaiaTransportException("Interrupted while waiting to retry " + req.describe(), e, 0, null, false);
        }
    }

    private static String version() {
        String v = Transport.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** A JSON body; one-shot for UNSAFE calls so that OkHttp never re-sends it on its own after a failure. */
    private static final class JsonBody extends RequestBody {
        private final byte[] bytes;
        private final boolean oneShot;

        JsonBody(byte[] bytes, boolean oneShot) {
            this.bytes = bytes;
            this.oneShot = oneShot;
        }

        @Override
        public MediaType contentType() {
            return JSON;
        }

        @Override
        public long contentLength() {
            return bytes.length;
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            sink.write(bytes);
        }

        @Override
        public boolean isOneShot() {
            return oneShot;
        }
    }
}
