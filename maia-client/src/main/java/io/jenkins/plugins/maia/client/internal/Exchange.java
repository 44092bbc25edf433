package io.jenkins.plugins.maia.client.internal;

import io.jenkins.plugins.maia.client.MaiaApiException;
import io.jenkins.plugins.maia.client.MaiaException;
import io.jenkins.plugins.maia.client.MaiaTransportException;
import io.jenkins.plugins.maia.client.RetryPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The attempts of one {@link ApiRequest}, one at a time: the bearer token, the HTTP exchange, error mapping, and what
 * comes next. It never waits: whoever drives it (the {@link Transport}'s loop, which sleeps, or its scheduled form,
 * which reschedules) waits for the budget before each attempt and for the delay an attempt asks for.
 *
 * <ul>
 *   <li>A 401 invalidates the token and asks for one more attempt at once, with a fresh token; that extra attempt
 *       does not count against {@link RetryPolicy#maxAttempts()}.</li>
 *   <li>SAFE calls are retried after a transient status ({@link MaiaException#TRANSIENT_STATUSES}: 408, 425, 429,
 *       500, 502, 503, 504) and any I/O failure. UNSAFE calls only after 429 and after
 *       failures before the request was sent ({@link SendMarker}).</li>
 *   <li>Every 429 is reported to the budget ({@code onRateLimited}) with the server's Retry-After, or the backoff
 *       step (at least 1 s) when it gave none.</li>
 *   <li>When the retries are used up, a retryable status or I/O failure becomes a {@link MaiaTransportException}
 *       (status, Retry-After, and whether the request may have been processed); every other error status becomes a
 *       {@link MaiaApiException}.</li>
 * </ul>
 *
 * <p>Not thread-safe: one attempt at a time, which both drivers guarantee.
 */
public final class Exchange {
    private static final Logger LOG = Logger.getLogger(Exchange.class.getName());
    /** Error bodies are read only this far: enough for any problem document, bounded for a runaway proxy page. */
    private static final long MAX_ERROR_BODY = 64 * 1024;

    /** What an attempt came to, when it did not fail for good (that it throws). */
    public sealed interface Outcome permits Answered, Again, RetryIn {}

    /** A 2xx answer, its body read. */
    public record Answered(ApiResponse response) implements Outcome {}

    /** Attempt again at once (with a fresh token after a 401), without waiting for a backoff. */
    public record Again() implements Outcome {}

    /** Attempt again after {@code delay} (the backoff, or the server's Retry-After capped by the policy). */
    public record RetryIn(Duration delay) implements Outcome {}

    private static final Again AGAIN = new Again();

    private final Transport transport;
    private final ApiRequest req;
    private int attempt;
    private boolean authRetried;
    private boolean mayHaveBeenProcessed;

    Exchange(Transport transport, ApiRequest req) {
        this.transport = transport;
        this.req = req;
    }

    public ApiRequest request() {
        return req;
    }

    /** Makes one attempt (without taking from the budget: the driver did). */
    public Outcome next() {
        RetryPolicy policy = transport.policy();
        attempt++;
        String token;
        try {
            token = transport.tokens().accessToken();
        } catch (IOException | MaiaTransportException e) {
            // The API has not seen this attempt, so retrying is safe even for a create.
            Optional<Duration> retryAfter = e instanceof MaiaTransportException t ? t.retryAfter() : Optional.empty();
            if (attempt < policy.maxAttempts()) {
                return retry(retryAfter, "no access token: " + e.getMessage());
            }
            throw new MaiaTransportException("Could not get an access token for " + req.describe()
                    + attempts() + ": " + Redaction.redact(e.getMessage()), e, 0, retryAfter.orElse(null),
                    mayHaveBeenProcessed);
        }
        SendMarker marker = new SendMarker();
        Request request = transport.build(req, token, marker);
        Response response;
        try {
            response = transport.http().newCall(request).execute();
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new MaiaTransportException("Interrupted during " + req.describe(), e, 0, null, marker.sent());
            }
            boolean sent = marker.sent();
            mayHaveBeenProcessed |= sent;
            boolean retryable = req.retry() == ApiRequest.RetryMode.SAFE || !sent;
            String what = describe(e);
            if (retryable && attempt < policy.maxAttempts()) {
                return retry(Optional.empty(), what);
            }
            throw new MaiaTransportException(ioMessage(what, sent, token), e, 0, null, mayHaveBeenProcessed);
        }
        try (response) {
            return answer(response, token, policy);
        }
    }

    private Outcome answer(Response response, String token, RetryPolicy policy) {
        int status = response.code();
        ResponseBody body = response.body();
        String contentType = body.contentType() == null ? null : body.contentType().toString();
        if (status >= 200 && status < 300) {
            return new Answered(new ApiResponse(status, HttpStatusText.of(status, response.message()), contentType,
                    readAll(body)));
        }
        String text = readCapped(body);
        MaiaApiException error = ErrorResponses.toException("Maia API", req.describe(), status, response.message(),
                contentType, text, token);
        if (status == 401 && !authRetried) {
            authRetried = true;
            attempt--;
            transport.tokens().invalidate(token);
            LOG.log(Level.FINE, "{0}: 401, retrying once with a new token", req.describe());
            return AGAIN;
        }
        if (status == 404 && req.notFoundIsDoneAfterAmbiguousAttempt() && mayHaveBeenProcessed) {
            return new Answered(new ApiResponse(status, HttpStatusText.of(status, response.message()), contentType,
                    new byte[0]));
        }
        if (status == 429) {
            Optional<Duration> retryAfter = RetryAfter.parse(response.header("Retry-After"),
                    transport.clock().instant());
            transport.budget().onRateLimited(retryAfter.orElse(max(transport.backoff().ceiling(attempt),
                    Duration.ofSeconds(1))));
            if (attempt < policy.maxAttempts()) {
                return retry(retryAfter, "429");
            }
            throw new MaiaTransportException("Maia API " + (attempt > 1 ? "kept answering" : "answered")
                    + " 429 Too Many Requests on " + req.describe()
                    + attempts() + retryAfter.map(d -> "; it asks to wait " + seconds(d)).orElse("")
                    + ". Wait and try again, or lower the request rate",
                    error, status, retryAfter.orElse(null), mayHaveBeenProcessed);
        }
        if (MaiaException.isTransientStatus(status)) {
            // 408, 425, 500, 502-504 (429 was handled above). 503 often means "not processed", but a gateway may also
            // give up while the backend works on, and a 500 may come after the work was done: never assume it was not.
            mayHaveBeenProcessed = true;
            Optional<Duration> retryAfter = RetryAfter.parse(response.header("Retry-After"),
                    transport.clock().instant());
            if (req.retry() == ApiRequest.RetryMode.SAFE && attempt < policy.maxAttempts()) {
                return retry(retryAfter, Integer.toString(status));
            }
            String note = req.retry() == ApiRequest.RetryMode.UNSAFE
                    ? ". The request may or may not have been processed: read the task again before repeating it"
                    : "";
            throw new MaiaTransportException(error.getMessage() + attempts() + note, error, status,
                    retryAfter.orElse(null), true);
        }
        throw error;
    }

    private RetryIn retry(Optional<Duration> retryAfter, String reason) {
        Duration delay = transport.backoff().delay(attempt, retryAfter);
        LOG.log(Level.FINE, "{0}: {1}; attempt {2} of {3}, retrying in {4} ms",
                new Object[] {req.describe(), reason, attempt, transport.policy().maxAttempts(), delay.toMillis()});
        return new RetryIn(delay);
    }

    private byte[] readAll(ResponseBody body) {
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

    private String ioMessage(String what, boolean sent, String token) {
        String head = "Could not complete " + req.describe() + " at " + EndpointUrl.display(transport.baseUrl())
                + ": " + what + attempts();
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

    private String attempts() {
        return attempt > 1 ? " (after " + attempt + " attempts)" : "";
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + " s";
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
