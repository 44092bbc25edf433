package io.jenkins.plugins.maia.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.maia.sandbox.Endpoint;
import io.jenkins.plugins.maia.sandbox.Faults;
import io.jenkins.plugins.maia.sandbox.RateLimit;
import io.jenkins.plugins.maia.sandbox.SandboxOptions;
import io.jenkins.plugins.maia.sandbox.SandboxServer;
import io.jenkins.plugins.maia.sandbox.SandboxStats;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Main class of the sandbox child JVM ({@link RemoteSandbox}): starts a {@link SandboxServer} on loopback, prints
 * {@code READY <baseUrl>}, answers {@code stats} with {@code STATS <json>}, replaces its faults on
 * {@code faults latency=MILLIS}, {@code faults hang} or {@code faults none} (answering {@code FAULTS <what>}), and
 * stops when stdin closes.
 *
 * <p>Arguments: {@code pacingMs=N scenarioDir=PATH rateLimit=PER_MINUTE/BURST|none serverThreads=N}.
 */
public final class SandboxProcess {

    static final String READY = "READY ";
    static final String STATS = "STATS ";
    static final String FAULTS = "FAULTS ";

    private SandboxProcess() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = RemoteSandbox.Spec.parse(args);
        SandboxOptions.Builder builder = SandboxOptions.builder()
                .pacing(Duration.ofMillis(Long.parseLong(options.getOrDefault("pacingMs", "200"))))
                .serverThreads(Integer.parseInt(options.getOrDefault("serverThreads", "4")));
        if (options.containsKey("scenarioDir")) {
            builder.scenarioDirectory(Path.of(options.get("scenarioDir")));
        }
        String rate = options.getOrDefault("rateLimit", "none");
        if (!rate.equals("none")) {
            String[] parts = rate.split("/");
            builder.rateLimit(new RateLimit(Integer.parseInt(parts[0]), Integer.parseInt(parts[1])));
        }
        ObjectMapper json = new ObjectMapper();
        try (SandboxServer sandbox = SandboxServer.start(builder.build())) {
            System.out.println(READY + sandbox.baseUrl());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("stats")) {
                    System.out.println(STATS + json.writeValueAsString(figures(json, sandbox.stats())));
                    System.out.flush();
                } else if (line.startsWith("faults ")) {
                    String what = line.substring("faults ".length()).trim();
                    sandbox.faults(faults(what));
                    System.out.println(FAULTS + what);
                    System.out.flush();
                } else if (line.equals("stop")) {
                    break;
                }
            }
        }
    }

    /** {@code none}, {@code hang} (every request) or {@code latency=MILLIS} (every response that late). */
    static Faults faults(String what) {
        if (what.equals("none")) {
            return Faults.none();
        }
        if (what.equals("hang")) {
            return Faults.builder().hang(1.0).build();
        }
        if (what.startsWith("latency=")) {
            return Faults.builder().latency(java.time.Duration.ofMillis(Long.parseLong(what.substring(8))),
                    java.time.Duration.ZERO).build();
        }
        throw new IllegalArgumentException("faults takes none, hang or latency=MILLIS; got '" + what + "'");
    }

    private static ObjectNode figures(ObjectMapper json, SandboxStats stats) {
        SandboxStats.Snapshot s = stats.snapshot();
        ObjectNode out = json.createObjectNode();
        out.put("totalRequests", s.totalRequests());
        out.put("tooManyRequestsSent", s.tooManyRequestsSent());
        out.put("tasksCreated", s.tasksCreated().size());
        ObjectNode byEndpoint = out.putObject("requestsByEndpoint");
        for (Map.Entry<Endpoint, Long> e : s.requestsByEndpoint().entrySet()) {
            byEndpoint.put(e.getKey().name(), e.getValue());
        }
        ObjectNode taskStatuses = out.putObject("taskStatuses");
        for (String status : s.statusByTask().values()) {
            taskStatuses.put(status, taskStatuses.path(status).asLong() + 1);
        }
        ObjectNode byStatus = out.putObject("responsesByStatus");
        for (Map.Entry<Integer, Long> e : s.responsesByStatus().entrySet()) {
            byStatus.put(Integer.toString(e.getKey()), e.getValue());
        }
        return out;
    }
}
