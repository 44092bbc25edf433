package io.jenkins.plugins.maia.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextExcerptTest {

    @Test
    void htmlBecomesItsVisibleTextOnOneLine() {
        String html = "<html><head><style>p{}</style><script type=\"x\">if (a < b) {}</script></head>"
                + "<body><!-- hidden --><h1>Bad&nbsp;Gateway</h1>\n\n<p>nginx &lt;1.2&gt;</p></body></html>";
        assertThat(TextExcerpt.of(html)).isEqualTo("Bad Gateway nginx <1.2>");
    }

    @Test
    void longTextIsCut() {
        String excerpt = TextExcerpt.of("word ".repeat(500));
        assertThat(excerpt).hasSize(TextExcerpt.MAX_EXCERPT).endsWith("…");
    }

    @Test
    void controlCharactersAndBlankInput() {
        assertThat(TextExcerpt.of("a\u0000b\r\nc\td")).isEqualTo("a b c d");
        assertThat(TextExcerpt.of(null)).isEmpty();
        assertThat(TextExcerpt.of("plain < text")).isEqualTo("plain < text");
    }

    @Test
    void redactionMasksSecretsAndBearerValues() {
        assertThat(Redaction.redact("x=SECRET123 Authorization: Bearer abc.def-ghi", "SECRET123"))
                .isEqualTo("x=**** Authorization: Bearer ****");
        assertThat(Redaction.redact(null)).isNull();
    }
}
