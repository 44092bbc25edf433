package io.jenkins.plugins.maia.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sandbox running in its own JVM ({@link SandboxProcess}), so its threads and heap are not counted with the
 * follower's, and its CPU is at least a separate process.
 */
final class RemoteSandbox implements AutoCloseable {

    /** The bearer token the sandbox accepts by default. */
    static final String TOKEN = "sandbox-token";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * How to run the sandbox.
     *
     * @param pacing      time between scripted agent steps
     * @param scenarioDir directory of {@code NAME.json} scenarios, named by {@code [scenario:NAME]}, or null
     * @param rateLimit   e.g. {@code "60/5"} (per minute / burst, per token), or null for none
     */
    record Spec(Duration pacing, Path scenarioDir, String rateLimit) {

        List<String> args() {
            List<String> args = new ArrayList<>();
            args.add("pacingMs=" + pacing.toMillis());
            if (scenarioDir != null) {
                args.add("scenarioDir=" + scenarioDir.toAbsolutePath());
            }
            args.add("rateLimit=" + (rateLimit == null ? "none" : rateLimit));
            return args;
        }

        static Map<String, String> parse(String[] args) {
            Map<String, String> options = new LinkedHashMap<>();
            for (String arg : args) {
                int eq = arg.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("sandbox argument '" + arg + "' must be name=value");
                }
                options.put(arg.substring(0, eq), arg.substring(eq + 1));
            }
            return options;
        }
    }

    /** What the server counted (its own view: every request it received, every 429 it sent). */
    record ServerFigures(long totalRequests, long tooManyRequestsSent, int tasksCreated,
            Map<String, Long> requestsByEndpoint, Map<String, Long> taskStatuses) {}

    private final ChildJvm child;
    private final String baseUrl;

    private RemoteSandbox(ChildJvm child, String baseUrl) {
        this.child = child;
        this.baseUrl = baseUrl;
    }

    static RemoteSandbox start(Spec spec, Path workDir) {
        ChildJvm child = ChildJvm.start(SandboxProcess.class, List.of("-Xmx1g", "-Xss512k"), spec.args(), workDir);
        try {
            String url = child.awaitLine(SandboxProcess.READY, Duration.ofSeconds(60));
            return new RemoteSandbox(child, url);
        } catch (RuntimeException e) {
            child.close();
            throw e;
        }
    }

    String baseUrl() {
        return baseUrl;
    }

    ServerFigures stats() {
        child.send("stats");
        String line = child.awaitLine(SandboxProcess.STATS, Duration.ofSeconds(30));
        try {
            JsonNode node = JSON.readTree(line);
            Map<String, Long> byEndpoint = new LinkedHashMap<>();
            node.path("requestsByEndpoint").properties()
                    .forEach(e -> byEndpoint.put(e.getKey(), e.getValue().asLong()));
            Map<String, Long> statuses = new LinkedHashMap<>();
            node.path("taskStatuses").properties().forEach(e -> statuses.put(e.getKey(), e.getValue().asLong()));
            return new ServerFigures(node.path("totalRequests").asLong(), node.path("tooManyRequestsSent").asLong(),
                    node.path("tasksCreated").asInt(), byEndpoint, statuses);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The sandbox child printed unreadable stats: " + line, e);
        }
    }

    /**
     * Replaces the server's faults from its next request on: {@code none}, {@code hang} (accept, never answer) or
     * {@code latency=MILLIS} (answer every call that late).
     */
    void faults(String what) {
        child.send("faults " + what);
        child.awaitLine(SandboxProcess.FAULTS, Duration.ofSeconds(30));
    }

    @Override
    public void close() {
        child.close();
    }
}
