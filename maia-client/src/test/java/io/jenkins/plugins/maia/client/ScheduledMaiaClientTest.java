package io.jenkins.plugins.maia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.client.model.CreatedTask;
import io.jenkins.plugins.maia.client.model.FollowUpMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduled form of the client: the same rules as the blocking one, but no thread ever sleeps or waits for the
 * budget. Retries are scheduled (the test scheduler records each delay and runs it at once, so no test waits), every
 * attempt goes through the gate, and none runs in the caller's thread.
 */
class ScheduledMaiaClientTest extends ApiTestSupport {

    /** Records the delays it is asked for and runs everything at once, on its own thread. */
    static final class RecordingScheduler extends ScheduledThreadPoolExecutor {
        final List<Duration> delays = new CopyOnWriteArrayList<>();

        RecordingScheduler() {
            super(1, r -> {
                Thread t = new Thread(r, "test-scheduler");
                t.setDaemon(true);
                return t;
            });
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            delays.add(Duration.ofNanos(unit.toNanos(delay)));
            return super.schedule(command, 0, unit);
        }

        /** Work handed over to run now is no delay (the pool's execute would go through schedule). */
        @Override
        public void execute(Runnable command) {
            super.schedule(command, 0, TimeUnit.NANOSECONDS);
        }
    }

    /** Runs each attempt on the scheduler, noting the thread, and whether it came in urgently. */
    final class RecordingGate implements AttemptGate {
        final AtomicInteger routine = new AtomicInteger();
        final AtomicInteger urgent = new AtomicInteger();
        final List<String> threads = new CopyOnWriteArrayList<>();

        @Override
        public void whenPermitted(Runnable attempt) {
            routine.incrementAndGet();
            run(attempt);
        }

        @Override
        public void whenPermittedUrgently(Runnable attempt) {
            urgent.incrementAndGet();
            run(attempt);
        }

        private void run(Runnable attempt) {
            scheduler.execute(() -> {
                threads.add(Thread.currentThread().getName());
                attempt.run();
            });
        }
    }

    final RecordingScheduler scheduler = new RecordingScheduler();
    final RecordingGate gate = new RecordingGate();

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    private ScheduledMaiaClient scheduled() {
        return client().scheduled(scheduler, gate);
    }

    private static CreateTaskRequest request() {
        return CreateTaskRequest.builder().message(CreateReconciliationTest.MESSAGE).projectId(PROJECT_ID)
                .sourceBranchName("main").environmentName("dev").targetBranchName("feature/sales").build();
    }

    private static <T> T await(CompletableFuture<T> future) {
        return future.orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Test
    void retriesAreScheduledWithTheBlockingClientsDelaysAndNothingSleeps() {
        server.enqueue(status(502));
        server.enqueue(status(503));
        server.enqueue(status(204));

        await(scheduled().stopTask(TASK_ID));

        assertThat(scheduler.delays).as("jitter 0.5 of 500 ms doubling, as the blocking client waits")
                .containsExactly(Duration.ofMillis(250), Duration.ofMillis(500));
        assertThat(sleeps).as("no thread slept").isEmpty();
        assertThat(budget.acquired).as("the gate, not the blocking budget, let each attempt through").hasValue(0);
        assertThat(gate.urgent).as("a stop goes ahead of routine calls").hasValue(3);
        assertThat(gate.threads).hasSize(3).allMatch("test-scheduler"::equals);
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void aRetryAfterIsScheduledCappedByThePolicyAndReportedToTheBudget() {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "600").build());
        server.enqueue(status(202));

        await(scheduled().sendMessage(TASK_ID, FollowUpMessage.of("continue")));

        assertThat(scheduler.delays).containsExactly(RetryPolicy.defaults().maxRetryAfter());
        assertThat(budget.rateLimited).containsExactly(Duration.ofSeconds(600));
        assertThat(gate.routine).hasValue(2);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aFollowUpThatMayHaveArrivedIsNotRepeated() {
        server.enqueue(status(502));

        CompletableFuture<Void> sent = scheduled().sendMessage(TASK_ID, FollowUpMessage.of("continue"));

        assertThatThrownBy(() -> await(sent)).isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(MaiaTransportException.class,
                        e -> assertThat(e.requestMayHaveBeenProcessed()).isTrue());
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(scheduler.delays).isEmpty();
    }

    @Test
    void anAmbiguousCreateIsReconciledThroughScheduledCalls() throws Exception {
        server.enqueue(status(504));
        server.enqueue(json(200, "{\"tasks\":[{\"taskId\":\"" + TASK_ID + "\",\"status\":\"RUNNING\",\"description\":\""
                + CreateReconciliationTest.MESSAGE + "\",\"createdAt\":\"2026-04-08T10:00:01Z\"}],\"total\":1}"));

        CreatedTask created = await(scheduled().createTask(request()));

        assertThat(created.taskId()).isEqualTo(TASK_ID);
        assertThat(take().getMethod()).isEqualTo("POST");
        assertThat(take().getUrl().queryParameter("createdAfter")).isEqualTo("2026-04-08T09:58:00.000Z");
        assertThat(gate.routine).as("one create, one list").hasValue(2);
        assertThat(gate.threads).allMatch("test-scheduler"::equals);
    }

    @Test
    void aLaterCreateAttemptLooksFirstThroughScheduledCalls() throws Exception {
        server.enqueue(json(200, "{\"tasks\":[],\"total\":0}"));
        server.enqueue(json(201, "{\"taskId\":\"" + TASK_ID + "\",\"status\":\"RUNNING\"}"));

        assertThat(await(scheduled().createTask(request(), NOW.minusSeconds(30))).taskId()).isEqualTo(TASK_ID);

        assertThat(take().getMethod()).isEqualTo("GET");
        assertThat(take().getMethod()).isEqualTo("POST");
    }

    @Test
    void theCallersThreadOnlyHandsOver() {
        server.enqueue(status(204));
        String caller = Thread.currentThread().getName();

        await(scheduled().stopTask(TASK_ID));

        assertThat(gate.threads).singleElement().isNotEqualTo(caller);
    }

    @Test
    void badInputIsRefusedAtOnceWithoutAnyCall() {
        assertThatThrownBy(() -> scheduled().stopTask("not-a-uuid")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("taskId");
        assertThatThrownBy(() -> scheduled().createTask(request(), null)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("requestedAt");
        assertThatThrownBy(() -> client().scheduled(null, null)).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> assertThat(e.violations()).extracting(InvalidRequestException.Violation::field)
                        .containsExactly("scheduler", "gate"));
        assertThat(server.getRequestCount()).isZero();
        assertThat(gate.routine.get() + gate.urgent.get()).isZero();
    }

    @Test
    void cancellingACallStopsItsFurtherAttempts() {
        ConcurrentLinkedQueue<Runnable> held = new ConcurrentLinkedQueue<>();
        AttemptGate manual = held::add; // attempts wait here until the test lets them run
        server.enqueue(status(503));
        server.enqueue(status(204));
        CompletableFuture<Void> stop = client().scheduled(scheduler, manual).stopTask(TASK_ID);

        held.poll().run(); // the first attempt: 503, a retry is scheduled and comes back to the gate
        for (int i = 0; i < 1_000 && held.isEmpty(); i++) {
            LockSupport.parkNanos(10_000_000); // until the scheduler handed the retry over, at most 10 s
        }
        stop.cancel(false);
        held.poll().run();

        assertThat(stop).isCancelled();
        assertThat(server.getRequestCount()).as("no attempt after the cancel").isEqualTo(1);
    }

    @Test
    void aGateOverABlockingBudgetWaitsOnTheExecutorNeverInTheCaller() {
        server.enqueue(status(204));
        var executor = Executors.newSingleThreadExecutor();
        try {
            await(client().scheduled(scheduler, AttemptGate.of(budget, executor)).stopTask(TASK_ID));
        } finally {
            executor.shutdownNow();
        }
        assertThat(budget.acquired).hasValue(1);
    }

    @Test
    void aShutDownSchedulerFailsTheCallInsteadOfLosingIt() {
        server.enqueue(status(503));
        AttemptGate inline = Runnable::run;
        scheduler.shutdown();

        CompletableFuture<Void> stop = client().scheduled(scheduler, inline).stopTask(TASK_ID);

        assertThatThrownBy(() -> await(stop)).cause().isInstanceOf(MaiaTransportException.class)
                .hasMessageContaining("the scheduler of its attempts is shut down");
    }
}
