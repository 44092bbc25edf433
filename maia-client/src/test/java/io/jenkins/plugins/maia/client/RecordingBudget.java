package io.jenkins.plugins.maia.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts what the client asks of its budget. */
final class RecordingBudget implements RequestBudget {
    final AtomicInteger acquired = new AtomicInteger();
    final List<Duration> rateLimited = new CopyOnWriteArrayList<>();

    @Override
    public void acquire() {
        acquired.incrementAndGet();
    }

    @Override
    public void onRateLimited(Duration retryAfter) {
        rateLimited.add(retryAfter);
    }
}
