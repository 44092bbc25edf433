package io.jenkins.plugins.maia.follower.follow;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.client.model.CreatedTask;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskStatus;
import io.jenkins.plugins.maia.follower.budget.AccountBudgets;
import io.jenkins.plugins.maia.follower.budget.BudgetSettings;
import io.jenkins.plugins.maia.follower.testing.FakeMaia;
import io.jenkins.plugins.maia.follower.testing.FakeProject;
import io.jenkins.plugins.maia.follower.testing.LoggingPort;
import io.jenkins.plugins.maia.follower.testing.ManualClock;
import io.jenkins.plugins.maia.follower.testing.ManualScheduler;
import io.jenkins.plugins.maia.follower.testing.RecordingListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A follow started from a create's answer ({@link TaskFollower#followCreated}): the answer stands in for the first
 * read of the task when it can, so the project's watch looks at the task from its first round and the task is read
 * only when the watch saw it end; when it cannot, the task is read first as by any follow.
 */
class CreatedFollowTest {

    private static final String ACCOUNT = "http://127.0.0.1/dpc|created";
    private static final CreateTaskRequest REQUEST = CreateTaskRequest.builder().message("build the marts")
            .projectId("p").sourceBranchName("main").environmentName("env").targetBranchName("maia/feature").build();

    private ManualClock clock;
    private ManualScheduler scheduler;
    private FakeProject project;
    private TaskFollower follower;
    private final RecordingListener listener = new RecordingListener();
    /** Every call, in the order the server saw them: "GET_TASK", "GET_MESSAGES", "list". */
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void setUp() {
        clock = new ManualClock();
        scheduler = new ManualScheduler(clock);
        project = new FakeProject();
        follower = TaskFollower.builder().scheduler(scheduler).clock(clock).budgets(new AccountBudgets(clock))
                .budgetSettings(new BudgetSettings(60, 5)).build();
    }

    @Test
    void aTaskFollowedFromItsCreatesAnswerIsWatchedAtOnceAndReadOnlyWhenItEnds() {
        FakeMaia task = newTask();
        FollowHandle handle = followCreated(task, running(task), REQUEST, FollowState.start("a", null));
        scheduler.advance(Duration.ofSeconds(5));

        assertThat(calls).as("no read of its own: the watch looks at it").isNotEmpty().containsOnly("list");
        assertThat(listener.statuses).as("its status told from the create's answer").hasSize(1);
        Task told = listener.statuses.get(0);
        assertThat(told.status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(told.agentConfig().projectId()).isEqualTo("p");
        assertThat(handle.state().lastStatus()).as("saved as seen").isEqualTo(TaskStatus.RUNNING);

        task.addText("assistant", "building the marts");
        scheduler.advance(Duration.ofSeconds(5));
        assertThat(calls).as("the change the watch saw brings the messages, still no task read")
                .contains("GET_MESSAGES").doesNotContain("GET_TASK");
        assertThat(listener.events).as("the event the change brought").hasSize(1);

        task.finish();
        assertThat(scheduler.runUntil(() -> handle.result().isDone(), Duration.ofSeconds(30))).isTrue();
        FollowResult result = handle.result().join();
        assertThat(result.outcome()).isEqualTo(FollowOutcome.FINISHED);
        assertThat(result.messagesComplete()).isTrue();
        assertThat(result.task().description()).as("the end's read brings what the answer did not say")
                .isEqualTo("the task");
        assertThat(calls).as("the task read once, for its end, then its final messages")
                .containsOnlyOnce("GET_TASK").endsWith("list", "GET_TASK", "GET_MESSAGES");
    }

    @Test
    void theFirstMessagesOfATaskJustCreatedAreReadAfterItsFirstChangeNotBefore() {
        FakeMaia task = newTask();
        followCreated(task, running(task), REQUEST, FollowState.start("a", null));
        scheduler.advance(Duration.ofSeconds(20));

        assertThat(calls).as("nothing to read of a task that has not changed").doesNotContain("GET_MESSAGES");
        assertThat(listener.events).isEmpty();
    }

    @Test
    void anAnswerThatCannotStandInForARead() {
        FakeMaia a = newTask();
        CreateTaskRequest noProject = CreateTaskRequest.builder().message("m").targetBranchName("b").build();

        assertThat(FirstRead.of(running(a), noProject)).as("no project: no watch to look at it").isNull();
        assertThat(FirstRead.of(new CreatedTask("a", TaskStatus.STOPPED, "agent", clock.instant()), REQUEST))
                .as("not RUNNING: it may be paused, its pending decisions are not in the answer").isNull();
        assertThat(FirstRead.of(new CreatedTask("a", TaskStatus.RUNNING, "agent", null), REQUEST)).isNull();
        Task read = FirstRead.of(running(a), REQUEST);
        assertThat(read.modifiedAt()).as("unmodified since created, as far as the answer says")
                .isEqualTo(read.createdAt());
        assertThat(read.pendingDecisions()).isEmpty();
    }

    @Test
    void aFollowWhoseAnswerCannotStandInReadsTheTaskFirst() {
        FakeMaia task = newTask();
        followCreated(task, new CreatedTask("a", TaskStatus.UNKNOWN, "agent", clock.instant()), REQUEST,
                FollowState.start("a", null));
        scheduler.runReady();

        assertThat(calls).first().isEqualTo("GET_TASK");
    }

    @Test
    void aStateThatSawTheTaskBeforeIsReadFirstAsAnyResumedFollow() {
        FakeMaia task = newTask();
        FollowState seen = FollowState.start("a", null).withSeen(TaskStatus.STOPPED, clock.instant());
        followCreated(task, running(task), REQUEST, seen);
        scheduler.runReady();

        assertThat(calls).first().isEqualTo("GET_TASK");
    }

    @Test
    void anAnswerForAnotherTaskIsNotTaken() {
        FakeMaia task = newTask();
        followCreated(task, new CreatedTask("b", TaskStatus.RUNNING, "agent", clock.instant()), REQUEST,
                FollowState.start("a", null));
        scheduler.runReady();

        assertThat(calls).first().isEqualTo("GET_TASK");
    }

    private FakeMaia newTask() {
        Instant created = clock.instant();
        FakeMaia task = new FakeMaia("a", clock).createdAt(created);
        project.add(task);
        return task;
    }

    private CreatedTask running(FakeMaia task) {
        return new CreatedTask(task.summary().taskId(), TaskStatus.RUNNING, "data_engineer_agent",
                task.summary().createdAt());
    }

    private FollowHandle followCreated(FakeMaia task, CreatedTask created, CreateTaskRequest request,
            FollowState state) {
        return follower.followCreated(new LoggingPort(project.api(task), "", calls), ACCOUNT, created, request, state,
                FollowOptions.defaults(), listener, true);
    }
}
