package io.jenkins.plugins.maia.follower.follow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.maia.client.MaiaClient;
import io.jenkins.plugins.maia.client.ScheduledMaiaClient;
import io.jenkins.plugins.maia.client.auth.StaticToken;
import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.client.model.CreatedTask;
import io.jenkins.plugins.maia.client.model.FollowUpMessage;
import io.jenkins.plugins.maia.follower.budget.AccountBudget;
import io.jenkins.plugins.maia.follower.budget.AccountBudgets;
import io.jenkins.plugins.maia.follower.budget.BudgetSettings;
import io.jenkins.plugins.maia.follower.testing.ManualClock;
import io.jenkins.plugins.maia.follower.testing.ManualScheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Nothing done on behalf of a follow or a launch waits in a thread. Launch-time calls through
 * {@link TaskFollower#calls}: the caller only hands them over; every attempt waits for the account's budget in its
 * queue and every retry is a scheduled task of the follower, never a sleep. Follows through the real client: a
 * Retry-After is a scheduled read, not a sleep in the client. The scheduler is manual and runs every task in the
 * test's thread, so a call that slept or blocked there would show as requests made before their time came.
 */
class ThreadsNeverWaitTest {
    private static final String TASK = "550e8400-e29b-41d4-a716-446655440000";
    private static final String PROJECT = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";

    private final ManualClock clock = new ManualClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final AccountBudgets budgets = new AccountBudgets(clock);
    private MockWebServer server;
    private TaskFollower follower;
    private MaiaClient client;

    @BeforeEach
    void setUp() throws Exception {
        server = new MockWebServer();
        server.start();
        follower = TaskFollower.builder().scheduler(scheduler).clock(clock).budgets(budgets)
                .budgetSettings(new BudgetSettings(60, 1)).build();
        client = MaiaClient.builder().baseUrl(server.url("/dpc").toString()).tokenSource(StaticToken.of("tok-launch"))
                .build();
    }

    @AfterEach
    void tearDown() {
        follower.close();
        server.close();
    }

    private static CreateTaskRequest request() {
        return CreateTaskRequest.builder().message("Fix the nightly load").projectId(PROJECT)
                .sourceBranchName("main").environmentName("dev").generateBranch(true).build();
    }

    private AccountBudget budget() {
        return budgets.forAccount(client.accountKey());
    }

    @Test
    void aRetryAfterIsAScheduledRetryNotASleep() {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "120").build());
        server.enqueue(new MockResponse.Builder().code(201).setHeader("Content-Type", "application/json")
                .body("{\"taskId\":\"" + TASK + "\",\"status\":\"RUNNING\"}").build());

        CompletableFuture<CreatedTask> created = follower.calls(client).createTask(request());
        assertThat(server.getRequestCount()).as("the caller only handed the call over").isZero();

        scheduler.runReady();
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(created).as("waiting for the Retry-After, in no thread").isNotDone();
        assertThat(scheduler.pending()).isPositive();
        assertThat(budget().rateLimitedCount()).as("the 429 paused the account").isEqualTo(1);

        scheduler.advance(Duration.ofSeconds(119));
        assertThat(created).isNotDone();
        // The retry is due after 120 s; the 429 also emptied the account's bucket, so it takes the next token.
        scheduler.advance(Duration.ofSeconds(2));

        assertThat(created).isCompletedWithValueMatching(t -> t.taskId().equals(TASK));
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void priorityCallsOvertakeTheRoutineCallsWaitingInTheQueue() throws Exception {
        // Answers in the order expected: the first message, the create, then the two other messages.
        server.enqueue(new MockResponse.Builder().code(202).build());
        server.enqueue(new MockResponse.Builder().code(201).setHeader("Content-Type", "application/json")
                .body("{\"taskId\":\"" + TASK + "\",\"status\":\"RUNNING\"}").build());
        server.enqueue(new MockResponse.Builder().code(202).build());
        server.enqueue(new MockResponse.Builder().code(202).build());
        ScheduledMaiaClient calls = follower.calls(client);

        CompletableFuture<Void> first = calls.sendMessage(TASK, FollowUpMessage.of("one"));
        CompletableFuture<Void> second = calls.sendMessage(TASK, FollowUpMessage.of("two"));
        CompletableFuture<Void> third = calls.sendMessage(TASK, FollowUpMessage.of("three"));
        scheduler.runReady();
        assertThat(first).isDone();
        CompletableFuture<CreatedTask> created = follower.priorityCalls(client).createTask(request());
        scheduler.runReady();
        assertThat(created).as("waits for the next token, in no thread").isNotDone();

        scheduler.advance(Duration.ofSeconds(1));

        assertThat(created).as("the next token goes to the priority call").isCompleted();
        assertThat(second).isNotDone();
        assertThat(third).isNotDone();
        assertThat(server.takeRequest().getUrl().encodedPath()).endsWith("/messages");
        assertThat(server.takeRequest().getUrl().encodedPath()).as("the create, second").endsWith("/tasks");
        scheduler.advance(Duration.ofSeconds(2));
        assertThat(second).isCompletedWithValue(null);
        assertThat(third).isCompletedWithValue(null);
    }

    @Test
    void callsWaitForTheAccountsBudgetInItsQueueWithoutBlocking() {
        for (int i = 0; i < 2; i++) {
            server.enqueue(new MockResponse.Builder().code(202).build());
        }
        ScheduledMaiaClient calls = follower.calls(client);

        CompletableFuture<Void> first = calls.sendMessage(TASK, FollowUpMessage.of("Go ahead."));
        CompletableFuture<Void> second = calls.sendMessage(TASK, FollowUpMessage.of("And the tests."));
        scheduler.runReady();

        assertThat(first).isCompletedWithValue(null);
        assertThat(second).as("the burst of 1 is spent: it waits in the budget's queue").isNotDone();
        assertThat(budget().waiting()).isEqualTo(1);

        scheduler.advance(Duration.ofSeconds(1));

        assertThat(second).isCompletedWithValue(null);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aStopGoesAheadOfRoutineCallsInTheBudgetsQueue() throws Exception {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse.Builder().code(202).build());
        }
        ScheduledMaiaClient calls = follower.calls(client);
        calls.sendMessage(TASK, FollowUpMessage.of("first"));
        scheduler.runReady(); // spends the burst
        CompletableFuture<Void> routine = calls.sendMessage(TASK, FollowUpMessage.of("second"));
        CompletableFuture<Void> stop = calls.stopTask(TASK);
        scheduler.runReady();

        scheduler.advance(Duration.ofSeconds(1));

        assertThat(stop).as("granted the next token").isDone();
        assertThat(routine).isNotDone();
        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getTarget()).endsWith("/messages");
        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getTarget()).endsWith("/stop");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aFollowThroughTheRealClientWaitsOutARetryAfterAsAScheduledRead() {
        server.setDispatcher(new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(mockwebserver3.RecordedRequest request) {
                return new MockResponse.Builder().code(429).setHeader("Retry-After", "120").build();
            }
        });
        FollowHandle handle = follower.follow(client, FollowState.start(TASK, null), FollowOptions.defaults(), null);

        scheduler.runReady();
        assertThat(server.getRequestCount()).as("one read, answered 429").isEqualTo(1);
        scheduler.advance(Duration.ofSeconds(119));
        assertThat(server.getRequestCount()).as("no retry inside the client, no other call of the paused account")
                .isEqualTo(1);
        scheduler.advance(Duration.ofSeconds(2));

        assertThat(server.getRequestCount()).as("the read again, once the Retry-After has passed").isEqualTo(2);
        assertThat(handle.result()).isNotDone();
        handle.detach();
    }

    @Test
    void aClosedFollowerTakesNoCalls() {
        follower.close();

        assertThatThrownBy(() -> follower.calls(client)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
