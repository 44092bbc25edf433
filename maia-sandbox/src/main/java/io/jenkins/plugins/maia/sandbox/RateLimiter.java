package io.jenkins.plugins.maia.sandbox;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** Enforces a {@link RateLimit} per key (the bearer token) with token buckets. */
final class RateLimiter {

    private final RateLimit limit;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(RateLimit limit, LongSupplier nanoTime) {
        this.limit = limit;
        this.nanoTime = nanoTime;
    }

    /**
     * Takes one request from the key's bucket.
     *
     * @return empty if the request may proceed, else the seconds to wait (for Retry-After, at least 1)
     */
    OptionalLong acquire(String key) {
        return buckets.computeIfAbsent(key, k -> new Bucket(limit.burst(), nanoTime.getAsLong())).take();
    }

    private final class Bucket {
        private double available;
        private long refilledAt;

        Bucket(double available, long now) {
            this.available = available;
            this.refilledAt = now;
        }

        synchronized OptionalLong take() {
            long now = nanoTime.getAsLong();
            double perNano = limit.requestsPerMinute() / 60e9;
            available = Math.min(limit.burst(), available + (now - refilledAt) * perNano);
            refilledAt = now;
            if (available >= 1) {
                available -= 1;
                return OptionalLong.empty();
            }
            double waitNanos = (1 - available) / perNano;
            return OptionalLong.of(Math.max(1, (long) Math.ceil(waitNanos / 1e9)));
        }
    }
}
