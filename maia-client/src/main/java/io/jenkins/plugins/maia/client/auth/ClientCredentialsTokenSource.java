package io.jenkins.plugins.maia.client.auth;

import io.jenkins.plugins.maia.client.AccessTokenSource;
import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.maia.client.MaiaException;
import io.jenkins.plugins.maia.client.MaiaTransportException;
import io.jenkins.plugins.maia.client.internal.EndpointUrl;
import io.jenkins.plugins.maia.client.internal.ErrorResponses;
import io.jenkins.plugins.maia.client.internal.DefaultHttpClient;
import io.jenkins.plugins.maia.client.internal.HttpStatusText;
import io.jenkins.plugins.maia.client.internal.MaiaJson;
import io.jenkins.plugins.maia.client.internal.Redaction;
import io.jenkins.plugins.maia.client.internal.RetryAfter;
import io.jenkins.plugins.maia.client.internal.TextExcerpt;
import io.jenkins.plugins.maia.client.internal.Violations;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * OAuth2 client credentials: form POST of grant_type, client_id, client_secret and audience to the token
 * URL; the token is cached and refreshed before it expires.
 *
 * <ul>
 *   <li>Lifetime: {@code expires_in} of the token response when present, else 30 minutes (Matillion's
 *       documented lifetime). A token is renewed 60 s before it expires (half its lifetime if that is
 *       shorter), and at once after {@link #invalidate} (the API answered 401).</li>
 *   <li>Thread-safe: many callers share one cached token, and only one fetch runs at a time; callers that
 *       arrive during a fetch wait for its result instead of fetching again.</li>
 *   <li>Errors: an unreachable endpoint, 429 or 5xx give a {@link MaiaTransportException} (the client retries
 *       these like connection failures); a refusal (400/401/403) gives a
 *       {@link io.jenkins.plugins.maia.client.MaiaApiException} naming the client id and the token URL.
 *       No message or {@link #toString()} ever contains the secret or a token.</li>
 * </ul>
 */
public final class ClientCredentialsTokenSource implements AccessTokenSource {

    /** Matillion's token endpoint, the same for every region. */
    public static final String DEFAULT_TOKEN_URL = "https://id.core.matillion.com/oauth/dpc/token";
    /** The audience Matillion's own Terraform provider sends. */
    public static final String DEFAULT_AUDIENCE = "https://api.matillion.com";
    /** Lifetime assumed when the token response has no {@code expires_in}. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(30);
    /** A token is renewed this long before it expires. */
    public static final Duration REFRESH_MARGIN = Duration.ofSeconds(60);
    private static final Duration MAX_LIFETIME = Duration.ofDays(1);

    private final OkHttpClient http;
    private final HttpUrl tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final String audience;
    private final Clock clock;
    private final Object fetchLock = new Object();
    private final AtomicReference<Cached> cached = new AtomicReference<>();

    private record Cached(String token, Instant renewAt) {
        @Override
        public String toString() {
            return "Cached[renewAt=" + renewAt + "]";
        }
    }

    private ClientCredentialsTokenSource(OkHttpClient http, HttpUrl tokenUrl, String clientId, String clientSecret,
            String audience, Clock clock) {
        this.http = http;
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.audience = audience;
        this.clock = clock;
    }

    /**
     * With the default audience. {@code http} null = a default client; {@code tokenUrl} null =
     * {@link #DEFAULT_TOKEN_URL}.
     */
    public static ClientCredentialsTokenSource create(OkHttpClient http, String tokenUrl, String clientId, String clientSecret) {
        return create(http, tokenUrl, clientId, clientSecret, DEFAULT_AUDIENCE);
    }

    /**
     * {@code http} null = a default client; {@code tokenUrl} null = {@link #DEFAULT_TOKEN_URL};
     * {@code audience} null = {@link #DEFAULT_AUDIENCE}.
     *
     * @throws io.jenkins.plugins.maia.client.InvalidRequestException naming {@code tokenUrl}, {@code clientId},
     *     {@code clientSecret} or {@code audience}, all problems at once (never quoting the secret)
     */
    public static ClientCredentialsTokenSource create(OkHttpClient http, String tokenUrl, String clientId,
            String clientSecret, String audience) {
        return create(http, tokenUrl, clientId, clientSecret, audience, Clock.systemUTC());
    }

    static ClientCredentialsTokenSource create(OkHttpClient http, String tokenUrl, String clientId,
            String clientSecret, String audience, Clock clock) {
        Violations v = new Violations();
        HttpUrl url = EndpointUrl.check("tokenUrl", tokenUrl == null ? DEFAULT_TOKEN_URL : tokenUrl, DEFAULT_TOKEN_URL, v);
        String id = clientId == null ? "" : clientId.strip();
        if (id.isEmpty()) {
            v.add("clientId", "is missing; copy the Client ID of the API credential (Maia: Manage API credentials)");
        }
        String secret = clientSecret == null ? "" : clientSecret.strip();
        if (secret.isEmpty()) {
            v.add("clientSecret", "is missing; give the Client Secret shown when the API credential was created");
        }
        String aud = audience == null ? DEFAULT_AUDIENCE : audience.strip();
        if (aud.isEmpty()) {
            v.add("audience", "is blank; leave it unset for " + DEFAULT_AUDIENCE);
        }
        v.throwIfAny();
        return new ClientCredentialsTokenSource(http == null ? DefaultHttpClient.shared() : http, url, id, secret, aud, clock);
    }

    @Override
    public String accessToken() {
        Cached current = cached.get();
        if (current != null && clock.instant().isBefore(current.renewAt())) {
            return current.token();
        }
        synchronized (fetchLock) {
            current = cached.get();
            if (current != null && clock.instant().isBefore(current.renewAt())) {
                return current.token();
            }
            Cached fresh = fetch();
            cached.set(fresh);
            return fresh.token();
        }
    }

    /** Forgets {@code token} if it is the cached one (a newer token fetched meanwhile is kept). */
    @Override
    public void invalidate(String token) {
        Cached current = cached.get();
        if (current != null && current.token().equals(token)) {
            cached.compareAndSet(current, null);
        }
    }

    /** {@code client:} and the client id (not a secret). */
    @Override
    public String identity() {
        return "client:" + clientId;
    }

    /** The token endpoint, e.g. {@link #DEFAULT_TOKEN_URL}. */
    public String tokenUrl() {
        return EndpointUrl.display(tokenUrl);
    }

    public String clientId() {
        return clientId;
    }

    @Override
    public String toString() {
        return "ClientCredentialsTokenSource[tokenUrl=" + tokenUrl() + ", clientId=" + clientId + ", clientSecret=****]";
    }

    private Cached fetch() {
        Instant requestedAt = clock.instant();
        Request request = new Request.Builder()
                .url(tokenUrl)
                .header("Accept", "application/json")
                .post(new FormBody.Builder()
                        .add("grant_type", "client_credentials")
                        .add("client_id", clientId)
                        .add("client_secret", clientSecret)
                        .add("audience", audience)
                        .build())
                .build();
        String call = "POST " + tokenUrl();
        try (Response response = http.newCall(request).execute()) {
            int status = response.code();
            String contentType = response.body().contentType() == null ? null : response.body().contentType().toString();
            String body = response.body().string();
            if (status >= 200 && status < 300) {
                return parse(body, requestedAt, HttpStatusText.of(status, response.message()), call);
            }
            var error = ErrorResponses.toException("Maia token endpoint", call, status, response.message(), contentType,
                    body, refusalHint(status), new String[] {clientSecret});
            if (status == 429 || status >= 500) {
                Duration retryAfter = RetryAfter.parse(response.header("Retry-After"), clock.instant()).orElse(null);
                throw new MaiaTransportException(error.getMessage(), error, status, retryAfter, false);
            }
            throw error;
        } catch (IOException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getClass().getSimpleName() + " (" + TextExcerpt.oneLine(e.getMessage(), 200) + ")";
            throw new MaiaTransportException(Redaction.redact("Could not reach the Maia token endpoint " + tokenUrl()
                    + ": " + reason, clientSecret), e, 0, null, false);
        }
    }

    private String refusalHint(int status) {
        if (status == 400 || status == 401 || status == 403) {
            return "Check the client secret and the client id '" + clientId + "' (Maia: Manage API credentials), and"
                    + " the audience " + audience;
        }
        return "";
    }

    /** Never quotes the body: a 2xx token response holds a token even when its shape is unexpected. */
    private Cached parse(String body, Instant requestedAt, String statusText, String call) {
        JsonNode node;
        try {
            node = MaiaJson.mapper().readTree(body);
        } catch (IOException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            throw new MaiaException("The Maia token endpoint answered " + statusText + " to " + call
                    + " with a body that is not a JSON token response");
        }
        JsonNode tokenNode = node.get("access_token");
        String token = tokenNode == null || !tokenNode.isTextual() ? "" : tokenNode.asText().strip();
        if (token.isEmpty()) {
            List<String> fields = new ArrayList<>();
            node.fieldNames().forEachRemaining(fields::add);
            throw new MaiaException("The Maia token endpoint answered " + statusText + " to " + call
                    + " without an access_token (fields: " + TextExcerpt.oneLine(String.join(", ", fields), 200) + ")");
        }
        if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new MaiaException("The Maia token endpoint answered " + call
                    + " with an access_token that cannot be sent in an HTTP header");
        }
        Duration lifetime = lifetime(node.get("expires_in"));
        Duration margin = REFRESH_MARGIN.compareTo(lifetime.dividedBy(2)) < 0 ? REFRESH_MARGIN : lifetime.dividedBy(2);
        return new Cached(token, requestedAt.plus(lifetime).minus(margin));
    }

    private static Duration lifetime(JsonNode expiresIn) {
        long seconds = 0;
        if (expiresIn != null && expiresIn.isNumber()) {
            seconds = expiresIn.asLong();
        } else if (expiresIn != null && expiresIn.isTextual() && expiresIn.asText().strip().matches("\\d{1,9}")) {
            seconds = Long.parseLong(expiresIn.asText().strip());
        }
        if (seconds <= 0) {
            return DEFAULT_LIFETIME;
        }
        Duration d = Duration.ofSeconds(seconds);
        return d.compareTo(MAX_LIFETIME) > 0 ? MAX_LIFETIME : d;
    }
}
