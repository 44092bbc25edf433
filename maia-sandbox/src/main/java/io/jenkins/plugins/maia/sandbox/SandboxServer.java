package io.jenkins.plugins.maia.sandbox;

import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.maia.sandbox.agent.TaskEngine;
import io.jenkins.plugins.maia.sandbox.quant.QuantBoard;
import io.jenkins.plugins.maia.sandbox.quant.QuantEndpoints;
import io.jenkins.plugins.maia.sandbox.scenario.Scenario;
import io.jenkins.plugins.maia.sandbox.scenario.ScenarioCatalog;
import io.jenkins.plugins.maia.sandbox.scenario.ScenarioException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local Maia-compatible server: the nine task endpoints under {@code {basePath}/v1/ai/agents/tasks}, an OAuth2
 * client-credentials token endpoint, scripted agents and fault injection.
 *
 * <pre>{@code
 * try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().pacing(Duration.ofMillis(10)).build())) {
 *     String baseUrl = sandbox.baseUrl();   // http://127.0.0.1:PORT/dpc
 *     ...                                   // Authorization: Bearer sandbox-token
 * }
 * }</pre>
 */
public final class SandboxServer implements AutoCloseable {

    static {
        // The JDK server leaves Nagle's algorithm on, so a response written as headers then body waits for the
        // client's delayed ACK: about 40 ms per request. Read once when the server classes load; an explicit
        // setting wins.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final SandboxOptions options;
    private final SandboxStats stats;
    private final HttpServer server;
    private final ScheduledThreadPoolExecutor scheduler;
    private final ExecutorService workers;
    private final TaskEngine engine;
    private final FaultInjector injector;
    private final RequestPipeline pipeline;
    private final Scenario defaultScenario;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicInteger closing = new AtomicInteger();

    private SandboxServer(SandboxOptions options, SandboxStats stats, HttpServer server,
            ScheduledThreadPoolExecutor scheduler, ExecutorService workers, TaskEngine engine, FaultInjector injector,
            RequestPipeline pipeline, Scenario defaultScenario) {
        this.options = options;
        this.stats = stats;
        this.server = server;
        this.scheduler = scheduler;
        this.workers = workers;
        this.engine = engine;
        this.injector = injector;
        this.pipeline = pipeline;
        this.defaultScenario = defaultScenario;
    }

    /**
     * Loads the scenarios, binds {@code options.host():options.port()} and starts serving.
     *
     * @throws ScenarioException     if the default scenario (or a registered one) cannot be loaded
     * @throws UncheckedIOException if the address cannot be bound
     */
    public static SandboxServer start(SandboxOptions options) {
        List<Scenario> extra = new ArrayList<>(options.scenarios());
        ScenarioCatalog catalog = ScenarioCatalog.withBuiltIns(extra, options.scenarioDirectory(),
                options.longRunningEvents());
        Scenario defaultScenario;
        if (catalog.names().contains(options.defaultScenario())) {
            defaultScenario = catalog.get(options.defaultScenario());
        } else {
            defaultScenario = Scenario.load(options.defaultScenario());
            extra.add(defaultScenario);
            catalog = ScenarioCatalog.withBuiltIns(extra, options.scenarioDirectory(), options.longRunningEvents());
        }
        ContractValidator validator = ContractValidator.forBasePath(options.basePath());

        SandboxStats stats = new SandboxStats();
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(2, daemon("maia-sandbox-agent"));
        scheduler.setRemoveOnCancelPolicy(true);
        ThreadPoolExecutor workers = new ThreadPoolExecutor(options.serverThreads(), options.serverThreads(),
                30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemon("maia-sandbox-http"));
        Clock clock = Clock.systemUTC();
        TaskEngine engine = new TaskEngine(catalog, defaultScenario, scheduler, options.pacing(), clock,
                stats.taskListener());
        AccessTokens tokens = new AccessTokens(options.tokens(), clock);
        RateLimiter limiter = options.rateLimit() == null ? null : new RateLimiter(options.rateLimit(), System::nanoTime);
        FaultInjector injector = new FaultInjector(options.faults(), options.seed());
        RequestPipeline pipeline = new RequestPipeline(options.basePath(), stats, injector, tokens, limiter, validator,
                new TaskApi(engine, stats, options.basePath()),
                new TokenEndpoint(tokens, options.clientId(), options.clientSecret(), options.effectiveTokenLifetime()),
                scheduler, workers, options.requestListener());

        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(options.host()), options.port()), 64);
        } catch (IOException e) {
            scheduler.shutdownNow();
            workers.shutdownNow();
            throw new UncheckedIOException("Cannot start the Maia sandbox on " + options.host() + ":" + options.port()
                    + ": " + e.getMessage() + (options.port() != 0 ? " (choose another --port, or 0 for any free port)" : ""), e);
        }
        server.createContext("/", pipeline);
        if (options.quant()) {
            server.createContext(QuantEndpoints.CONTEXT, new QuantEndpoints(new QuantBoard(clock),
                    token -> tokens.check(token) == AccessTokens.Check.VALID, options.requestListener()));
        }
        server.setExecutor(workers);
        server.start();
        return new SandboxServer(options, stats, server, scheduler, workers, engine, injector, pipeline,
                defaultScenario);
    }

    /** The API base URL, like the contract's server URLs: {@code http://127.0.0.1:PORT/dpc}. */
    public String baseUrl() {
        return origin() + options.basePath();
    }

    /**
     * The base URL on this machine's loopback, which clients that accept plain http only on loopback (the {@code maia}
     * command, the client) can use: {@link #baseUrl()} when bound to a loopback address, the same port on 127.0.0.1
     * when bound to every address ({@code 0.0.0.0} or {@code ::}); empty when bound to one other address only.
     */
    public java.util.Optional<String> loopbackBaseUrl() {
        InetAddress address = server.getAddress().getAddress();
        if (address.isLoopbackAddress()) {
            return java.util.Optional.of(baseUrl());
        }
        return address.isAnyLocalAddress() ? java.util.Optional.of("http://127.0.0.1:" + port() + options.basePath())
                : java.util.Optional.empty();
    }

    /** True when the server is bound to a loopback address only, so nothing off this machine can reach it. */
    public boolean loopbackOnly() {
        return server.getAddress().getAddress().isLoopbackAddress();
    }

    /**
     * Where the Quant AI Task Management endpoints are, as Quant's own URL would be given
     * ({@code http://127.0.0.1:PORT}, the paths start with {@code /api/v3/}); empty unless started with
     * {@link SandboxOptions.Builder#quant(boolean)}.
     */
    public java.util.Optional<String> quantUrl() {
        return options.quant() ? java.util.Optional.of(origin()) : java.util.Optional.empty();
    }

    /** The OAuth2 client-credentials endpoint: {@code http://127.0.0.1:PORT/oauth/dpc/token}. */
    public String tokenUrl() {
        return origin() + Route.TOKEN_PATH;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public SandboxOptions options() {
        return options;
    }

    public SandboxStats stats() {
        return stats;
    }

    /** The faults in force: {@link SandboxOptions#faults()} until {@link #faults(Faults)} replaces them. */
    public Faults faults() {
        return injector.faults();
    }

    /**
     * Replaces the faults from the next request on, for runs that change the server's behaviour as they go (answer
     * slowly, then not at all, then recover). Requests already received keep the faults they met: a hung request
     * stays unanswered, a delayed one is still answered late. The fault random goes on with its sequence. Only
     * {@link Faults#tokenLifetime()} is read once, at start.
     */
    public void faults(Faults faults) {
        injector.replace(faults);
    }

    /** The scenario tasks run unless their message names another. */
    public Scenario defaultScenario() {
        return defaultScenario;
    }

    /** Blocks until {@link #close()} is called (for a sandbox run in the foreground). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Blocks until {@link #close()} is called or the timeout passes; true if it was closed. */
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Stops serving (open exchanges are cut) and stops every agent. Safe to call more than once. */
    @Override
    public void close() {
        if (closing.getAndIncrement() > 0) {
            return;
        }
        try {
            server.stop(0);
            pipeline.close();
            engine.shutdown();
            scheduler.shutdownNow();
            workers.shutdownNow();
        } finally {
            stopped.countDown();
        }
    }

    @Override
    public String toString() {
        return "SandboxServer[" + baseUrl() + "]";
    }

    private String origin() {
        InetAddress address = server.getAddress().getAddress();
        String host = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        return "http://" + host + ":" + port();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
