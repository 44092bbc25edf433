package io.jenkins.plugins.maia.bench;

import io.jenkins.plugins.maia.follower.graph.GraphState;
import io.jenkins.plugins.maia.follower.graph.TaskGraph;
import io.jenkins.plugins.maia.quant.client.QuantClient;
import io.jenkins.plugins.maia.quant.mirror.GraphMirror;
import io.jenkins.plugins.maia.quant.mirror.MirrorReport;
import io.jenkins.plugins.maia.quant.mirror.QuantMirror;
import io.jenkins.plugins.maia.quant.model.QuantTaskQuery;
import io.jenkins.plugins.maia.quant.model.QuantTaskSummary;
import io.jenkins.plugins.maia.sandbox.SandboxOptions;
import io.jenkins.plugins.maia.sandbox.SandboxServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Benchmark 6's Quant side: sandbox Quant endpoints on loopback (in this JVM: they only take the mirror's writes) and
 * a {@link QuantMirror} of the graph with its defaults (5 s between two writes of a task, its own 30/min budget). The
 * board notes when each write arrived, so the spacing is measured where Quant sees it.
 */
final class QuantBoardProbe implements AutoCloseable {

    static final String TASK_LIST = "bench-6";

    /** What the board saw. */
    record Figures(int tasksOnBoard, int writes, int tasksWithCloseWrites, Duration shortestGap, int lastStatesUnwritten,
            int warnings) {}

    private final SandboxServer board;
    private final QuantClient client;
    private final QuantMirror mirror;
    private final Map<String, List<Instant>> updates = new ConcurrentHashMap<>();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private int writes;

    private QuantBoardProbe() {
        board = SandboxServer.start(SandboxOptions.builder().quant(true).requestListener((method, path, status, took) -> {
            if (path.contains("/ai/tasks") && (method.equals("POST") || method.equals("PUT"))) {
                synchronized (this) {
                    writes++;
                }
                if (method.equals("PUT")) {
                    String id = path.substring(path.lastIndexOf('/') + 1);
                    updates.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(Instant.now().minus(took));
                }
            }
        }).build());
        client = QuantClient.builder().baseUrl(board.quantUrl().orElseThrow()).organisation("bench")
                .token(SandboxOptions.DEFAULT_TOKEN).build();
        mirror = QuantMirror.builder().client(client).taskListId(TASK_LIST).createdBy("maia-benchmarks")
                .warnings(warnings::add).build();
    }

    static QuantBoardProbe start() {
        return new QuantBoardProbe();
    }

    GraphMirror mirror(TaskGraph graph) {
        return GraphMirror.add(mirror, graph, GraphState.empty(), "the benchmark's policy", null);
    }

    /**
     * Waits for the last states, then reads the board: each task's writes are its create (the board's
     * {@code createdAt}) and its updates (their arrival); a gap under 5 s between two of them counts against the
     * target, allowing 100 ms for the board seeing a write a little after the mirror started it.
     */
    Figures finish() {
        MirrorReport report = mirror.close(Duration.ofMinutes(3));
        List<QuantTaskSummary> tasks = client.listTasks(QuantTaskQuery.inList(TASK_LIST)).tasks();
        int close = 0;
        Duration shortest = null;
        for (QuantTaskSummary t : tasks) {
            List<Instant> times = new ArrayList<>();
            times.add(Instant.ofEpochMilli(t.createdAt()));
            times.addAll(updates.getOrDefault(t.taskId(), List.of()));
            boolean tooClose = false;
            for (int i = 1; i < times.size(); i++) {
                Duration gap = Duration.between(times.get(i - 1), times.get(i));
                shortest = shortest == null || gap.compareTo(shortest) < 0 ? gap : shortest;
                tooClose |= gap.compareTo(QuantMirror.MIN_UPDATE_INTERVAL.minusMillis(100)) < 0;
            }
            close += tooClose ? 1 : 0;
        }
        synchronized (this) {
            return new Figures(tasks.size(), writes, close, shortest == null ? Duration.ZERO : shortest,
                    report.unwritten().size(), warnings.size());
        }
    }

    @Override
    public void close() {
        board.close();
    }
}
