package io.jenkins.plugins.maia.follower.follow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jenkins.plugins.maia.follower.budget.AccountBudgets;
import io.jenkins.plugins.maia.follower.budget.BudgetSettings;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.follower.decision.DecisionPolicy;
import io.jenkins.plugins.maia.follower.testing.FakeMaia;
import io.jenkins.plugins.maia.follower.testing.ManualClock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link TaskFollower#close()} on real threads: it lets a tick that is under way finish, within a bound. */
class TaskFollowerCloseTest {

    private static final String ACCOUNT = "http://127.0.0.1/dpc|close-test";

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);

    @AfterEach
    void stop() throws InterruptedException {
        scheduler.shutdownNow();
        assertThat(scheduler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private TaskFollower follower(Duration closeGrace) {
        return TaskFollower.builder().scheduler(scheduler).budgets(new AccountBudgets(InstantSource.system()))
                .budgetSettings(new BudgetSettings(60_000, 100)).closeGrace(closeGrace).build();
    }

    private static FollowOptions options() {
        return FollowOptions.builder().decisions(DecisionPolicy.pauseForEverything())
                .polling(new PollingPolicy(Duration.ofMillis(10), 1.5, Duration.ofMillis(50))).build();
    }

    @Test
    void closeWaitsForAListenerThatIsSavingTheState() {
        FakeMaia maia = new FakeMaia("t-1", new ManualClock());
        maia.addEvents(1);
        TaskFollower follower = follower(Duration.ofSeconds(30));
        CountDownLatch saving = new CountDownLatch(1);
        AtomicBoolean saved = new AtomicBoolean();
        FollowHandle[] handle = new FollowHandle[1];
        FollowListener slowStore = new FollowListener() {
            @Override
            public void onStateChanged(FollowState state) {
                if (saving.getCount() == 0) {
                    return;
                }
                saving.countDown();
                // Still writing when the controller begins to shut down: finishes once close() has detached it.
                await().atMost(Duration.ofSeconds(20)).until(() -> handle[0].result().isCancelled());
                saved.set(true);
            }
        };
        handle[0] = follower.follow(maia, ACCOUNT, FollowState.start("t-1", null), options(), slowStore);
        await().atMost(Duration.ofSeconds(20)).until(() -> saving.getCount() == 0);

        follower.close();

        assertThat(saved).as("the save under way finished before close() returned").isTrue();
        assertThat(handle[0].result()).isCancelled();
    }

    @Test
    void closeWaitsNoLongerThanItsGraceAndTheLateTickCallsNoListener() throws Exception {
        CountDownLatch callStarted = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        FakeMaia maia = new FakeMaia("t-1", new ManualClock());
        TaskApi slowServer = new TaskApi() {
            @Override
            public Task getTask(String id) {
                callStarted.countDown();
                try {
                    answer.await(20, TimeUnit.SECONDS); // a call that outlives the close grace
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return maia.getTask(id);
            }

            @Override
            public io.jenkins.plugins.maia.client.model.MessagePage getMessages(String id, int limit, String token) {
                return maia.getMessages(id, limit, token);
            }

            @Override
            public List<io.jenkins.plugins.maia.client.model.PendingDecision> submitDecisions(String id,
                    List<io.jenkins.plugins.maia.client.model.Decision> decisions) {
                return maia.submitDecisions(id, decisions);
            }

            @Override
            public void stopTask(String id) {
                maia.stopTask(id);
            }
        };
        List<String> calls = new CopyOnWriteArrayList<>();
        FollowListener listener = new FollowListener() {
            @Override
            public void onStatus(Task task) {
                calls.add("status");
            }

            @Override
            public void onStateChanged(FollowState state) {
                calls.add("state");
            }
        };
        TaskFollower follower = follower(Duration.ofMillis(50));
        FollowHandle handle = follower.follow(slowServer, ACCOUNT, FollowState.start("t-1", null), options(),
                listener);
        assertThat(callStarted.await(20, TimeUnit.SECONDS)).isTrue();

        follower.close(); // returns although the call is still under way

        assertThat(answer.getCount()).as("the call was still under way").isEqualTo(1);
        answer.countDown();
        scheduler.shutdown();
        assertThat(scheduler.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
        assertThat(calls).as("listener calls after close").isEmpty();
        assertThat(handle.result()).isCancelled();
    }
}
