package io.jenkins.plugins.maia.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationConverterTest {

    @ParameterizedTest
    @CsvSource({"250ms,PT0.25S", "2s,PT2S", "5m,PT5M", "1h,PT1H", "1d,PT24H", "PT2S,PT2S", "pt1m30s,PT1M30S", "' 3s ',PT3S", "10MS,PT0.01S"})
    void parsesShortAndIsoForms(String text, String expected) {
        assertThat(DurationConverter.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "5x", "s", "-2s", "2 minutes", "P", "PTXS", "1.5s"})
    void refusesAnythingElseWithTheAcceptedForms(String text) {
        assertThatThrownBy(() -> DurationConverter.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("250ms, 2s, 5m, 1h or ISO-8601 PT2S");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0s", "0ms", "PT0S", "PT-1S"})
    void refusesZeroAndNegative(String text) {
        assertThatThrownBy(() -> DurationConverter.parse(text)).hasMessageContaining("longer than zero");
    }

    @ParameterizedTest
    @CsvSource({"PT0.85S,850ms", "PT4S,4s", "PT2M5S,2m05s", "PT1H2M3S,1h02m"})
    void formatsElapsedTimeCompactly(String duration, String expected) {
        assertThat(DurationConverter.format(Duration.parse(duration))).isEqualTo(expected);
    }
}
