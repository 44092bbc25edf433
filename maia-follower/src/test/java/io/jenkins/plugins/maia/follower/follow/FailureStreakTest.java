package io.jenkins.plugins.maia.follower.follow;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.maia.client.MaiaApiException;
import io.jenkins.plugins.maia.client.MaiaException;
import io.jenkins.plugins.maia.client.MaiaTransportException;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one contract after a failed call: wait so long, or stop with this cause. */
class FailureStreakTest {

    private static final MaiaException UNAVAILABLE = new MaiaApiException("Maia API 503", 503, null);

    @Test
    void transientFailuresWaitTheInitialDoublingUpToTheMax() {
        FailureStreak streak = new FailureStreak(Duration.ofSeconds(1), Duration.ofSeconds(5));

        assertThat(streak.onError(UNAVAILABLE, 10)).isEqualTo(new FailureStreak.Wait(Duration.ofSeconds(1)));
        assertThat(streak.onError(UNAVAILABLE, 10)).isEqualTo(new FailureStreak.Wait(Duration.ofSeconds(2)));
        assertThat(streak.onError(UNAVAILABLE, 10)).isEqualTo(new FailureStreak.Wait(Duration.ofSeconds(4)));
        assertThat(streak.onError(UNAVAILABLE, 10)).isEqualTo(new FailureStreak.Wait(Duration.ofSeconds(5)));
        assertThat(streak.count()).isEqualTo(4);
        assertThat(streak.last()).isSameAs(UNAVAILABLE);
    }

    @Test
    void aStreakBoundedInTimeWaitsAtMostUntilTheBoundAndThenStopsWithHowLongItLasted() {
        io.jenkins.plugins.maia.follower.testing.ManualClock clock = new io.jenkins.plugins.maia.follower.testing
                .ManualClock();
        FailureStreak streak = new FailureStreak(Duration.ofSeconds(1), Duration.ofSeconds(60), clock,
                Duration.ofSeconds(10));

        assertThat(streak.onError(UNAVAILABLE, 100)).isEqualTo(new FailureStreak.Wait(Duration.ofSeconds(1)));
        clock.set(clock.instant().plusSeconds(1));
        assertThat(streak.onError(UNAVAILABLE, 100)).isEqualTo(new FailureStreak.Wait(Duration.ofSeconds(2)));
        clock.set(clock.instant().plusSeconds(2));
        assertThat(streak.onError(UNAVAILABLE, 100)).isEqualTo(new FailureStreak.Wait(Duration.ofSeconds(4)));
        clock.set(clock.instant().plusSeconds(4));
        assertThat(streak.onError(UNAVAILABLE, 100)).as("the last attempt comes at the bound")
                .isEqualTo(new FailureStreak.Wait(Duration.ofSeconds(3)));
        clock.set(clock.instant().plusSeconds(3));
        assertThat(streak.onError(UNAVAILABLE, 100)).isEqualTo(new FailureStreak.Stop(UNAVAILABLE, true));
        assertThat(streak.gaveUp("following task t-1")).hasMessage("Gave up following task t-1 after 5 failures in "
                + "a row over 10 s; the last: Maia API 503").hasCause(UNAVAILABLE);
    }

    @Test
    void theLimitInARowStopsWithTheLastFailure() {
        FailureStreak streak = new FailureStreak(Duration.ofSeconds(1), Duration.ofSeconds(60));
        streak.onError(UNAVAILABLE, 3);
        streak.onError(UNAVAILABLE, 3);

        assertThat(streak.onError(UNAVAILABLE, 3)).isEqualTo(new FailureStreak.Stop(UNAVAILABLE, true));
    }

    @Test
    void aFailureTryingAgainCannotCureStopsAtOnceUncounted() {
        FailureStreak streak = new FailureStreak(Duration.ofSeconds(1), Duration.ofSeconds(60));
        MaiaException forbidden = new MaiaApiException("Maia API 403", 403, null);

        assertThat(streak.onError(forbidden, 20)).isEqualTo(new FailureStreak.Stop(forbidden, false));
        assertThat(streak.count()).isZero();
        assertThat(streak.last()).isNull();
    }

    @Test
    void aRetryableFailureIsCountedWhateverItsKind() {
        FailureStreak streak = new FailureStreak(Duration.ofSeconds(1), Duration.ofSeconds(60));
        MaiaException refusedToken = new MaiaApiException("Maia API 410", 410, null);

        assertThat(streak.onRetryable(refusedToken, 20)).isEqualTo(new FailureStreak.Wait(Duration.ofSeconds(1)));
        assertThat(streak.count()).isEqualTo(1);
    }

    @Test
    void aLongerRetryAfterWinsAndAShorterOneDoesNot() {
        FailureStreak streak = new FailureStreak(Duration.ofSeconds(4), Duration.ofSeconds(60));
        MaiaException shortWait = new MaiaTransportException("429", null, 429, Duration.ofSeconds(1), false);
        MaiaException longWait = new MaiaTransportException("429", null, 429, Duration.ofSeconds(90), false);

        assertThat(streak.onError(shortWait, 20)).isEqualTo(new FailureStreak.Wait(Duration.ofSeconds(4)));
        assertThat(streak.onError(longWait, 20)).isEqualTo(new FailureStreak.Wait(Duration.ofSeconds(90)));
    }

    @Test
    void aSuccessStartsANewStreakButTheLastFailureIsKept() {
        FailureStreak streak = new FailureStreak(Duration.ofSeconds(1), Duration.ofSeconds(60));
        MaiaException dropped = new MaiaTransportException("connection reset", new IOException("reset"));
        streak.onError(dropped, 20);
        streak.onError(dropped, 20);

        streak.reset();

        assertThat(streak.count()).isZero();
        assertThat(streak.last()).isSameAs(dropped);
        assertThat(streak.onError(dropped, 20)).isEqualTo(new FailureStreak.Wait(Duration.ofSeconds(1)));
    }

    @Test
    void everyWaitOfALongStreakIsCappedByTheMaxEvenWhereTheDoublingOverflows() {
        // 2^44 + 1 ns (about 4.9 hours) doubled 20 times overflows a long of nanoseconds into 2^20 ns (1 ms).
        FailureStreak streak = new FailureStreak(Duration.ofNanos((1L << 44) + 1), FailureStreak.MAX_WAIT);
        for (int i = 0; i < 100; i++) {
            assertThat(streak.onError(UNAVAILABLE, Integer.MAX_VALUE)).as("failure %d", i + 1)
                    .isEqualTo(new FailureStreak.Wait(FailureStreak.MAX_WAIT));
        }
    }
}
