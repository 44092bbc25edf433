package io.jenkins.plugins.maia.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;

/** A point in time: ISO-8601 with an offset ({@code 2025-06-01T10:00:00Z}) or a date (midnight UTC). */
public final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
        String v = value.trim();
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException notDateTime) {
            try {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notDate) {
                throw new CommandLine.TypeConversionException("'" + value
                        + "' is not a time: write ISO-8601 like 2025-06-01T10:00:00Z or a date like 2025-06-01 (UTC)");
            }
        }
    }
}
