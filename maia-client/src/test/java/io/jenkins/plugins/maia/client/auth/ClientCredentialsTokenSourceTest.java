package io.jenkins.plugins.maia.client.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.maia.client.InvalidRequestException;
import io.jenkins.plugins.maia.client.MaiaApiException;
import io.jenkins.plugins.maia.client.MaiaException;
import io.jenkins.plugins.maia.client.MaiaTransportException;
import io.jenkins.plugins.maia.client.MutableClock;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClientCredentialsTokenSourceTest {
    static final String SECRET = "cs-SECRET-9f8e7d6c5b4a";
    static final String CLIENT = "my-client-id";

    MockWebServer idp;
    MutableClock clock = new MutableClock(Instant.parse("2026-04-08T10:00:00Z"));

    @BeforeEach
    void start() throws IOException {
        idp = new MockWebServer();
        idp.start();
    }

    @AfterEach
    void stop() {
        idp.close();
    }

    ClientCredentialsTokenSource source() {
        return ClientCredentialsTokenSource.create(null, idp.url("/oauth/dpc/token").toString(), CLIENT, SECRET, null, clock);
    }

    static MockResponse token(String token, Integer expiresIn) {
        String body = expiresIn == null ? "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\"}"
                : "{\"access_token\":\"" + token + "\",\"expires_in\":" + expiresIn + ",\"token_type\":\"Bearer\"}";
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(body).build();
    }

    static Map<String, String> form(RecordedRequest r) {
        Map<String, String> out = new HashMap<>();
        for (String pair : r.getBody().utf8().split("&")) {
            String[] kv = pair.split("=", 2);
            out.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void postsTheClientCredentialsForm() throws Exception {
        idp.enqueue(token("access-1", 1800));

        assertThat(source().accessToken()).isEqualTo("access-1");

        RecordedRequest r = idp.takeRequest(1, TimeUnit.SECONDS);
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getTarget()).isEqualTo("/oauth/dpc/token");
        assertThat(r.getHeaders().get("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(r.getHeaders().get("Authorization")).isNull();
        assertThat(form(r)).containsExactlyInAnyOrderEntriesOf(Map.of("grant_type", "client_credentials",
                "client_id", CLIENT, "client_secret", SECRET, "audience", "https://api.matillion.com"));
    }

    @Test
    void aCustomAudienceIsSent() throws Exception {
        idp.enqueue(token("access-1", 1800));
        ClientCredentialsTokenSource.create(null, idp.url("/t").toString(), CLIENT, SECRET, "https://aud.example").accessToken();
        assertThat(form(idp.takeRequest(1, TimeUnit.SECONDS))).containsEntry("audience", "https://aud.example");
    }

    @Test
    void theTokenIsCachedAndRenewedAMinuteBeforeExpiresIn() {
        idp.enqueue(token("access-1", 600));
        idp.enqueue(token("access-2", 600));
        ClientCredentialsTokenSource source = source();

        assertThat(source.accessToken()).isEqualTo("access-1");
        clock.advance(Duration.ofSeconds(539));
        assertThat(source.accessToken()).isEqualTo("access-1");
        assertThat(idp.getRequestCount()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(source.accessToken()).isEqualTo("access-2");
        assertThat(idp.getRequestCount()).isEqualTo(2);
    }

    @Test
    void withoutExpiresInTheTokenLastsThirtyMinutes() {
        idp.enqueue(token("access-1", null));
        idp.enqueue(token("access-2", null));
        ClientCredentialsTokenSource source = source();

        source.accessToken();
        clock.advance(Duration.ofMinutes(29).minusSeconds(1));
        assertThat(source.accessToken()).isEqualTo("access-1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(source.accessToken()).isEqualTo("access-2");
    }

    @Test
    void aVeryShortLifetimeIsRenewedAtHalfTime() {
        idp.enqueue(token("access-1", 60));
        idp.enqueue(token("access-2", 60));
        ClientCredentialsTokenSource source = source();
        source.accessToken();
        clock.advance(Duration.ofSeconds(29));
        assertThat(source.accessToken()).isEqualTo("access-1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(source.accessToken()).isEqualTo("access-2");
    }

    @Test
    void invalidateForgetsOnlyTheRefusedToken() {
        idp.enqueue(token("access-1", 1800));
        idp.enqueue(token("access-2", 1800));
        ClientCredentialsTokenSource source = source();

        source.accessToken();
        source.invalidate("some-older-token");
        assertThat(source.accessToken()).isEqualTo("access-1");
        source.invalidate("access-1");
        assertThat(source.accessToken()).isEqualTo("access-2");
        assertThat(idp.getRequestCount()).isEqualTo(2);
    }

    @Test
    void concurrentCallersShareOneFetch() throws Exception {
        int threads = 8;
        CountDownLatch allCalling = new CountDownLatch(threads);
        AtomicInteger fetches = new AtomicInteger();
        idp.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                fetches.incrementAndGet();
                allCalling.await(5, TimeUnit.SECONDS);
                return token("shared-token", 1800);
            }
        });
        ClientCredentialsTokenSource source = source();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    allCalling.countDown();
                    return source.accessToken();
                }));
            }
            for (Future<String> f : results) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("shared-token");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(fetches).hasValue(1);
    }

    @Test
    void aRefusalSaysWhatToCheckWithoutTheSecret() {
        idp.enqueue(new MockResponse.Builder().code(401).setHeader("Content-Type", "application/json")
                .body("{\"error\":\"invalid_client\",\"error_description\":\"Unauthorized: client_secret=" + SECRET + "\"}")
                .build());

        MaiaApiException e = catchThrowableOfType(MaiaApiException.class, () -> source().accessToken());

        assertThat(e.status()).isEqualTo(401);
        assertThat(e.getMessage()).startsWith("Maia token endpoint 401 Unauthorized on POST " + idp.url("/oauth/dpc/token")
                + ": Unauthorized: client_secret=****").contains("client id '" + CLIENT + "'").doesNotContain(SECRET);
        assertThat(e.detail()).doesNotContain(SECRET);
    }

    @Test
    void anOutageIsATransportFailure() {
        idp.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "9").body("<h1>down</h1>").build());
        MaiaTransportException e = catchThrowableOfType(MaiaTransportException.class, () -> source().accessToken());
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(9));
        assertThat(e.getMessage()).contains("503 Service Unavailable").contains("down").doesNotContain(SECRET);
    }

    @Test
    void anUnreachableEndpointIsATransportFailure() {
        String url = idp.url("/token").toString();
        idp.close();
        MaiaTransportException e = catchThrowableOfType(MaiaTransportException.class,
                () -> ClientCredentialsTokenSource.create(null, url, CLIENT, SECRET).accessToken());
        assertThat(e.getMessage()).startsWith("Could not reach the Maia token endpoint " + url + ": ConnectException")
                .doesNotContain(SECRET);
    }

    @Test
    void aSuccessWithoutATokenNeverQuotesTheBody() {
        idp.enqueue(new MockResponse.Builder().code(200).body("{\"token\":\"leaky-token-value\",\"expires\":5}").build());
        idp.enqueue(new MockResponse.Builder().code(200).body("access_token=leaky-token-value").build());
        ClientCredentialsTokenSource source = source();

        MaiaException missing = catchThrowableOfType(MaiaException.class, source::accessToken);
        MaiaException notJson = catchThrowableOfType(MaiaException.class, source::accessToken);

        assertThat(missing.getMessage()).endsWith("without an access_token (fields: token, expires)")
                .doesNotContain("leaky-token-value");
        assertThat(notJson.getMessage()).contains("not a JSON token response").doesNotContain("leaky-token-value");
    }

    @Test
    void badSettingsAreReportedTogetherWithoutTheSecret() {
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
                () -> ClientCredentialsTokenSource.create(null, "http://id.example.com/token", " ", null));
        assertThat(e.violations()).extracting(InvalidRequestException.Violation::field)
                .containsExactly("tokenUrl", "clientId", "clientSecret");
        assertThat(e.violations().get(0).message()).contains("plain http");

        InvalidRequestException blankAudience = catchThrowableOfType(InvalidRequestException.class,
                () -> ClientCredentialsTokenSource.create(null, null, CLIENT, SECRET, " "));
        assertThat(blankAudience.getMessage()).contains("audience").doesNotContain(SECRET);
    }

    @Test
    void defaultsAndIdentity() {
        ClientCredentialsTokenSource source = ClientCredentialsTokenSource.create(null, null, " " + CLIENT + " ", SECRET);
        assertThat(source.tokenUrl()).isEqualTo(ClientCredentialsTokenSource.DEFAULT_TOKEN_URL);
        assertThat(source.identity()).isEqualTo("client:" + CLIENT);
        assertThat(source.clientId()).isEqualTo(CLIENT);
        assertThat(source.toString()).contains(CLIENT).contains("****").doesNotContain(SECRET);
        assertThat(ClientCredentialsTokenSource.create(null, "http://localhost:9/token/", CLIENT, SECRET).tokenUrl())
                .isEqualTo("http://localhost:9/token");
    }
}
