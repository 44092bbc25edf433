package io.jenkins.plugins.maia.quant.client;

import io.jenkins.plugins.maia.client.RequestBudget;
import io.jenkins.plugins.maia.client.RetryPolicy;
import io.jenkins.plugins.maia.follower.transcript.Redactor;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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
 * Sends one {@link QuantCall}: bearer token, rate budget, retries, error mapping. The rules are maia-client's:
 * every attempt first takes a token from the {@link RequestBudget} and every 429 is reported to it; safe calls are
 * retried after 408, 425, 429, 5xx (500, 502, 503, 504) and I/O failures; unsafe ones (create) only after 429 and
 * failures before the request was sent, their bodies one-shot so that OkHttp never re-sends them on its own. Out of
 * attempts, a transient failure becomes a {@link QuantTransportException} and any other error status a
 * {@link QuantApiException}.
 */
final class QuantTransport {
    private static final Logger LOG = Logger.getLogger(QuantTransport.class.getName());
    private static final MediaType JSON = MediaType.get("application/json");
    /** Error bodies are read only this far: enough for any error document, bounded for a runaway proxy page. */
    private static final long MAX_ERROR_BODY = 64 * 1024;

    /** How the transport waits between attempts; tests replace it so they never sleep. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;

        Sleeper REAL = d -> {
            if (!d.isZero() && !d.isNegative()) {
                Thread.sleep(d.toMillis());
            }
        };
    }

    private final OkHttpClient http;
    private final HttpUrl baseUrl;
    private final String token;
    private final String organisation;
    private final RetryPolicy policy;
    private final RequestBudget budget;
    private final Sleeper sleeper;
    private final Clock clock;
    private final DoubleSupplier random;
    private final RetryWait waits;
    private final Redactor redactor;

    QuantTransport(OkHttpClient http, HttpUrl baseUrl, String token, String organisation, RetryPolicy policy,
            RequestBudget budget, Sleeper sleeper, Clock clock, DoubleSupplier random) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.token = token;
        this.organisation = organisation;
        this.policy = policy;
        this.budget = budget;
        this.sleeper = sleeper;
        this.clock = clock;
        this.random = random;
        this.waits = new RetryWait(policy, random);
        this.redactor = Redactor.of(List.of(token));
    }

    /** The same transport with another policy or budget (null keeps the current one). */
    QuantTransport with(RetryPolicy newPolicy, RequestBudget newBudget) {
        return new QuantTransport(http, baseUrl, token, organisation, newPolicy == null ? policy : newPolicy,
                newBudget == null ? budget : newBudget, sleeper, clock, random);
    }

    RetryPolicy policy() {
        return policy;
    }

    /** Sends the call; returns the body of a 2xx answer (empty when there was none). */
    String execute(QuantCall call) {
        boolean mayHaveBeenProcessed = false;
        for (int attempt = 1; ; attempt++) {
            acquire(call);
            SentMarker marker = new SentMarker();
            Response response;
            try {
                response = http.newCall(build(call, marker)).execute();
            } catch (IOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new QuantTransportException("Interrupted during " + call.describe(), e, 0, null, marker.sent());
                }
                mayHaveBeenProcessed |= marker.sent();
                String what = describe(e);
                if ((call.safe() || !marker.sent()) && attempt < policy.maxAttempts()) {
                    pause(call, attempt, Optional.empty(), what);
                    continue;
                }
                throw new QuantTransportException(redactor.redact("Could not complete " + call.describe() + " at "
                        + display(baseUrl) + ": " + what + attempts(attempt)
                        + (marker.sent() && !call.safe() ? ". The request was sent and may have been processed" : "")),
                        e, 0, null, mayHaveBeenProcessed);
            }
            try (response) {
                int status = response.code();
                ResponseBody body = response.body();
                String contentType = body.contentType() == null ? null : body.contentType().toString();
                if (status >= 200 && status < 300) {
                    return readAll(call, body);
                }
                if (status == 404 && call.notFoundIsDone() && mayHaveBeenProcessed) {
                    return "";
                }
                QuantApiException error = QuantErrorResponses.toException(call, status, contentType, readCapped(body),
                        organisation, redactor);
                if (!error.isTransient()) {
                    throw error;
                }
                Optional<Duration> retryAfter = RetryWait.parse(response.header("Retry-After"), clock.instant());
                if (status == 429) {
                    budget.onRateLimited(retryAfter.orElse(max(waits.ceiling(attempt), Duration.ofSeconds(1))));
                } else {
                    // A gateway may give up while Quant works on: the call may have taken effect.
                    mayHaveBeenProcessed = true;
                }
                if ((call.safe() || status == 429) && attempt < policy.maxAttempts()) {
                    pause(call, attempt, retryAfter, Integer.toString(status));
                    continue;
                }
                throw new QuantTransportException(error.getMessage() + attempts(attempt)
                        + retryAfter.map(d -> "; Quant asks to wait " + d.toSeconds() + " s").orElse(""), error, status,
                        retryAfter.orElse(null), mayHaveBeenProcessed);
            }
        }
    }

    private Request build(QuantCall call, SentMarker marker) {
        HttpUrl.Builder url = baseUrl.newBuilder();
        call.pathSegments().forEach(url::addPathSegment);
        call.query().forEach(url::addQueryParameter);
        RequestBody body = null;
        if (call.jsonBody() != null) {
            body = new JsonBody(call.jsonBody(), !call.safe());
        } else if (call.method().equals("POST") || call.method().equals("PUT")) {
            body = RequestBody.create(new byte[0], null);
        }
        return new Request.Builder()
                .url(url.build())
                .method(call.method(), body)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .header("User-Agent", "maia-agent-tasks-quant")
                .tag(SentMarker.class, marker)
                .build();
    }

    private void acquire(QuantCall call) {
        try {
            budget.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QuantTransportException("Interrupted while waiting for the request budget before "
                    + call.describe(), e, 0, null, false);
        }
    }

    private void pause(QuantCall call, int attempt, Optional<Duration> retryAfter, String reason) {
        Duration delay = waits.before(attempt, retryAfter);
        LOG.log(Level.FINE, "{0}: {1}; attempt {2} of {3}, retrying in {4} ms",
                new Object[] {call.describe(), reason, attempt, policy.maxAttempts(), delay.toMillis()});
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QuantTransportException("Interrupted while waiting to retry " + call.describe(), e, 0, null, false);
        }
    }

    private static String readAll(QuantCall call, ResponseBody body) {
        try {
            return body.string();
        } catch (IOException e) {
            // Quant answered 2xx, so the call took effect; only the body was lost.
            throw new QuantTransportException("Quant accepted " + call.describe() + " but the response body could not"
                    + " be read: " + describe(e), e, 0, null, true);
        }
    }

    private static String readCapped(ResponseBody body) {
        try {
            var source = body.source();
            source.request(MAX_ERROR_BODY);
            return source.getBuffer().readUtf8(Math.min(source.getBuffer().size(), MAX_ERROR_BODY));
        } catch (IOException e) {
            return "";
        }
    }

    static String display(HttpUrl url) {
        String text = url.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    private static String describe(IOException e) {
        String msg = e.getMessage();
        String kind = e.getClass().getSimpleName();
        return msg == null || msg.isBlank() ? kind : kind + " (" + BodyExcerpt.oneLine(msg, 200) + ")";
    }

    private static String attempts(int attempt) {
        return attempt > 1 ? " (after " + attempt + " attempts)" : "";
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** A JSON body; one-shot for unsafe calls so that OkHttp never re-sends it on its own after a failure. */
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
