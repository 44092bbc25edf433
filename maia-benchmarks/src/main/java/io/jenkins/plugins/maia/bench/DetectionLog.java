package io.jenkins.plugins.maia.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskEvent;
import io.jenkins.plugins.maia.follower.follow.FollowListener;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Records, for one follow, when each change the agent made on the server was noticed by the follower; the source
 * of the detection latencies.
 *
 * <p>A change is an event the agent added to the task (a message, a tool call or result, a status change such as
 * "paused for approval" or "finished"); the sandbox stamps each with the microsecond it happened, and bumps the
 * task's {@code modifiedAt} (milliseconds). Events the follower caused itself (the user's first message, the
 * echo of its own decisions) are left out.
 *
 * <p>The follower has noticed a change at the earliest of: the listener receiving the event itself, or the listener
 * being told of a task read ({@code onStatus}) whose {@code modifiedAt} covers it. Both clocks are this machine's
 * wall clock (the sandbox runs in another JVM on the same host).
 */
final class DetectionLog implements FollowListener {

    /** One agent change: when the server made it, whether it was a status change, when its event arrived. */
    private record Change(Instant at, boolean status, Instant deliveredAt) {}

    /** A task read the follower reported: when, and the {@code modifiedAt} it showed. */
    private record Read(Instant at, Instant modifiedAt) {}

    /** Detection latency of one change. */
    record Latency(double millis, boolean status) {}

    private final InstantSource clock;
    private final List<Change> changes = new ArrayList<>();
    private final List<Read> reads = new ArrayList<>();

    DetectionLog() {
        this(InstantSource.system());
    }

    /** With the clock that says when the follower noticed something (tests pass their own). */
    DetectionLog(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void onEvent(TaskEvent event) {
        Instant now = clock.instant();
        if (event.timestamp() == null || !isAgentChange(event.data())) {
            return;
        }
        changes.add(new Change(event.timestamp(), "status".equals(event.data().path("type").asText()), now));
    }

    @Override
    public synchronized void onStatus(Task task) {
        Instant now = clock.instant();
        if (task.modifiedAt() != null) {
            reads.add(new Read(now, task.modifiedAt()));
        }
    }

    /** How many agent changes were seen. */
    synchronized int changes() {
        return changes.size();
    }

    /** The detection latency of every agent change seen (read it once the follow is over). */
    synchronized List<Latency> latencies() {
        List<Latency> out = new ArrayList<>(changes.size());
        int r = 0;
        for (Change c : changes) {
            Instant coveredFrom = c.at().truncatedTo(ChronoUnit.MILLIS);
            // Reads and changes are both in time order, so the first covering read only moves forward.
            while (r < reads.size() && reads.get(r).modifiedAt().isBefore(coveredFrom)) {
                r++;
            }
            Instant noticed = c.deliveredAt();
            for (int k = r; k < reads.size(); k++) {
                Read read = reads.get(k);
                if (!read.at().isBefore(noticed)) {
                    break;
                }
                if (!read.at().isBefore(c.at())) {
                    noticed = read.at();
                    break;
                }
            }
            double millis = Duration.between(c.at(), noticed).toNanos() / 1e6;
            out.add(new Latency(Math.max(0, millis), c.status()));
        }
        return out;
    }

    /** The detection latencies of several follows: over every agent change, and over status changes only. */
    record Summary(Distribution changes, Distribution statusChanges) {}

    /** Sums up the latencies of {@code logs} (read them once their follows are over). */
    static Summary summarize(List<DetectionLog> logs) {
        List<Double> all = new ArrayList<>();
        List<Double> status = new ArrayList<>();
        for (DetectionLog d : logs) {
            for (Latency l : d.latencies()) {
                all.add(l.millis());
                if (l.status()) {
                    status.add(l.millis());
                }
            }
        }
        return new Summary(Distribution.of(all), Distribution.of(status));
    }

    /** Agent messages, tool calls and results, status and errors; not the user's messages nor decision echoes. */
    static boolean isAgentChange(JsonNode data) {
        if (data == null) {
            return false;
        }
        String type = data.path("type").asText("");
        if (type.equals("decision")) {
            return false;
        }
        return !(type.equals("text") && data.path("role").asText("").equals("user"));
    }
}
