package io.jenkins.plugins.maia.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * Faults the sandbox injects into API responses, each with its own probability (0 = never, 1 = always), rolled
 * per request with the server's seeded random so that a run can be repeated. The token endpoint is spared unless
 * {@link #includeTokenEndpoint()}.
 *
 * <p>Per request, in order: latency is added to whatever is answered; a dropped connection closes the exchange
 * before anything is done; a 429, a 502/503/504 problem or an HTML error page answers instead of the API;
 * a hang reads the request and never answers (the client's read timeout ends the call; nothing was done);
 * {@code expireToken} expires the presented issued token (the request gets 401). After the request was handled
 * (so a create <em>did</em> create its task), a dropped response closes the exchange without answering, and a
 * slow response is held back for {@link #slowResponseDelay()} (set it past the client's read timeout).
 *
 * @param latency             added to every response (also fault responses)
 * @param latencyJitter       up to this much more, uniformly random
 * @param tooManyRequests     probability of a 429 with {@code Retry-After: retryAfterSeconds}
 * @param retryAfterSeconds   the Retry-After of injected 429s
 * @param badGateway          probability of a 502 problem ("Upstream service error")
 * @param serviceUnavailable  probability of a 503 problem
 * @param gatewayTimeout      probability of a 504 problem ("Upstream service timeout")
 * @param htmlErrorPage       probability of an HTML error page (as a proxy would send) instead of JSON
 * @param htmlErrorStatus     the status of that page
 * @param dropConnection      probability of closing the connection before handling (nothing happened)
 * @param hang                probability of keeping the connection open without handling or answering, as a server
 *                            that accepts connections but never responds (nothing happened)
 * @param dropResponse        probability of closing the connection after handling (the change did happen)
 * @param slowResponse        probability of holding the response back
 * @param slowResponseDelay   how long
 * @param expireToken         probability that the presented issued token expires now (401, "token expired")
 * @param tokenLifetime       lifetime of issued tokens when set (short values exercise renewal); null keeps
 *                            {@link SandboxOptions#tokenLifetime()}
 * @param includeTokenEndpoint whether the probabilistic faults also hit the token endpoint
 */
public record Faults(
        Duration latency,
        Duration latencyJitter,
        double tooManyRequests,
        int retryAfterSeconds,
        double badGateway,
        double serviceUnavailable,
        double gatewayTimeout,
        double htmlErrorPage,
        int htmlErrorStatus,
        double dropConnection,
        double hang,
        double dropResponse,
        double slowResponse,
        Duration slowResponseDelay,
        double expireToken,
        Duration tokenLifetime,
        boolean includeTokenEndpoint) {

    public Faults {
        latency = nonNegative(latency, "latency");
        latencyJitter = nonNegative(latencyJitter, "latencyJitter");
        slowResponseDelay = nonNegative(slowResponseDelay, "slowResponseDelay");
        probability(tooManyRequests, "tooManyRequests");
        probability(badGateway, "badGateway");
        probability(serviceUnavailable, "serviceUnavailable");
        probability(gatewayTimeout, "gatewayTimeout");
        probability(htmlErrorPage, "htmlErrorPage");
        probability(dropConnection, "dropConnection");
        probability(hang, "hang");
        probability(dropResponse, "dropResponse");
        probability(slowResponse, "slowResponse");
        probability(expireToken, "expireToken");
        if (retryAfterSeconds < 0) {
            throw new IllegalArgumentException("faults.retryAfterSeconds must not be negative, got " + retryAfterSeconds);
        }
        if (htmlErrorStatus < 400 || htmlErrorStatus > 599) {
            throw new IllegalArgumentException("faults.htmlErrorStatus must be an error status (400-599), got "
                    + htmlErrorStatus);
        }
        if (tokenLifetime != null && (tokenLifetime.isNegative() || tokenLifetime.isZero())) {
            throw new IllegalArgumentException("faults.tokenLifetime must be positive, got " + tokenLifetime);
        }
        double instead = dropConnection + tooManyRequests + badGateway + serviceUnavailable + gatewayTimeout + htmlErrorPage
                + hang;
        if (instead > 1.0 + 1e-9) {
            throw new IllegalArgumentException("faults.dropConnection, tooManyRequests, badGateway, serviceUnavailable,"
                    + " gatewayTimeout, htmlErrorPage and hang exclude one another, so together they must not exceed 1;"
                    + " got " + instead);
        }
        if (dropResponse + slowResponse > 1.0 + 1e-9) {
            throw new IllegalArgumentException("faults.dropResponse and slowResponse exclude one another, so together"
                    + " they must not exceed 1; got " + (dropResponse + slowResponse));
        }
        if (slowResponse > 0 && slowResponseDelay.isZero()) {
            throw new IllegalArgumentException("faults.slowResponse needs a slowResponseDelay (for example 3s,"
                    + " longer than the client's read timeout)");
        }
    }

    /** No faults at all. */
    public static Faults none() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Whether any fault can happen. */
    public boolean any() {
        return !latency.isZero() || !latencyJitter.isZero() || tooManyRequests > 0 || badGateway > 0
                || serviceUnavailable > 0 || gatewayTimeout > 0 || htmlErrorPage > 0 || dropConnection > 0 || hang > 0
                || dropResponse > 0 || slowResponse > 0 || expireToken > 0 || tokenLifetime != null;
    }

    private static Duration nonNegative(Duration value, String name) {
        Objects.requireNonNull(value, "faults." + name);
        if (value.isNegative()) {
            throw new IllegalArgumentException("faults." + name + " must not be negative, got " + value);
        }
        return value;
    }

    private static void probability(double value, String name) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException("faults." + name + " is a probability between 0 and 1, got " + value);
        }
    }

    public static final class Builder {
        private Duration latency = Duration.ZERO;
        private Duration latencyJitter = Duration.ZERO;
        private double tooManyRequests;
        private int retryAfterSeconds = 1;
        private double badGateway;
        private double serviceUnavailable;
        private double gatewayTimeout;
        private double htmlErrorPage;
        private int htmlErrorStatus = 502;
        private double dropConnection;
        private double hang;
        private double dropResponse;
        private double slowResponse;
        private Duration slowResponseDelay = Duration.ZERO;
        private double expireToken;
        private Duration tokenLifetime;
        private boolean includeTokenEndpoint;

        private Builder() {}

        private Builder(Faults f) {
            latency = f.latency;
            latencyJitter = f.latencyJitter;
            tooManyRequests = f.tooManyRequests;
            retryAfterSeconds = f.retryAfterSeconds;
            badGateway = f.badGateway;
            serviceUnavailable = f.serviceUnavailable;
            gatewayTimeout = f.gatewayTimeout;
            htmlErrorPage = f.htmlErrorPage;
            htmlErrorStatus = f.htmlErrorStatus;
            dropConnection = f.dropConnection;
            hang = f.hang;
            dropResponse = f.dropResponse;
            slowResponse = f.slowResponse;
            slowResponseDelay = f.slowResponseDelay;
            expireToken = f.expireToken;
            tokenLifetime = f.tokenLifetime;
            includeTokenEndpoint = f.includeTokenEndpoint;
        }

        /** A fixed delay plus up to {@code jitter} more on every response. */
        public Builder latency(Duration fixed, Duration jitter) {
            this.latency = fixed;
            this.latencyJitter = jitter;
            return this;
        }

        public Builder tooManyRequests(double probability, int retryAfterSeconds) {
            this.tooManyRequests = probability;
            this.retryAfterSeconds = retryAfterSeconds;
            return this;
        }

        public Builder badGateway(double probability) {
            this.badGateway = probability;
            return this;
        }

        public Builder serviceUnavailable(double probability) {
            this.serviceUnavailable = probability;
            return this;
        }

        public Builder gatewayTimeout(double probability) {
            this.gatewayTimeout = probability;
            return this;
        }

        /** 5xx problems with this total probability, split evenly over 502, 503 and 504. */
        public Builder serverErrors(double probability) {
            double each = probability / 3;
            return badGateway(each).serviceUnavailable(each).gatewayTimeout(each);
        }

        public Builder htmlErrorPage(double probability, int status) {
            this.htmlErrorPage = probability;
            this.htmlErrorStatus = status;
            return this;
        }

        public Builder dropConnection(double probability) {
            this.dropConnection = probability;
            return this;
        }

        /**
         * Requests that are read and never answered: the connection stays open until the client gives up (its read
         * timeout) or the server closes. Nothing is done, so a create creates nothing. With 1.0 the server behaves
         * as one that accepts connections but never responds; {@link SandboxServer#faults(Faults)} turns it off
         * again (requests already hanging stay unanswered).
         */
        public Builder hang(double probability) {
            this.hang = probability;
            return this;
        }

        public Builder dropResponse(double probability) {
            this.dropResponse = probability;
            return this;
        }

        public Builder slowResponse(double probability, Duration delay) {
            this.slowResponse = probability;
            this.slowResponseDelay = delay;
            return this;
        }

        public Builder expireToken(double probability) {
            this.expireToken = probability;
            return this;
        }

        public Builder tokenLifetime(Duration lifetime) {
            this.tokenLifetime = lifetime;
            return this;
        }

        public Builder includeTokenEndpoint(boolean include) {
            this.includeTokenEndpoint = include;
            return this;
        }

        public Faults build() {
            return new Faults(latency, latencyJitter, tooManyRequests, retryAfterSeconds, badGateway,
                    serviceUnavailable, gatewayTimeout, htmlErrorPage, htmlErrorStatus, dropConnection, hang,
                    dropResponse, slowResponse, slowResponseDelay, expireToken, tokenLifetime, includeTokenEndpoint);
        }
    }
}
