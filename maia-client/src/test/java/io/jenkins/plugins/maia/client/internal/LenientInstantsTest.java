package io.jenkins.plugins.maia.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class LenientInstantsTest {

    @ParameterizedTest
    @CsvSource({
        "2024-01-15T10:30:00.000Z, 2024-01-15T10:30:00Z",
        "2024-01-15T10:30:00Z, 2024-01-15T10:30:00Z",
        "2026-04-08T10:23:45+00:00, 2026-04-08T10:23:45Z",
        "2026-04-08T12:23:45+02:00, 2026-04-08T10:23:45Z",
        "2026-04-08T10:23:45.123456789Z, 2026-04-08T10:23:45.123456789Z",
        "2026-04-08T10:23:45+0000, 2026-04-08T10:23:45Z",
        "2026-04-08T10:23:45-05, 2026-04-08T15:23:45Z",
        "2026-04-08 10:23:45Z, 2026-04-08T10:23:45Z",
        "2026-04-08T10:23:45, 2026-04-08T10:23:45Z",
        "2026-04-08T10:23Z, 2026-04-08T10:23:00Z",
        "2026-04-08t10:23:45z, 2026-04-08T10:23:45Z",
    })
    void readsEverySpellingTheApiUses(String text, String expected) {
        assertThat(LenientInstants.parse(text)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "yesterday", "<string>", "2026-13-40T99:99:99Z", "1700000000", "2026-04-08"})
    void anythingElseIsNull(String text) {
        assertThat(LenientInstants.parse(text)).isNull();
    }

    @ParameterizedTest
    @CsvSource({
        "2024-01-15T10:30:00Z, 2024-01-15T10:30:00.000Z",
        "2024-01-15T10:30:00.1Z, 2024-01-15T10:30:00.100Z",
        "2024-01-15T10:30:00.123456Z, 2024-01-15T10:30:00.123Z",
    })
    void formatsWithMilliseconds(String instant, String expected) {
        assertThat(LenientInstants.format(Instant.parse(instant))).isEqualTo(expected);
    }
}
