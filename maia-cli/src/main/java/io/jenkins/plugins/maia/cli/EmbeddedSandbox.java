package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.client.MaiaClient;
import io.jenkins.plugins.maia.client.auth.StaticToken;
import io.jenkins.plugins.maia.sandbox.SandboxOptions;
import io.jenkins.plugins.maia.sandbox.SandboxServer;
import io.jenkins.plugins.maia.sandbox.scenario.Scenario;
import io.jenkins.plugins.maia.sandbox.scenario.ScenarioException;
import java.time.Duration;

/** {@code maia run --sandbox}: a sandbox server on a free loopback port for the length of one run. */
final class EmbeddedSandbox implements AutoCloseable {

    /** The scenario of the README demo: a tool approval, a question, a push, the end. */
    static final String DEFAULT_SCENARIO = "approval-and-question";
    /** The sandbox's demo token, for its Maia and its Quant endpoints alike. */
    static final String TOKEN = SandboxOptions.DEFAULT_TOKEN;

    private final SandboxServer server;

    private EmbeddedSandbox(SandboxServer server) {
        this.server = server;
    }

    /** Starts the sandbox; an unknown scenario name or a broken scenario file is a usage error. */
    static EmbeddedSandbox start(CliContext ctx, String scenario, Duration pacing) {
        String name = scenario == null ? DEFAULT_SCENARIO : scenario;
        validateScenario(name);
        // Quant's endpoints too, so that --quant-org works with no account at all.
        SandboxOptions.Builder options = SandboxOptions.builder().port(0).defaultScenario(name).quant(true);
        if (pacing != null) {
            options.pacing(pacing);
        }
        SandboxServer server = SandboxServer.start(options.build());
        ctx.human().println("Started a local sandbox at " + server.baseUrl() + " (scenario " + TerminalText.oneLine(name, 200) + ")");
        return new EmbeddedSandbox(server);
    }

    /** Loads the scenario once up front so that a typo fails before anything starts. */
    static void validateScenario(String nameOrPath) {
        try {
            Scenario.load(nameOrPath);
        } catch (ScenarioException e) {
            throw new UsageException("--scenario: " + e.getMessage());
        }
    }

    /** The sandbox's Quant endpoints ({@code http://127.0.0.1:PORT}). */
    String quantUrl() {
        return server.quantUrl().orElseThrow();
    }

    /** A client for this sandbox with its demo token (treated as a secret like any other token). */
    MaiaClient connect(CliContext ctx, ConnectionOptions connection) {
        ctx.addSecret(SandboxOptions.DEFAULT_TOKEN);
        return connection.connect(ctx, server.baseUrl(), null, StaticToken.of(SandboxOptions.DEFAULT_TOKEN), ctx.http());
    }

    @Override
    public void close() {
        server.close();
    }
}
