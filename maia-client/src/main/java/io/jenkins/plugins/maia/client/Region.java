package io.jenkins.plugins.maia.client;

import io.jenkins.plugins.maia.client.internal.Violations;
import java.util.Locale;

/** The documented Maia regions and their server URLs. The account must be in the same region. */
public enum Region {
    EU1("https://eu1.api.matillion.com/dpc"),
    US1("https://us1.api.matillion.com/dpc");

    private final String baseUrl;

    Region(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** The region's id as users write it: {@code eu1}, {@code us1}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The region for {@code eu1} or {@code us1} (any case, surrounding blanks ignored); an
     * {@link InvalidRequestException} naming the field {@code region} otherwise.
     */
    public static Region fromId(String id) {
        if (id != null) {
            for (Region r : values()) {
                if (r.id().equalsIgnoreCase(id.strip())) {
                    return r;
                }
            }
        }
        throw new InvalidRequestException(java.util.List.of(new InvalidRequestException.Violation("region",
                (id == null || id.isBlank() ? "is missing" : Violations.quote(id) + " is not a region")
                        + "; use eu1 or us1, or give a base URL instead")));
    }
}
