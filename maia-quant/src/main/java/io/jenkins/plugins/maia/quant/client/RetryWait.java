package io.jenkins.plugins.maia.quant.client;

import io.jenkins.plugins.maia.client.Backoff;
import io.jenkins.plugins.maia.client.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * The waits between attempts under maia-client's {@link RetryPolicy}, with the same rule as the Maia client: a
 * server's {@code Retry-After} (seconds or an HTTP-date) exactly, capped at {@code maxRetryAfter}; otherwise a random
 * part ("full jitter") of {@code initialBackoff} doubled per retry up to {@code maxBackoff}: maia-client's
 * {@link Backoff}. Only the {@code Retry-After} parsing is here, because maia-client keeps its parser internal.
 */
final class RetryWait {
    private final Backoff backoff;

    RetryWait(RetryPolicy policy, DoubleSupplier random) {
        this.backoff = new Backoff(policy, random);
    }

    /** The wait before {@code retry} (1 = the first retry): the client's one backoff rule. */
    Duration before(int retry, Optional<Duration> retryAfter) {
        return backoff.delay(retry, retryAfter);
    }

    /** The doubling step before {@code retry}, never above {@code maxBackoff}. */
    Duration ceiling(int retry) {
        return backoff.ceiling(retry);
    }

    /** A {@code Retry-After} header: delta-seconds or an HTTP-date (a past date is zero); unreadable is empty. */
    static Optional<Duration> parse(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.trim();
        if (value.matches("\\d{1,9}(\\.\\d{1,9})?")) {
            return Optional.of(Duration.ofMillis((long) Math.ceil(Double.parseDouble(value) * 1000)));
        }
        try {
            Duration wait = Duration.between(now, ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
