package io.jenkins.plugins.maia.client.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * Reads the timestamps the API sends, which come in several ISO-8601 spellings: {@code ...00.000Z},
 * {@code ...00Z} and {@code ...00+00:00} (the vendor's own pages use all three). Also accepted: offsets
 * without a colon ({@code +0000}), a space instead of {@code T}, and no offset at all (read as UTC).
 * Anything else yields {@code null}: one odd timestamp must not make a whole response unreadable.
 */
public final class LenientInstants {

    private static final DateTimeFormatter OFFSET_FORMAT = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .appendValue(ChronoField.HOUR_OF_DAY, 2)
            .appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart()
            .appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd()
            .optionalEnd()
            .optionalStart()
            .appendOffset("+HH:MM", "Z")
            .optionalEnd()
            .optionalStart()
            .appendOffset("+HHMM", "Z")
            .optionalEnd()
            .optionalStart()
            .appendOffset("+HH", "Z")
            .optionalEnd()
            .toFormatter();

    private LenientInstants() {}

    /** The instant, or {@code null} when {@code text} is null, blank or not a timestamp. */
    public static Instant parse(String text) {
        if (text == null) {
            return null;
        }
        String value = text.trim();
        if (value.isEmpty() || value.length() > 64) {
            return null;
        }
        if (value.length() > 10 && value.charAt(10) == ' ') {
            value = value.substring(0, 10) + 'T' + value.substring(11);
        }
        try {
            var parsed = OFFSET_FORMAT.parseBest(value, OffsetDateTime::from, LocalDateTime::from);
            if (parsed instanceof OffsetDateTime offset) {
                return offset.toInstant();
            }
            return ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException | ClassCastException e) {
            return null;
        }
    }

    /** The API's spelling for query parameters: ISO-8601 in UTC with milliseconds, e.g. {@code 2024-01-15T10:30:00.000Z}. */
    public static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
                .replaceFirst("(:\\d\\d)Z$", "$1.000Z");
    }
}
