package io.jenkins.plugins.maia.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LiveConsoleTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void onATerminalTheProgressLineIsRedrawnBelowEachMessage() {
        LiveConsole console = new LiveConsole(out, true, Instant.now());
        console.status("RUNNING");
        console.line("agent: hello");
        console.close();
        String text = printed();
        // progress drawn, erased before the message, drawn again below it, erased at the end
        assertThat(text).startsWith("\u25B8 RUNNING  ");
        assertThat(text).contains("\r\u001b[2Kagent: hello\n\u25B8 RUNNING  ");
        assertThat(text).endsWith("\r\u001b[2K");
    }

    @Test
    void whileAPromptOwnsTheConsoleNoProgressIsDrawn() {
        LiveConsole console = new LiveConsole(out, true, Instant.now());
        console.status("STOPPED");
        console.suspend();
        int before = printed().length();
        console.tick();
        console.line("Decision needed: x");
        console.prompt("Allow? ");
        assertThat(printed().substring(before)).isEqualTo("Decision needed: x\nAllow? ");
        console.resume();
        assertThat(printed()).containsPattern("\u25B8 STOPPED  \\d+(ms|s)$");
    }

    @Test
    void elsewhereStatusChangesArePlainLinesPrintedOnce() {
        LiveConsole console = new LiveConsole(out, false, Instant.now());
        console.status("RUNNING");
        console.tick();
        console.status("RUNNING");
        console.line("agent: hi");
        console.status("STOPPED (finished)");
        console.close();
        assertThat(printed()).doesNotContain("\r", "\u001b");
        assertThat(printed().lines()).hasSize(3);
        assertThat(printed()).containsOnlyOnce("status: RUNNING").contains("agent: hi", "status: STOPPED (finished)");
    }
}
