package io.jenkins.plugins.maia.sandbox;

import io.jenkins.plugins.maia.sandbox.scenario.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a sandbox runs. Build with {@link #builder()}; every setting has a default.
 *
 * @param host              address to bind (default 127.0.0.1)
 * @param port              port to bind (default 0: any free port)
 * @param basePath          prefix of the API paths, as in the contract's server URLs (default {@code /dpc})
 * @param defaultScenario   scenario of tasks without a {@code [scenario:NAME]} directive: a built-in or registered
 *                          name, or a scenario file path (default {@code happy-path})
 * @param scenarios         extra scenarios, available by name to directives
 * @param scenarioDirectory optional directory of {@code NAME.yaml|yml|json} files, available by name to directives
 * @param faults            faults to inject (default none)
 * @param rateLimit         enforced rate limit per token, or null for none (the default)
 * @param tokens            static bearer tokens accepted on every API call (default {@code sandbox-token})
 * @param clientId          client id accepted by the token endpoint (default {@code sandbox-client})
 * @param clientSecret      client secret accepted by the token endpoint (default {@code sandbox-secret})
 * @param tokenLifetime     lifetime of issued tokens (default 30 minutes, the documented value)
 * @param pacing            time between an agent's scripted steps (default 200 ms; tests use about 10 ms)
 * @param seed              seed of the random that decides faults (default 1), for repeatable runs
 * @param longRunningEvents number of progress messages of the built-in {@code long-running} scenario (default 3000)
 * @param serverThreads     HTTP worker threads (default 4)
 * @param requestListener   told of every request answered, e.g. for a request log; null for none (the default)
 * @param quant             also serve Quant's AI Task Management endpoints under {@code /api/v3/} (default false)
 */
public record SandboxOptions(
        String host,
        int port,
        String basePath,
        String defaultScenario,
        List<Scenario> scenarios,
        Path scenarioDirectory,
        Faults faults,
        RateLimit rateLimit,
        Set<String> tokens,
        String clientId,
        String clientSecret,
        Duration tokenLifetime,
        Duration pacing,
        long seed,
        int longRunningEvents,
        int serverThreads,
        RequestListener requestListener,
        boolean quant) {

    public static final String DEFAULT_TOKEN = "sandbox-token";
    public static final String DEFAULT_CLIENT_ID = "sandbox-client";
    public static final String DEFAULT_CLIENT_SECRET = "sandbox-secret";

    public SandboxOptions {
        requireText(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 (any free port) and 65535, got " + port);
        }
        requireText(basePath, "basePath");
        if (!basePath.startsWith("/") || basePath.endsWith("/") && basePath.length() > 1) {
            throw new IllegalArgumentException("basePath must start with '/' and not end with one, like /dpc; got "
                    + basePath);
        }
        basePath = basePath.equals("/") ? "" : basePath;
        requireText(defaultScenario, "defaultScenario");
        scenarios = List.copyOf(scenarios);
        Objects.requireNonNull(faults, "faults");
        tokens = Set.copyOf(new LinkedHashSet<>(tokens));
        for (String token : tokens) {
            if (token.isBlank() || token.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("tokens must be non-blank and contain no spaces");
            }
        }
        requireText(clientId, "clientId");
        requireText(clientSecret, "clientSecret");
        Objects.requireNonNull(tokenLifetime, "tokenLifetime");
        if (tokenLifetime.isNegative() || tokenLifetime.isZero()) {
            throw new IllegalArgumentException("tokenLifetime must be positive, got " + tokenLifetime);
        }
        Objects.requireNonNull(pacing, "pacing");
        if (pacing.isNegative()) {
            throw new IllegalArgumentException("pacing must not be negative, got " + pacing);
        }
        if (longRunningEvents < 1) {
            throw new IllegalArgumentException("longRunningEvents must be at least 1, got " + longRunningEvents);
        }
        if (serverThreads < 1 || serverThreads > 64) {
            throw new IllegalArgumentException("serverThreads must be between 1 and 64, got " + serverThreads);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public static SandboxOptions defaults() {
        return builder().build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The lifetime of issued tokens after faults are applied. */
    public Duration effectiveTokenLifetime() {
        return faults.tokenLifetime() != null ? faults.tokenLifetime() : tokenLifetime;
    }

    /** Tokens and the client secret are secrets: never printed. */
    @Override
    public String toString() {
        return "SandboxOptions[host=" + host + ", port=" + port + ", basePath=" + basePath
                + ", defaultScenario=" + defaultScenario + ", scenarios=" + scenarios.stream().map(Scenario::name).toList()
                + ", scenarioDirectory=" + scenarioDirectory + ", faults=" + faults + ", rateLimit=" + rateLimit
                + ", tokens=" + tokens.size() + " (hidden), clientId=" + clientId + ", clientSecret=(hidden)"
                + ", tokenLifetime=" + tokenLifetime + ", pacing=" + pacing + ", seed=" + seed
                + ", longRunningEvents=" + longRunningEvents + ", serverThreads=" + serverThreads
                + ", requestListener=" + (requestListener == null ? "none" : "set") + ", quant=" + quant + "]";
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private String basePath = "/dpc";
        private String defaultScenario = "happy-path";
        private List<Scenario> scenarios = List.of();
        private Path scenarioDirectory;
        private Faults faults = Faults.none();
        private RateLimit rateLimit;
        private Set<String> tokens = Set.of(DEFAULT_TOKEN);
        private String clientId = DEFAULT_CLIENT_ID;
        private String clientSecret = DEFAULT_CLIENT_SECRET;
        private Duration tokenLifetime = Duration.ofMinutes(30);
        private Duration pacing = Duration.ofMillis(200);
        private long seed = 1;
        private int longRunningEvents = 3000;
        private int serverThreads = 4;
        private RequestListener requestListener;
        private boolean quant;

        private Builder() {}

        private Builder(SandboxOptions o) {
            host = o.host;
            port = o.port;
            basePath = o.basePath.isEmpty() ? "/" : o.basePath;
            defaultScenario = o.defaultScenario;
            scenarios = o.scenarios;
            scenarioDirectory = o.scenarioDirectory;
            faults = o.faults;
            rateLimit = o.rateLimit;
            tokens = o.tokens;
            clientId = o.clientId;
            clientSecret = o.clientSecret;
            tokenLifetime = o.tokenLifetime;
            pacing = o.pacing;
            seed = o.seed;
            longRunningEvents = o.longRunningEvents;
            serverThreads = o.serverThreads;
            requestListener = o.requestListener;
            quant = o.quant;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder basePath(String basePath) {
            this.basePath = basePath;
            return this;
        }

        /** A built-in name (see {@link Scenario#builtInNames()}), a registered scenario's name, or a file path. */
        public Builder defaultScenario(String nameOrPath) {
            this.defaultScenario = nameOrPath;
            return this;
        }

        /** Registers {@code scenario} and makes it the default. */
        public Builder defaultScenario(Scenario scenario) {
            this.defaultScenario = scenario.name();
            List<Scenario> all = new java.util.ArrayList<>(scenarios);
            all.add(scenario);
            this.scenarios = all;
            return this;
        }

        public Builder scenarios(List<Scenario> scenarios) {
            this.scenarios = scenarios;
            return this;
        }

        public Builder scenarioDirectory(Path directory) {
            this.scenarioDirectory = directory;
            return this;
        }

        public Builder faults(Faults faults) {
            this.faults = faults;
            return this;
        }

        public Builder rateLimit(RateLimit rateLimit) {
            this.rateLimit = rateLimit;
            return this;
        }

        public Builder tokens(Set<String> tokens) {
            this.tokens = tokens;
            return this;
        }

        public Builder token(String token) {
            return tokens(Set.of(token));
        }

        public Builder clientCredentials(String clientId, String clientSecret) {
            this.clientId = clientId;
            this.clientSecret = clientSecret;
            return this;
        }

        public Builder tokenLifetime(Duration tokenLifetime) {
            this.tokenLifetime = tokenLifetime;
            return this;
        }

        public Builder pacing(Duration pacing) {
            this.pacing = pacing;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder longRunningEvents(int events) {
            this.longRunningEvents = events;
            return this;
        }

        public Builder serverThreads(int threads) {
            this.serverThreads = threads;
            return this;
        }

        /** Told of every request answered or dropped (method, path, status, time); null for none. */
        public Builder requestListener(RequestListener listener) {
            this.requestListener = listener;
            return this;
        }

        /** Also serve Quant's AI Task Management endpoints (in memory, same tokens) under {@code /api/v3/}. */
        public Builder quant(boolean quant) {
            this.quant = quant;
            return this;
        }

        public SandboxOptions build() {
            return new SandboxOptions(host, port, basePath, defaultScenario, scenarios, scenarioDirectory, faults,
                    rateLimit, tokens, clientId, clientSecret, tokenLifetime, pacing, seed, longRunningEvents,
                    serverThreads, requestListener, quant);
        }
    }
}
