package io.jenkins.plugins.maia.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskEvent;
import io.jenkins.plugins.maia.client.model.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pieces that turn raw observations into figures. */
class MeasurementTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    /** A clock the test sets. */
    private static final class Clock implements InstantSource {
        private Instant now;

        Clock(Instant now) {
            this.now = now;
        }

        void at(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void percentilesAreNearestRankSoEachIsAMeasuredValue() {
        Distribution d = Distribution.of(List.of(5.0, 1.0, 3.0, 2.0, 4.0, 6.0, 7.0, 8.0, 9.0, 10.0,
                11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0, 18.0, 19.0, 20.0));

        assertThat(d.count()).isEqualTo(20);
        assertThat(d.p50Millis()).isEqualTo(10.0);
        assertThat(d.p95Millis()).isEqualTo(19.0);
        assertThat(d.maxMillis()).isEqualTo(20.0);
        assertThat(Distribution.of(List.of()).count()).isZero();
        assertThat(Distribution.of(List.of()).describe()).isEqualTo("no samples");
    }

    @Test
    void requestKindsFollowTheContractPaths() {
        assertThat(RequestLog.kind("POST", "/dpc/v1/ai/agents/tasks")).isEqualTo(RequestLog.Kind.CREATE);
        assertThat(RequestLog.kind("GET", "/dpc/v1/ai/agents/tasks")).isEqualTo(RequestLog.Kind.LIST_TASKS);
        assertThat(RequestLog.kind("DELETE", "/dpc/v1/ai/agents/tasks")).isEqualTo(RequestLog.Kind.OTHER);
        assertThat(RequestLog.kind("GET", "/dpc/v1/ai/agents/tasks/t1")).isEqualTo(RequestLog.Kind.GET_TASK);
        assertThat(RequestLog.kind("GET", "/dpc/v1/ai/agents/tasks/t1/messages"))
                .isEqualTo(RequestLog.Kind.GET_MESSAGES);
        assertThat(RequestLog.kind("POST", "/dpc/v1/ai/agents/tasks/t1/decisions"))
                .isEqualTo(RequestLog.Kind.DECISIONS);
        assertThat(RequestLog.kind("POST", "/dpc/v1/ai/agents/tasks/t1/stop")).isEqualTo(RequestLog.Kind.STOP);
        assertThat(RequestLog.kind("POST", "/oauth/dpc/token")).isEqualTo(RequestLog.Kind.OTHER);
    }

    @Test
    void aChangeIsNoticedByTheFirstTaskReadThatCoversItEvenBeforeItsEventArrives() {
        Clock clock = new Clock(T0);
        DetectionLog log = new DetectionLog(clock);
        Instant changedAt = T0.plusMillis(100_250); // modifiedAt has milliseconds, events microseconds
        clock.at(T0.plusSeconds(102));
        log.onStatus(task(TaskStatus.RUNNING, changedAt.minusMillis(2))); // before the change: not covering
        clock.at(T0.plusSeconds(103));
        log.onStatus(task(TaskStatus.RUNNING, Instant.parse("2025-01-01T00:01:40.250Z"))); // covers it
        clock.at(T0.plusSeconds(105));
        log.onEvent(event(changedAt.plusNanos(400_000), "text", "assistant"));

        List<DetectionLog.Latency> latencies = log.latencies();

        assertThat(latencies).singleElement().satisfies(l -> {
            assertThat(l.millis()).isEqualTo(2_749.6);
            assertThat(l.status()).isFalse();
        });
    }

    @Test
    void withoutACoveringReadTheChangeIsNoticedWhenItsEventArrives() {
        Clock clock = new Clock(T0.plusSeconds(10));
        DetectionLog log = new DetectionLog(clock);
        log.onStatus(task(TaskStatus.RUNNING, T0.plusSeconds(1))); // older modifiedAt
        clock.at(T0.plusSeconds(12));
        log.onEvent(event(T0.plusSeconds(9), "status", null));

        assertThat(log.latencies()).singleElement().satisfies(l -> {
            assertThat(l.millis()).isEqualTo(3_000.0);
            assertThat(l.status()).isTrue();
        });
    }

    @Test
    void changesTheFollowerCausedAreNotCounted() {
        DetectionLog log = new DetectionLog(new Clock(T0));
        Instant at = T0.minusSeconds(1);
        log.onEvent(event(at, "text", "user"));
        log.onEvent(event(at.plusMillis(1), "decision", null));
        log.onEvent(new TaskEvent(agentText(), "g", null, null)); // no timestamp: cannot be timed

        assertThat(log.changes()).isZero();
        assertThat(log.latencies()).isEmpty();
    }

    @Test
    void peakWindowCountsTheBusiestSlidingMinute() {
        RequestLog log = new RequestLog();
        assertThat(log.peakIn(Duration.ofMinutes(1))).isZero();
        for (double s : new double[] {0, 10, 59.9, 60, 61, 119, 200}) {
            log.add((long) (s * 1e9), RequestLog.Kind.GET_TASK, s == 61 ? 429 : 200);
        }

        assertThat(log.peakIn(Duration.ofMinutes(1))).isEqualTo(4);
        assertThat(log.total()).isEqualTo(7);
        assertThat(log.answered(429)).isEqualTo(1);
        assertThat(log.whenAnswered(429)).containsExactly("get_task at 61.0 s");
        assertThat(log.span()).isEqualTo(Duration.ofSeconds(200));
    }

    @Test
    void largestBurstIsTheTokenBucketTest() {
        RequestLog steady = new RequestLog();
        for (int i = 0; i < 5; i++) {
            steady.add(0, RequestLog.Kind.CREATE, 201); // a burst of 5 at once
        }
        for (int i = 1; i <= 10; i++) {
            steady.add(i * 1_000_000_000L, RequestLog.Kind.GET_TASK, 200); // then one a second
        }
        RequestLog early = new RequestLog();
        for (int i = 0; i < 5; i++) {
            early.add(0, RequestLog.Kind.CREATE, 201);
        }
        early.add(500_000_000L, RequestLog.Kind.GET_TASK, 200); // a sixth, half a second later

        assertThat(steady.largestBurst(60)).isEqualTo(5.0);
        assertThat(early.largestBurst(60)).isEqualTo(5.5);
        assertThat(new RequestLog().largestBurst(60)).isZero();
    }

    @Test
    void theSameSeedGivesTheSameTasks() {
        Workload.Model model = new Workload.Model(Duration.ofMillis(100), Duration.ofSeconds(60),
                Duration.ofSeconds(90), 1.0, 0.2);

        List<Workload.Script> a = Workload.generate("w", 3, 42, model);
        List<Workload.Script> b = Workload.generate("w", 3, 42, model);
        List<Workload.Script> c = Workload.generate("w", 3, 43, model);

        assertThat(a).extracting(Workload.Script::scenario)
                .isEqualTo(b.stream().map(Workload.Script::scenario).toList());
        assertThat(a).extracting(Workload.Script::scenario)
                .isNotEqualTo(c.stream().map(Workload.Script::scenario).toList());
        for (Workload.Script s : a) {
            assertThat(s.plannedLength()).isBetween(Duration.ofSeconds(55), Duration.ofSeconds(95));
            assertThat(s.agentEvents()).isGreaterThan(3);
            assertThat(s.request("x").message()).startsWith("[scenario:" + s.name() + "]");
        }
    }

    @Test
    void badBudgetOptionIsRefusedWithTheExpectedForm() {
        assertThatThrownBy(() -> BenchMain.Options.parse(new String[] {"--budget", "sixty"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("REQUESTS_PER_MINUTE/BURST");
        assertThatThrownBy(() -> BenchMain.Options.parse(new String[] {"--only", "7"}))
                .hasMessageContaining("1 to 6");
        assertThat(BenchMain.Options.parse(new String[] {"--only", "5"}).only()).containsExactly(5);
        assertThat(BenchMain.Options.parse(new String[] {"--full", "--budget", "60/4"}).config().budget().budget())
                .isEqualTo(new io.jenkins.plugins.maia.follower.budget.BudgetSettings(60, 4));
    }

    private static Task task(TaskStatus status, Instant modifiedAt) {
        return new Task("t1", status, "d", modifiedAt.minusSeconds(60), modifiedAt, null, List.of(), List.of());
    }

    private static TaskEvent event(Instant at, String type, String role) {
        ObjectNode data = NODES.objectNode().put("type", type);
        if (role != null) {
            data.put("role", role).put("content", "hello");
        }
        return new TaskEvent(data, "g", at, data);
    }

    private static ObjectNode agentText() {
        return NODES.objectNode().put("type", "text").put("role", "assistant").put("content", "hi");
    }
}
