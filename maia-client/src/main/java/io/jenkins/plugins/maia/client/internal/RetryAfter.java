package io.jenkins.plugins.maia.client.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads a {@code Retry-After} header. The vendor does not say which form it uses, so both are accepted:
 * delta-seconds ({@code 120}, also {@code 1.5}) and an HTTP-date ({@code Wed, 21 Oct 2015 07:28:00 GMT}).
 * A date in the past means "now" (zero); anything unreadable means "not given".
 */
public final class RetryAfter {
    private RetryAfter() {}

    public static Optional<Duration> parse(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.trim();
        if (value.matches("\\d{1,9}(\\.\\d{1,9})?")) {
            double seconds = Double.parseDouble(value);
            return Optional.of(Duration.ofMillis((long) Math.ceil(seconds * 1000)));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
