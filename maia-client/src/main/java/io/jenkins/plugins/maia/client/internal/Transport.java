package io.jenkins.plugins.maia.client.internal;

import io.jenkins.plugins.maia.client.MaiaApiException;
import io.jenkins.plugins.maia.client.MaiaException;
import io.jenkins.plugins.maia.client.MaiaTransportException;
import io.jenkins.plugins.maia.client.RequestBudget;
import io.jenkins.plugins.maia.client.RetryPolicy;
import io.jenkins.plugins.maia.client.auth.AccessTokenSource;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSink;

/**
 * Sends one {@link ApiRequest}: bearer token, rate budget, retries, error mapping.
 *
 * <ul>
 *   <li>Every attempt (retries included) first calls {@link RequestBudget#acquire()}; every 429 calls
 *       {@link RequestBudget#onRateLimited(Duration)} with the server's Retry-After (or the backoff step).</li>
 *   <li>A 401 invalidates the token and the call is repeated exactly once with a fresh one; that extra
 *       attempt does not count against {@link RetryPolicy#maxAttempts()}.</li>
 *   <li>SAFE calls are retried after a transient status ({@link MaiaException#TRANSIENT_STATUSES}) and any I/O
 *       failure. UNSAFE calls only after 429 and after failures before the request was sent ({@link SendMarker});
 *       their bodies are one-shot so that OkHttp itself never silently re-sends them either.</li>
 *   <li>When the retries are used up, a retryable status or I/O failure becomes a
 *       {@link MaiaTransportException} (status, Retry-After, and whether the request may have been processed);
 *       every other error status becomes a {@link MaiaApiException}.</li>
 * </ul>
 */
public final class Transport {
    private static final Logger LOG = Logger.getLogger(Transport.class.getName());
    private static final MediaType JSON = MediaType.get("application/json");
    /** Error bodies are read only this far: enough for any problem document, bounded for a runaway proxy page. */
    private static final long MAX_ERROR_BODY = 64 * 1024;
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

    /** Sends the request; returns only 2xx answers. */
    public ApiResponse execute(ApiRequest req) {
        int attempt = 0;
        boolean authRetried = false;
        boolean mayHaveBeenProcessed = false;
        while (true) {
            attempt++;
            acquire(req);
            String token;
            try {
                token = tokens.accessToken();
            } catch (IOException | MaiaTransportException e) {
                // The API has not seen this attempt, so retrying is safe even for a create.
                Optional<Duration> retryAfter = e instanceof MaiaTransportException t ? t.retryAfter() : Optional.empty();
                if (attempt < policy.maxAttempts()) {
                    pause(req, attempt, retryAfter, "no access token: " + e.getMessage());
                    continue;
                }
                throw new MaiaTransportException("Could not get an access token for " + req.describe()
                        + attempts(attempt) + ": " + Redaction.redact(e.getMessage()), e, 0, retryAfter.orElse(null),
                        mayHaveBeenProcessed);
            }
            SendMarker marker = new SendMarker();
            Request request = build(req, token, marker);
            Response response;
            try {
                response = http.newCall(request).execute();
            } catch (IOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new MaiaTransportException("Interrupted during " + req.describe(), e, 0, null, marker.sent());
                }
                boolean sent = marker.sent();
                mayHaveBeenProcessed |= sent;
                boolean retryable = req.retry() == ApiRequest.RetryMode.SAFE || !sent;
                String what = describe(e);
                if (retryable && attempt < policy.maxAttempts()) {
                    pause(req, attempt, Optional.empty(), what);
                    continue;
                }
                throw new MaiaTransportException(ioMessage(req, what, sent, attempt, token), e, 0, null, mayHaveBeenProcessed);
            }
            try (response) {
                int status = response.code();
                ResponseBody body = response.body();
                String contentType = body.contentType() == null ? null : body.contentType().toString();
                if (status >= 200 && status < 300) {
                    return new ApiResponse(status, HttpStatusText.of(status, response.message()), contentType, readAll(req, body));
                }
                String text = readCapped(body);
                MaiaApiException error = ErrorResponses.toException("Maia API", req.describe(), status, response.message(),
                        contentType, text, token);
                if (status == 401 && !authRetried) {
                    authRetried = true;
                    attempt--;
                    tokens.invalidate(token);
                    LOG.log(Level.FINE, "{0}: 401, retrying once with a new token", req.describe());
                    continue;
                }
                if (status == 404 && req.notFoundIsDoneAfterAmbiguousAttempt() && mayHaveBeenProcessed) {
                    return new ApiResponse(status, HttpStatusText.of(status, response.message()), contentType, new byte[0]);
                }
                if (status == 429) {
                    Optional<Duration> retryAfter = RetryAfter.parse(response.header("Retry-After"), clock.instant());
                    budget.onRateLimited(retryAfter.orElse(max(backoff.ceiling(attempt), Duration.ofSeconds(1))));
                    if (attempt < policy.maxAttempts()) {
                        pause(req, attempt, retryAfter, "429");
                        continue;
                    }
                    throw new MaiaTransportException("Maia API " + (attempt > 1 ? "kept answering" : "answered")
                            + " 429 Too Many Requests on " + req.describe()
                            + attempts(attempt) + retryAfter.map(d -> "; it asks to wait " + seconds(d)).orElse("")
                            + ". Wait and try again, or lower the request rate",
                            error, status, retryAfter.orElse(null), mayHaveBeenProcessed);
                }
                if (MaiaException.isTransientStatus(status)) {
                    // 408, 425, 500, 502-504. 503 often means "not processed", but a gateway may also give up while
                    // the backend works on, and a 500 may come after the work was done: never assume it was not.
                    mayHaveBeenProcessed = true;
                    Optional<Duration> retryAfter = RetryAfter.parse(response.header("Retry-After"), clock.instant());
                    if (req.retry() == ApiRequest.RetryMode.SAFE && attempt < policy.maxAttempts()) {
                        pause(req, attempt, retryAfter, Integer.toString(status));
                        continue;
                    }
                    String note = req.retry() == ApiRequest.RetryMode.UNSAFE
                            ? ". The request may or may not have been processed: read the task again before repeating it"
                            : "";
                    throw new MaiaTransportException(error.getMessage() + attempts(attempt) + note, error, status,
                            retryAfter.orElse(null), true);
                }
                throw error;
            }
        }
    }

    private Request build(ApiRequest req, String token, SendMarker marker) {
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

    private void pause(ApiRequest req, int attempt, Optional<Duration> retryAfter, String reason) {
        Duration delay = backoff.delay(attempt, retryAfter);
        LOG.log(Level.FINE, "{0}: {1}; attempt {2} of {3}, retrying in {4} ms",
                new Object[] {req.describe(), reason, attempt, policy.maxAttempts(), delay.toMillis()});
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MaiaTransportException("Interrupted while waiting to retry " + req.describe(), e, 0, null, false);
        }
    }

    private static byte[] readAll(ApiRequest req, ResponseBody body) {
        try {
            return body.bytes();
        } catch (IOException e) {
            // The server answered 2xx, so the call took effect; only the body was lost.
            throw new MaiaTransportException("The Maia API accepted " + req.describe()
                    + " but the response body could not be read: " + describe(e), e, 0, null, true);
        }
    }

    private static String readCapped(ResponseBody body) {
        try {
            var source = body.source();
            source.request(MAX_ERROR_BODY);
            long size = Math.min(source.getBuffer().size(), MAX_ERROR_BODY);
            return source.getBuffer().readUtf8(size);
        } catch (IOException e) {
            return "";
        }
    }

    private String ioMessage(ApiRequest req, String what, boolean sent, int attempt, String token) {
        String head = "Could not complete " + req.describe() + " at " + EndpointUrl.display(baseUrl) + ": " + what
                + attempts(attempt);
        if (sent && req.retry() == ApiRequest.RetryMode.UNSAFE) {
            head += ". The request was sent and may or may not have been processed: read the task again before"
                    + " repeating it";
        }
        return Redaction.redact(head, token);
    }

    private static String describe(IOException e) {
        String msg = e.getMessage();
        String kind = e.getClass().getSimpleName();
        return msg == null || msg.isBlank() ? kind : kind + " (" + TextExcerpt.oneLine(msg, 200) + ")";
    }

    private static String attempts(int attempt) {
        return attempt > 1 ? " (after " + attempt + " attempts)" : "";
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + " s";
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
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
