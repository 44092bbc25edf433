package io.jenkins.plugins.maia.follower.graph;

import static io.jenkins.plugins.maia.follower.testing.FakeMaia.tool;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.maia.client.TaskMayExistException;
import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.client.model.CreatedTask;
import io.jenkins.plugins.maia.client.model.TaskStatus;
import io.jenkins.plugins.maia.follower.budget.AccountBudget;
import io.jenkins.plugins.maia.follower.budget.AccountBudgets;
import io.jenkins.plugins.maia.follower.budget.BudgetSettings;
import io.jenkins.plugins.maia.follower.decision.DecisionPolicy;
import io.jenkins.plugins.maia.follower.decision.HumanAnswer;
import io.jenkins.plugins.maia.follower.follow.FollowHandle;
import io.jenkins.plugins.maia.follower.follow.FollowListener;
import io.jenkins.plugins.maia.follower.follow.FollowOptions;
import io.jenkins.plugins.maia.follower.follow.FollowOutcome;
import io.jenkins.plugins.maia.follower.follow.FollowState;
import io.jenkins.plugins.maia.follower.follow.TaskFollower;
import io.jenkins.plugins.maia.follower.testing.FakeMaia;
import io.jenkins.plugins.maia.follower.testing.ManualClock;
import io.jenkins.plugins.maia.follower.testing.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A graph run on the manual clock and scheduler, its tasks in-memory fakes followed by a real TaskFollower. */
class GraphRunTest {

    private static final String ACCOUNT = "acct";
    private static final Duration LIMIT = Duration.ofMinutes(30);

    private ManualClock clock;
    private ManualScheduler scheduler;
    private TaskFollower follower;
    private FakeLauncher launcher;
    private Events events;

    @BeforeEach
    void setUp() {
        clock = new ManualClock();
        scheduler = new ManualScheduler(clock);
        follower = TaskFollower.builder().scheduler(scheduler).clock(clock).budgets(new AccountBudgets(clock))
                .budgetSettings(new BudgetSettings(6000, 100)).build();
        launcher = new FakeLauncher();
        events = new Events();
    }

    /** Creates an in-memory task per create (its id {@code m-<graph id>}) and follows it on the one follower. */
    private final class FakeLauncher implements TaskLauncher {
        final Map<String, FakeMaia> tasks = Collections.synchronizedMap(new LinkedHashMap<>());
        final List<String> creates = Collections.synchronizedList(new ArrayList<>());
        final Map<String, RuntimeException> failFirstCreate = new LinkedHashMap<>();
        /** The Maia task ids followed as tasks others wait on. */
        final List<String> awaited = Collections.synchronizedList(new ArrayList<>());

        @Override
        public CompletableFuture<CreatedTask> create(CreateTaskRequest request, Instant requestedAt, boolean first) {
            String id = request.message();
            creates.add(id + (first ? " first at " : " again since ") + requestedAt);
            CompletableFuture<CreatedTask> created = new CompletableFuture<>();
            // Answered on the scheduler, as the client's scheduled create is.
            scheduler.schedule(() -> {
                RuntimeException failure = failFirstCreate.remove(id);
                if (failure != null) {
                    created.completeExceptionally(failure);
                    return;
                }
                FakeMaia maia = tasks.computeIfAbsent("m-" + id, k -> new FakeMaia(k, clock));
                created.complete(new CreatedTask("m-" + id, TaskStatus.RUNNING, "agent", clock.instant()));
            }, 10, TimeUnit.MILLISECONDS);
            return created;
        }

        @Override
        public FollowHandle follow(FollowState state, FollowOptions options, FollowListener listener) {
            return follower.follow(tasks.get(state.taskId()), ACCOUNT, state, options, listener);
        }

        @Override
        public FollowHandle followAwaited(FollowState state, FollowOptions options, FollowListener listener) {
            awaited.add(state.taskId());
            return follower.followAwaited(tasks.get(state.taskId()), ACCOUNT, state, options, listener);
        }

        /** The Maia task ids followed from their create's answer (the others were followed from a saved state). */
        final List<String> fromAnswer = Collections.synchronizedList(new ArrayList<>());

        @Override
        public FollowHandle followCreated(CreatedTask created, CreateTaskRequest request, FollowState state,
                FollowOptions options, FollowListener listener, boolean awaited) {
            fromAnswer.add(created.taskId() + (request.message().equals(created.taskId().substring(2)) ? "" : "?"));
            if (awaited) {
                this.awaited.add(state.taskId());
            }
            return follower.followCreated(tasks.get(state.taskId()), ACCOUNT, created, request, state, options,
                    listener, awaited);
        }

        /** The budget holds the run took ("held") and gave up ("released"), in order. */
        final List<String> holds = Collections.synchronizedList(new ArrayList<>());

        @Override
        public AccountBudget.Hold holdBudget() {
            holds.add("held");
            return () -> holds.add("released");
        }

        FakeMaia task(String graphId) {
            return tasks.get("m-" + graphId);
        }
    }

    /** What the run told, in order. */
    private static final class Events implements GraphListener {
        final List<String> log = Collections.synchronizedList(new ArrayList<>());
        volatile GraphState state = GraphState.empty();

        @Override
        public void onTaskStarted(GraphTask task, boolean resumed) {
            log.add((resumed ? "resumed " : "started ") + task.id());
        }

        @Override
        public void onTaskEnded(GraphTaskResult result) {
            log.add("ended " + result.id() + " " + result.outcome());
        }

        @Override
        public void onStateChanged(GraphState s) {
            state = s;
        }
    }

    private static GraphTask task(String id, String... deps) {
        return task(id, FollowOptions.builder().decisions(DecisionPolicy.pauseForEverything()).build(), deps);
    }

    private static GraphTask task(String id, FollowOptions options, String... deps) {
        CreateTaskRequest request = CreateTaskRequest.builder().message(id).projectId("p").build();
        return new GraphTask(id, List.of(deps), request, options, null);
    }

    private static TaskGraph threeLevels(int maxConcurrent, boolean failFast) {
        return new TaskGraph(List.of(task("staging"), task("seeds"), task("marts", "staging", "seeds"),
                task("docs", "marts")), maxConcurrent, failFast);
    }

    private GraphRun start(TaskGraph graph, GraphState saved) {
        return GraphRun.start(graph, launcher, clock, events, saved);
    }

    /** Runs the scheduler until {@code graphId}'s fake exists. */
    private FakeMaia created(String graphId) {
        assertThat(scheduler.runUntil(() -> launcher.task(graphId) != null, LIMIT)).as(graphId + " created").isTrue();
        return launcher.task(graphId);
    }

    private GraphResult finish(GraphRun run) throws Exception {
        assertThat(scheduler.runUntil(() -> run.result().isDone(), LIMIT)).as("graph ended").isTrue();
        return run.result().get();
    }

    @Test
    void aThreeLevelGraphRunsInDependencyOrder() throws Exception {
        GraphRun run = start(threeLevels(4, false), null);
        FakeMaia staging = created("staging");
        FakeMaia seeds = created("seeds");
        scheduler.advance(Duration.ofSeconds(5));
        assertThat(launcher.creates).hasSize(2);
        staging.finish();
        scheduler.advance(Duration.ofSeconds(20));
        assertThat(launcher.creates).as("marts waits for seeds too").hasSize(2);
        seeds.finish();
        created("marts").finish();
        created("docs").finish();

        GraphResult result = finish(run);

        assertThat(result.allFinished()).isTrue();
        assertThat(result.tasks()).extracting(GraphTaskResult::id).containsExactly("staging", "seeds", "marts", "docs");
        assertThat(events.log).containsSubsequence("ended seeds FINISHED", "started marts", "ended marts FINISHED",
                "started docs");
        GraphTaskResult marts = result.task("marts");
        assertThat(marts.startedAt()).isAfterOrEqualTo(result.task("seeds").endedAt());
        assertThat(marts.taskId()).isEqualTo("m-marts");
        assertThat(marts.targetBranchName()).isEqualTo("maia/feature");
        assertThat(events.state.tasks().values()).allMatch(TaskProgress::finished);
        assertThat(launcher.fromAnswer).as("each task followed from its own create's answer")
                .containsExactlyInAnyOrder("m-staging", "m-seeds", "m-marts", "m-docs");
    }

    @Test
    void theTasksOthersDependOnAreFollowedAsAwaitedAndTheLastLevelIsNot() throws Exception {
        GraphRun run = start(threeLevels(4, false), null);
        assertThat(launcher.holds).as("the budget is held while the graph runs").containsExactly("held");
        created("staging").finish();
        created("seeds").finish();
        FakeMaia marts = created("marts");
        assertThat(launcher.holds).as("held while a task others wait on runs").containsExactly("held");
        marts.finish();
        FakeMaia docs = created("docs");
        assertThat(launcher.holds).as("given up, once, when only docs (nobody waits on it) is left")
                .containsExactly("held", "released");
        docs.finish();

        assertThat(finish(run).allFinished()).isTrue();
        assertThat(launcher.awaited).containsExactlyInAnyOrder("m-staging", "m-seeds", "m-marts");
        assertThat(launcher.holds).containsExactly("held", "released");
    }

    @Test
    void aGraphWithoutDependenciesHoldsNothingBack() throws Exception {
        GraphRun run = start(new TaskGraph(List.of(task("east"), task("west")), 4, false), null);
        assertThat(launcher.holds).containsExactly("held", "released");
        created("east").finish();
        created("west").finish();
        assertThat(finish(run).allFinished()).isTrue();
        assertThat(launcher.holds).containsExactly("held", "released");
    }

    @Test
    void aTaskThatErroredSkipsItsDependentsWhileTheOthersGoOn() throws Exception {
        GraphRun run = start(new TaskGraph(List.of(task("staging"), task("lint"), task("marts", "staging"),
                task("docs", "marts")), 4, false), null);
        created("staging").addText("assistant", "boom").error();
        FakeMaia lint = created("lint");
        scheduler.advance(Duration.ofSeconds(30));
        lint.finish();

        GraphResult result = finish(run);

        assertThat(result.task("staging").outcome()).isEqualTo("ERRORED");
        assertThat(result.task("lint").finished()).isTrue();
        assertThat(result.task("marts").kind()).isEqualTo(GraphTaskResult.Kind.SKIPPED);
        assertThat(result.task("marts").reason()).isEqualTo("dependency 'staging' did not finish (ERRORED)");
        assertThat(result.task("docs").reason()).isEqualTo("dependency 'marts' was skipped");
        assertThat(launcher.creates).hasSize(2);
        assertThat(result.allFinished()).isFalse();
    }

    @Test
    void failFastSendsAStopToTheRunningTasksAndSkipsTheRest() throws Exception {
        GraphRun run = start(new TaskGraph(List.of(task("staging"), task("lint"), task("marts", "staging")), 4, true),
                null);
        FakeMaia lint = created("lint").stopsAfterReads(1);
        created("staging").error();

        GraphResult result = finish(run);

        assertThat(lint.calls(FakeMaia.Call.STOP)).isEqualTo(1);
        assertThat(result.task("lint").kind()).isEqualTo(GraphTaskResult.Kind.STOPPED);
        assertThat(result.task("lint").reason()).isEqualTo("failFast: 'staging' did not finish (ERRORED)");
        assertThat(result.task("lint").follow().outcome()).isEqualTo(FollowOutcome.STOPPED_ON_REQUEST);
        assertThat(result.task("marts").kind()).isEqualTo(GraphTaskResult.Kind.SKIPPED);
        assertThat(launcher.creates).hasSize(2);
    }

    @Test
    void aTaskPausedForAPersonHoldsItsPlaceUntilAnswered() throws Exception {
        CompletableFuture<HumanAnswer> answer = new CompletableFuture<>();
        FollowOptions ask = FollowOptions.builder().decisions(DecisionPolicy.askForEverything())
                .humanDecider((pending, view) -> answer).build();
        GraphRun run = start(new TaskGraph(List.of(task("staging", ask), task("lint")), 1, false), null);
        FakeMaia staging = created("staging").pause(tool("d1", "git_push"));
        scheduler.advance(Duration.ofMinutes(5));
        assertThat(launcher.creates).as("lint waits while staging waits for a person").hasSize(1);

        answer.complete(new HumanAnswer(io.jenkins.plugins.maia.follower.decision.DecisionView.of(tool("d1", "git_push"))
                .approveOnce(), "ann"));
        scheduler.advance(Duration.ofSeconds(5));
        staging.finish();
        created("lint").finish();

        assertThat(finish(run).allFinished()).isTrue();
        assertThat(staging.decisionsReceived()).hasSize(1);
    }

    @Test
    void aSecondRunContinuesTheFirstWithoutCreatingAnyTaskTwice() throws Exception {
        GraphRun first = start(threeLevels(4, false), null);
        created("staging").finish();
        created("seeds").pause(tool("d1", "git_push"));
        GraphResult paused = finish(first);
        assertThat(paused.task("seeds").outcome()).isEqualTo("NEEDS_DECISION");
        assertThat(paused.task("marts").kind()).isEqualTo(GraphTaskResult.Kind.SKIPPED);
        GraphState saved = GraphState.decode(events.state.encode());

        // The person answers outside (maia task decide); the task goes on and finishes.
        launcher.task("seeds").resume().addEvents(2).finish();
        launcher.creates.clear();
        launcher.fromAnswer.clear();
        events.log.clear();
        GraphRun second = start(threeLevels(4, false), saved);
        assertThat(scheduler.runUntil(() -> launcher.task("marts") != null, LIMIT)).isTrue();
        // The resumed follow's progress is saved as it goes, past what the first run had seen.
        assertThat(events.state.task("seeds").followState().cursor().delivered())
                .isGreaterThan(saved.task("seeds").followState().cursor().delivered());
        created("marts").finish();
        created("docs").finish();
        GraphResult result = finish(second);

        assertThat(result.allFinished()).isTrue();
        assertThat(result.task("staging").reason()).isEqualTo("finished in an earlier run");
        assertThat(events.log).contains("resumed seeds").doesNotContain("started staging", "resumed staging");
        assertThat(launcher.creates).as("only the tasks never created before")
                .allMatch(c -> c.startsWith("marts first") || c.startsWith("docs first")).hasSize(2);
        assertThat(launcher.fromAnswer).as("the resumed task is read first, as any resumed follow")
                .containsExactlyInAnyOrder("m-marts", "m-docs");
    }

    @Test
    void aCreateWhoseAnswerWasLostIsLookedForSinceItsRecordedTime() throws Exception {
        launcher.failFirstCreate.put("staging", new TaskMayExistException("POST timed out", null));
        Instant requested = clock.instant();
        GraphRun first = start(new TaskGraph(List.of(task("staging"), task("marts", "staging")), 4, false), null);
        GraphResult failed = finish(first);
        assertThat(failed.task("staging").kind()).isEqualTo(GraphTaskResult.Kind.FAILED);
        assertThat(failed.task("staging").reason()).contains("POST timed out");
        assertThat(events.state.task("staging").requestedAt()).isEqualTo(requested);

        scheduler.advance(Duration.ofMinutes(1));
        GraphRun second = start(new TaskGraph(List.of(task("staging"), task("marts", "staging")), 4, false),
                GraphState.decode(events.state.encode()));
        created("staging").finish();
        created("marts").finish();

        assertThat(finish(second).allFinished()).isTrue();
        assertThat(launcher.creates).hasSize(3);
        assertThat(launcher.creates.subList(0, 2)).containsExactly("staging first at " + requested,
                "staging again since " + requested);
        assertThat(launcher.creates.get(2)).startsWith("marts first at ");
    }

    @Test
    void aSavedStateOfAnotherBatchIsRefusedBeforeAnyCall() {
        GraphState other = GraphState.empty().with("staging",
                TaskProgress.notStarted(CreateTaskRequest.builder().message("something else").projectId("p").build())
                        .requested(clock.instant()).created("m-x"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> start(threeLevels(4, false), other))
                .isInstanceOf(InvalidGraphException.class)
                .hasMessage("tasks[0]: the saved state holds task 'staging' with another project or message (Maia "
                        + "task m-x): run the batch it was saved for, or start afresh with another state file");
        assertThat(launcher.creates).isEmpty();
    }

    @Test
    void abortStopsTheRunningAndSkipsTheWaiting() throws Exception {
        GraphRun run = start(threeLevels(4, false), null);
        FakeMaia staging = created("staging").stopsAfterReads(1);
        created("seeds").stopsAfterReads(1);
        run.abort("interrupted");

        GraphResult result = finish(run);

        assertThat(staging.calls(FakeMaia.Call.STOP)).isEqualTo(1);
        assertThat(result.task("staging").kind()).isEqualTo(GraphTaskResult.Kind.STOPPED);
        assertThat(result.task("marts").reason()).isEqualTo("interrupted");
        assertThat(launcher.holds).as("an aborted graph gives its hold up too, once").containsExactly("held",
                "released");
    }
}
