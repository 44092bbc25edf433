package io.jenkins.plugins.maia.sandbox;

import static io.jenkins.plugins.maia.sandbox.Tasks.PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The enforced per-token rate limit: a burst, then 429 with Retry-After. */
class RateLimitTest {

    @Test
    void burstThen429WithRetryAfterPerToken() throws Exception {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().rateLimit(new RateLimit(60, 3))
                .tokens(Set.of("token-a", "token-b")).build())) {
            Http a = Http.to(sandbox).withToken("token-a");
            Http b = Http.to(sandbox).withToken("token-b");

            for (int i = 0; i < 3; i++) {
                assertThat(a.get(PATH).status()).isEqualTo(200);
            }
            Http.Reply limited = a.get(PATH);

            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.header("Retry-After")).contains("1");
            assertThat(limited.json().get("detail").asText()).contains("retry after 1 second");
            assertThat(b.get(PATH).status()).as("each token has its own bucket").isEqualTo(200);
            assertThat(sandbox.stats().faults(FaultKind.RATE_LIMITED)).isEqualTo(1);
            assertThat(sandbox.stats().tooManyRequestsSent()).isEqualTo(1);
        }
    }

    @Test
    void unauthenticatedRequestsDoNotSpendTheBucket() throws Exception {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().rateLimit(new RateLimit(60, 1)).build())) {
            Http http = Http.to(sandbox);
            assertThat(http.withToken("wrong").get(PATH).status()).isEqualTo(401);

            assertThat(http.get(PATH).status()).isEqualTo(200);
            assertThat(http.get(PATH).status()).isEqualTo(429);
        }
    }

    @Test
    void bucketRefillsAtTheConfiguredRate() {
        AtomicLong now = new AtomicLong();
        RateLimiter limiter = new RateLimiter(new RateLimit(60, 5), now::get);

        for (int i = 0; i < 5; i++) {
            assertThat(limiter.acquire("t")).isEmpty();
        }
        assertThat(limiter.acquire("t")).isEqualTo(OptionalLong.of(1));
        now.addAndGet(500_000_000L); // half a second: half a request back
        assertThat(limiter.acquire("t")).isEqualTo(OptionalLong.of(1));
        now.addAndGet(500_000_000L);
        assertThat(limiter.acquire("t")).isEmpty();
        now.addAndGet(60_000_000_000L); // a minute: full again, never more than the burst
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.acquire("t")).isEmpty();
        }
        assertThat(limiter.acquire("t")).isPresent();
    }

    @Test
    void retryAfterCoversTheWholeWaitForSlowRates() {
        AtomicLong now = new AtomicLong();
        RateLimiter limiter = new RateLimiter(new RateLimit(6, 1), now::get); // one request per 10 s

        assertThat(limiter.acquire("t")).isEmpty();
        assertThat(limiter.acquire("t")).isEqualTo(OptionalLong.of(10));
        now.addAndGet(4_000_000_000L);
        assertThat(limiter.acquire("t")).isEqualTo(OptionalLong.of(6));
    }

    @Test
    void limitsAreChecked() {
        assertThatThrownBy(() -> new RateLimit(0, 5)).hasMessageContaining("requestsPerMinute");
        assertThatThrownBy(() -> new RateLimit(60, 0)).hasMessageContaining("burst");
        assertThat(RateLimit.documentedAverage()).isEqualTo(new RateLimit(60, 5));
    }
}
