package io.jenkins.plugins.maia.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * An output stream that writes each complete line to a shared stream with a prefix ({@code [staging] }), the whole
 * line at once, so the lines of tasks followed side by side never mix within a line. One writer per instance (a
 * task's follow, whose listener calls come one at a time); many instances may share the target.
 */
final class PrefixedLines extends OutputStream {

    private final PrintStream target;
    private final byte[] prefix;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    PrefixedLines(PrintStream target, String prefix) {
        this.target = target;
        this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
    }

    /** A print stream over a new instance, for code that prints lines (a task's {@link LiveConsole}). */
    static PrintStream stream(PrintStream target, String prefix) {
        return new PrintStream(new PrefixedLines(target, prefix), false, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            emit();
        } else {
            line.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    @Override
    public synchronized void flush() {
        target.flush();
    }

    private void emit() {
        synchronized (target) {
            target.write(prefix, 0, prefix.length);
            byte[] bytes = line.toByteArray();
            int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
            target.write(bytes, 0, n);
            target.write('\n');
            target.flush();
        }
        line.reset();
    }
}
