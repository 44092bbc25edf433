package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.client.MaiaClient;
import java.time.Duration;

/** Placeholder until maia-sandbox lands. */
final class EmbeddedSandbox implements AutoCloseable {
    static EmbeddedSandbox start(CliContext ctx, String scenario, Duration pacing) {
        throw new UsageException("--sandbox is not available yet");
    }

    MaiaClient connect(CliContext ctx, ConnectionOptions connection) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
}
