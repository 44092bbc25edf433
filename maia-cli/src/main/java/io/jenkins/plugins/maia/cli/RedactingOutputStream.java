package io.jenkins.plugins.maia.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/**
 * The last guard before the console: collects what is written line by line and passes each line through a
 * redaction before it reaches the real stream, so no code path (agent text echoing a credential, a library's
 * message, a verbose stack trace) can print a known secret. {@link #flush()} also lets an unfinished line
 * through (redacted), which prompts and the progress line need.
 */
final class RedactingOutputStream extends OutputStream {

    private final OutputStream target;
    private final UnaryOperator<String> redact;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

    RedactingOutputStream(OutputStream target, UnaryOperator<String> redact) {
        this.target = target;
        this.redact = redact;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        line.write(b);
        if (b == '\n') {
            emit();
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        int start = off;
        int end = off + len;
        for (int i = off; i < end; i++) {
            if (b[i] == '\n') {
                line.write(b, start, i + 1 - start);
                emit();
                start = i + 1;
            }
        }
        line.write(b, start, end - start);
    }

    @Override
    public synchronized void flush() throws IOException {
        emit();
        target.flush();
    }

    @Override
    public void close() throws IOException {
        flush();
    }

    private void emit() throws IOException {
        if (line.size() == 0) {
            return;
        }
        // Lines are complete UTF-8 sequences; a partial one (flush mid-line) only ever ends after a whole print.
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        target.write(redact.apply(text).getBytes(StandardCharsets.UTF_8));
        target.flush();
    }
}
