package io.jenkins.plugins.maia.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** A request rate written {@code 60/min}, {@code 2/s} or {@code 3600/h}, as requests per minute. */
public final class RateConverter implements CommandLine.ITypeConverter<Integer> {

    private static final Pattern RATE = Pattern.compile("(\\d{1,7})\\s*/\\s*(s|sec|second|m|min|minute|h|hour)");

    @Override
    public Integer convert(String value) {
        Matcher m = RATE.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            long perMinute = switch (m.group(2)) {
                case "s", "sec", "second" -> n * 60;
                case "h", "hour" -> n / 60;
                default -> n;
            };
            if (perMinute >= 1 && perMinute <= 1_000_000) {
                return (int) perMinute;
            }
        }
        throw new CommandLine.TypeConversionException("'" + value + "' is not a rate: write it like 60/min, 2/s or 3600/h (at least 1/min)");
    }
}
