package io.jenkins.plugins.maia.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackoffTest {
    final RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMinutes(2));

    @Test
    void fullJitterBetweenZeroAndTheCappedExponentialStep() {
        assertThat(new Backoff(policy, () -> 0.0).delay(3, Optional.empty())).isEqualTo(Duration.ZERO);
        assertThat(new Backoff(policy, () -> 0.999).delay(3, Optional.empty())).isEqualTo(Duration.ofMillis(1998));
        assertThat(new Backoff(policy, () -> 0.5).ceiling(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(new Backoff(policy, () -> 0.5).ceiling(7)).isEqualTo(Duration.ofSeconds(30));
        assertThat(new Backoff(policy, () -> 0.5).ceiling(200)).as("no overflow").isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void theDoublingStepIsCappedAndNeverOverflows() {
        Duration second = Duration.ofSeconds(1);
        Duration minute = Duration.ofSeconds(60);
        assertThat(Backoff.doubling(second, minute, 1)).isEqualTo(second);
        assertThat(Backoff.doubling(second, minute, 0)).as("no failure yet counts as the first").isEqualTo(second);
        assertThat(Backoff.doubling(second, minute, 4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(Backoff.doubling(second, minute, 7)).isEqualTo(minute);
        assertThat(Backoff.doubling(second, minute, 10_000)).isEqualTo(minute);
        assertThat(Backoff.doubling(Duration.ofMillis(100), Duration.ofDays(365 * 400), 70))
                .as("a cap beyond what nanoseconds hold").isPositive();
    }

    @Test
    void retryAfterWinsButIsCapped() {
        Backoff backoff = new Backoff(policy, () -> 0.5);
        assertThat(backoff.delay(1, Optional.of(Duration.ofSeconds(42)))).isEqualTo(Duration.ofSeconds(42));
        assertThat(backoff.delay(1, Optional.of(Duration.ofHours(1)))).isEqualTo(Duration.ofMinutes(2));
    }
}
