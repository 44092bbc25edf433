package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.sandbox.Faults;
import io.jenkins.plugins.maia.sandbox.RateLimit;
import io.jenkins.plugins.maia.sandbox.SandboxOptions;
import io.jenkins.plugins.maia.sandbox.SandboxServer;
import io.jenkins.plugins.maia.sandbox.scenario.Scenario;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code maia sandbox}: a Maia-compatible server on this machine, in the foreground until interrupted (Ctrl-C).
 * Point any client at the printed base URL with the printed demo token.
 */
@Command(name = "sandbox",
        exitCodeListHeading = ExitCodeText.HEADING,
        exitCodeList = {"0:the sandbox was stopped", ExitCodeText.USAGE + " (e.g. the port is taken)",
                ExitCodeText.SANDBOX_STOPPED},
        sortOptions = false,
        description = {"Run a local Maia-compatible sandbox server until interrupted (Ctrl-C). Scripted agents "
                + "(scenarios) and injectable faults let you try clients and CI jobs without an account."})
public final class SandboxCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", description = "Port to listen on, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to bind (default: ${DEFAULT-VALUE}, this machine only). Any other address makes the "
                    + "sandbox and its fixed token reachable from the network; 0.0.0.0 binds every address.")
    String host;

    @Option(names = "--scenario", paramLabel = "NAME|FILE", defaultValue = EmbeddedSandbox.DEFAULT_SCENARIO,
            description = "What agents do unless a task's message starts with [scenario:NAME]: a built-in (happy-path, "
                    + "approval-and-question, branch-generation, errored, long-running) or a JSON/YAML file "
                    + "(default: ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--scenario-dir", paramLabel = "DIR", description = "Directory of NAME.yaml/.json scenarios that [scenario:NAME] can pick.")
    Path scenarioDir;

    @Option(names = "--quant",
            description = "Also serve Quant's AI Task Management endpoints (task lists in memory, the same token), for "
                    + "--quant-org and 'maia quant list' without a Quant account.")
    boolean quant;

    @Option(names = "--pacing", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Time between an agent's scripted steps (default 200ms).")
    Duration pacing;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the random that decides faults, for repeatable runs (default 1).")
    Long seed;

    @Option(names = "--rate-limit", paramLabel = "RATE", converter = RateConverter.class,
            description = "Enforce a rate limit per token, e.g. 60/min (the vendor's documented average), answered with 429 + Retry-After.")
    Integer rateLimit;

    @Option(names = "--rate-burst", paramLabel = "N", defaultValue = "5", description = "Burst allowed by --rate-limit (default: ${DEFAULT-VALUE}).")
    int rateBurst;

    @Option(names = "--latency", paramLabel = "DURATION", converter = DurationConverter.class, description = "Delay every response by this much.")
    Duration latency;

    @Option(names = "--latency-jitter", paramLabel = "DURATION", converter = DurationConverter.class, description = "Plus up to this much, at random.")
    Duration latencyJitter;

    @Option(names = "--fault-429", paramLabel = "P", converter = ProbabilityConverter.class,
            description = "Answer this share of requests with 429 (e.g. 0.1 or 10%%).")
    double tooManyRequests;

    @Option(names = "--retry-after", paramLabel = "SECONDS", defaultValue = "1", description = "Retry-After of injected 429s (default: ${DEFAULT-VALUE}).")
    int retryAfter;

    @Option(names = "--fault-502", paramLabel = "P", converter = ProbabilityConverter.class, description = "Share of 502 answers.")
    double badGateway;

    @Option(names = "--fault-503", paramLabel = "P", converter = ProbabilityConverter.class, description = "Share of 503 answers.")
    double serviceUnavailable;

    @Option(names = "--fault-504", paramLabel = "P", converter = ProbabilityConverter.class, description = "Share of 504 answers.")
    double gatewayTimeout;

    @Option(names = "--fault-html", paramLabel = "P", converter = ProbabilityConverter.class,
            description = "Share of HTML error pages (status 502), as a proxy would send.")
    double htmlErrorPage;

    @Option(names = "--fault-drop-connection", paramLabel = "P", converter = ProbabilityConverter.class,
            description = "Share of connections closed before the request is handled.")
    double dropConnection;

    @Option(names = "--fault-drop-response", paramLabel = "P", converter = ProbabilityConverter.class,
            description = "Share of connections closed after the request was handled (the change happened).")
    double dropResponse;

    @Option(names = "--fault-slow-response", paramLabel = "P", converter = ProbabilityConverter.class,
            description = "Share of responses held back by --slow-response-delay.")
    double slowResponse;

    @Option(names = "--slow-response-delay", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a slow response is held back (default 15s).")
    Duration slowResponseDelay;

    @Option(names = "--fault-expire-token", paramLabel = "P", converter = ProbabilityConverter.class,
            description = "Share of requests whose issued token expires on the spot (401).")
    double expireToken;

    @Option(names = "--token-lifetime", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Lifetime of tokens from the token URL (default 30m).")
    Duration tokenLifetime;

    public SandboxCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        SandboxOptions options = options();
        SandboxServer server;
        try {
            server = SandboxServer.start(options);
        } catch (UncheckedIOException e) {
            throw new UsageException(e.getMessage());
        }
        // Ctrl-C runs the shutdown hooks: close the server so the port is released at once.
        Thread onShutdown = new Thread(server::close, "maia-sandbox-shutdown");
        Runtime.getRuntime().addShutdownHook(onShutdown);
        try {
            printBanner(server, ctx.out());
            server.awaitStop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // tests stop the command by interrupting it
        } finally {
            server.close();
            try {
                Runtime.getRuntime().removeShutdownHook(onShutdown);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
        ctx.out().println("Sandbox stopped after " + server.stats().totalRequests() + " request(s).");
        return ExitStatus.OK.code();
    }

    SandboxOptions options() {
        if (port < 0 || port > 65535) {
            throw new UsageException("--port must be between 0 and 65535, was " + port);
        }
        if (rateBurst < 1) {
            throw new UsageException("--rate-burst must be at least 1, was " + rateBurst);
        }
        if (retryAfter < 0) {
            throw new UsageException("--retry-after must not be negative, was " + retryAfter);
        }
        if (scenarioDir != null && !Files.isDirectory(scenarioDir)) {
            throw new UsageException("--scenario-dir " + scenarioDir + " is not a directory");
        }
        EmbeddedSandbox.validateScenario(scenario);
        Faults.Builder faults = Faults.builder()
                .latency(orZero(latency), orZero(latencyJitter))
                .tooManyRequests(tooManyRequests, retryAfter)
                .badGateway(badGateway)
                .serviceUnavailable(serviceUnavailable)
                .gatewayTimeout(gatewayTimeout)
                .htmlErrorPage(htmlErrorPage, 502)
                .dropConnection(dropConnection)
                .dropResponse(dropResponse)
                .slowResponse(slowResponse, slowResponseDelay == null ? Duration.ofSeconds(15) : slowResponseDelay)
                .expireToken(expireToken);
        if (tokenLifetime != null) {
            faults.tokenLifetime(tokenLifetime);
        }
        SandboxOptions.Builder b = SandboxOptions.builder().host(host).port(port).defaultScenario(scenario).quant(quant);
        if (ctx.verbose()) {
            // One line per request: method, path, status, time. Never headers, query or body: no token can appear.
            b.requestListener((method, path, status, took) -> ctx.out().println(method + " " + path + " "
                    + (status == 0 ? "dropped" : String.valueOf(status)) + " " + took.toMillis() + "ms"));
        }
        try {
            b.faults(faults.build());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage().replace("faults.", "fault option "));
        }
        if (rateLimit != null) {
            b.rateLimit(new RateLimit(rateLimit, rateBurst));
        }
        if (scenarioDir != null) {
            b.scenarioDirectory(scenarioDir);
        }
        if (pacing != null) {
            b.pacing(pacing);
        }
        if (seed != null) {
            b.seed(seed);
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private void printBanner(SandboxServer server, PrintStream out) {
        if (!server.loopbackOnly()) {
            ctx.err().println("warning: --host " + TerminalText.oneLine(host, 100) + " makes the sandbox reachable from the "
                    + "network, and its fixed token " + SandboxOptions.DEFAULT_TOKEN + " and client secret with it: anyone "
                    + "who can reach this machine can use them. Use --host 127.0.0.1 unless other machines must connect.");
        }
        // The maia command takes plain http only on loopback: show the address it can use, when there is one.
        String baseUrl = server.loopbackBaseUrl().orElse(server.baseUrl());
        String origin = baseUrl.substring(0, baseUrl.length() - server.options().basePath().length());
        out.println("Maia sandbox running (scenario " + TerminalText.oneLine(scenario, 200) + "; built-ins: "
                + String.join(", ", Scenario.builtInNames()) + ")");
        out.println("  base URL:  " + baseUrl);
        out.println("  token URL: " + origin + server.tokenUrl().substring(server.tokenUrl().indexOf('/', "http://".length())));
        if (!server.loopbackOnly()) {
            out.println("  listening: " + (server.loopbackBaseUrl().isPresent()
                    ? "every address of this machine, port " + server.port() + " (other machines use its address)"
                    : server.baseUrl() + " (the maia command takes plain http only on loopback, so it cannot use this address; bind "
                            + "--host 0.0.0.0 to reach the sandbox from here as http://127.0.0.1:" + server.port() + ")"));
        }
        out.println("  token:     " + SandboxOptions.DEFAULT_TOKEN + "   (or client id " + SandboxOptions.DEFAULT_CLIENT_ID
                + " / secret " + SandboxOptions.DEFAULT_CLIENT_SECRET + ")");
        if (quant) {
            out.println("  Quant URL: " + origin + "   (Quant's AI task endpoints; any organisation, the same token)");
        }
        out.println("Try in another shell:");
        out.println("  " + (quant ? "QUANT_TOKEN=" + SandboxOptions.DEFAULT_TOKEN + " " : "") + "MAIA_TOKEN="
                + SandboxOptions.DEFAULT_TOKEN + " maia-cli/target/maia run --base-url " + baseUrl + " --project-id " + RunCommand.SANDBOX_PROJECT_ID + " --environment "
                + RunCommand.SANDBOX_ENVIRONMENT + " --source-branch main --generate-branch --message \"Load sales data\""
                + (quant ? " --quant-org demo --quant-url " + origin : ""));
        if (quant) {
            out.println("  QUANT_TOKEN=" + SandboxOptions.DEFAULT_TOKEN + " maia-cli/target/maia quant list --quant-org demo"
                    + " --quant-url " + origin);
        }
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }

    private static Duration orZero(Duration d) {
        return d == null ? Duration.ZERO : d;
    }
}
