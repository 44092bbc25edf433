package io.jenkins.plugins.maia.client.internal;

import java.time.Duration;

/** How the client waits between attempts; tests replace it so they never really sleep. */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    /** {@link Thread#sleep}, which the caller can interrupt. */
    Sleeper REAL = duration -> {
        if (!duration.isZero() && !duration.isNegative()) {
            Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
        }
    };
}
