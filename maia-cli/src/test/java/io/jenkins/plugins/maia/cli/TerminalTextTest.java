package io.jenkins.plugins.maia.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalTextTest {

    @Test
    void removesEscapeSequencesCarriageReturnsAndBidiOverrides() {
        String hostile = "ok\u001b[2J\u001b]0;title\u0007 text\rover\u202Egnp.exe";
        String clean = TerminalText.clean(hostile);
        assertThat(clean).doesNotContain("\u001b", "\u0007", "\r", "\u202E").startsWith("ok").contains(" text");
    }

    @Test
    void keepsNewlinesTabsAndUnicodeText() {
        assertThat(TerminalText.clean("a\n\tb – ü 漢字")).isEqualTo("a\n\tb – ü 漢字");
    }

    @Test
    void oneLineJoinsLinesAndCuts() {
        assertThat(TerminalText.oneLine("a\nb", 10)).isEqualTo("a b");
        assertThat(TerminalText.oneLine("abcdefghijkl", 5)).hasSize(5).endsWith("\u2026");
        assertThat(TerminalText.oneLine(null, 5)).isEmpty();
    }
}
