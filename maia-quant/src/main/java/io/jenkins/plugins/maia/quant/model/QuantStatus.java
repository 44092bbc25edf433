package io.jenkins.plugins.maia.quant.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The status of a Quant task, as the API spells it ({@code in_progress}). A value the API adds later reads as
 * {@link #UNKNOWN} instead of failing the response; UNKNOWN is never sent.
 */
public enum QuantStatus {
    PENDING("pending"),
    IN_PROGRESS("in_progress"),
    BLOCKED("blocked"),
    COMPLETED("completed"),
    FAILED("failed"),
    CANCELLED("cancelled"),
    UNKNOWN("unknown");

    private final String wire;

    QuantStatus(String wire) {
        this.wire = wire;
    }

    /** The API's spelling, e.g. {@code in_progress}. */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** Completed, failed and cancelled: Quant stamps {@code completedAt} and nothing moves the task on. */
    public boolean isEnded() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    /** Reads the API's spelling in any case; anything else is {@link #UNKNOWN}. */
    @JsonCreator
    public static QuantStatus fromWire(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (QuantStatus s : values()) {
            if (s != UNKNOWN && s.wire.equals(v)) {
                return s;
            }
        }
        return UNKNOWN;
    }
}
