package io.jenkins.plugins.maia.follower.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock that only moves when a test (or {@link ManualScheduler}) moves it. */
public final class ManualClock implements InstantSource {
    private volatile Instant now;

    public ManualClock(Instant start) {
        this.now = start;
    }

    public ManualClock() {
        this(Instant.parse("2025-01-01T00:00:00Z"));
    }

    @Override
    public Instant instant() {
        return now;
    }

    public void set(Instant instant) {
        if (instant.isBefore(now)) {
            throw new IllegalArgumentException("time does not go back");
        }
        now = instant;
    }

    public void advance(Duration d) {
        set(now.plus(d));
    }
}
