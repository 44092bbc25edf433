package io.jenkins.plugins.maia.quant.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.maia.client.MaiaClient;
import io.jenkins.plugins.maia.client.auth.StaticToken;
import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.client.model.CreatedTask;
import io.jenkins.plugins.maia.follower.follow.FollowOptions;
import io.jenkins.plugins.maia.follower.follow.FollowOutcome;
import io.jenkins.plugins.maia.follower.follow.FollowResult;
import io.jenkins.plugins.maia.follower.follow.FollowState;
import io.jenkins.plugins.maia.follower.follow.TaskFollower;
import io.jenkins.plugins.maia.quant.client.QuantApiException;
import io.jenkins.plugins.maia.quant.client.QuantClient;
import io.jenkins.plugins.maia.quant.mirror.MirrorEntry;
import io.jenkins.plugins.maia.quant.mirror.MirrorReport;
import io.jenkins.plugins.maia.quant.mirror.MirroredTask;
import io.jenkins.plugins.maia.quant.mirror.QuantMirror;
import io.jenkins.plugins.maia.quant.model.DependencyGraph;
import io.jenkins.plugins.maia.quant.model.NewQuantTask;
import io.jenkins.plugins.maia.quant.model.QuantStatus;
import io.jenkins.plugins.maia.quant.model.QuantTask;
import io.jenkins.plugins.maia.quant.model.QuantTaskQuery;
import io.jenkins.plugins.maia.quant.model.QuantTaskUpdate;
import io.jenkins.plugins.maia.sandbox.SandboxOptions;
import io.jenkins.plugins.maia.sandbox.SandboxServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client and the mirror against the sandbox's Quant endpoints (an independent implementation that checks every
 * request against the vendor's document), and a real follow of a sandbox Maia task with the mirror listening.
 */
class SandboxQuantTest {
    private static final String PROJECT = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";

    private SandboxServer sandbox;
    private QuantClient quant;
    private MaiaClient maia;
    private ScheduledExecutorService scheduler;
    private TaskFollower follower;
    private final List<String> warnings = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        sandbox = SandboxServer.start(SandboxOptions.builder().quant(true).pacing(Duration.ofMillis(5)).build());
        quant = QuantClient.builder().baseUrl(sandbox.quantUrl().orElseThrow()).organisation("acme")
                .token(SandboxOptions.DEFAULT_TOKEN).build();
        maia = MaiaClient.builder().baseUrl(sandbox.baseUrl()).tokenSource(StaticToken.of(SandboxOptions.DEFAULT_TOKEN))
                .build();
        scheduler = Executors.newScheduledThreadPool(1);
        follower = TaskFollower.create(scheduler);
    }

    @AfterEach
    void stop() {
        follower.close();
        scheduler.shutdownNow();
        sandbox.close();
    }

    @Test
    void theClientDrivesTheSandboxsTaskLists() {
        String a = quant.createTask(NewQuantTask.builder("staging").taskListId("it-client").build()).taskId();
        String b = quant.createTask(NewQuantTask.builder("marts").taskListId("it-client").dependsOn(List.of(a)).build())
                .taskId();
        quant.updateTask(a, QuantTaskUpdate.builder().status(QuantStatus.COMPLETED).progressMessage("done").build());
        QuantTask read = quant.getTask(a);
        assertThat(read.status()).isEqualTo(QuantStatus.COMPLETED);
        assertThat(read.completedAt()).isNotNull();
        assertThat(quant.listTasks(QuantTaskQuery.inList("it-client")).tasks()).extracting(t -> t.title())
                .containsExactly("marts", "staging");
        DependencyGraph graph = quant.dependencyGraph("it-client");
        assertThat(graph.roots()).containsExactly(a);
        assertThat(graph.graph().get(b).dependsOn()).containsExactly(a);
        QuantApiException refused = org.assertj.core.api.Assertions.catchThrowableOfType(QuantApiException.class,
                () -> quant.deleteTask(a, false));
        assertThat(refused.dependentTaskIds()).containsExactly(b);
        assertThat(quant.deleteTask(a, true).deletedTaskIds()).containsExactlyInAnyOrder(a, b);
    }

    @Test
    void aClearedBlockedReasonLeavesTheSandboxsBoardWhileAnOmittedOneStays() {
        String kept = quant.createTask(NewQuantTask.builder("kept").taskListId("it-clear").status(QuantStatus.BLOCKED)
                .blockedReason("Waiting for a decision").build()).taskId();
        String cleared = quant.createTask(NewQuantTask.builder("cleared").taskListId("it-clear")
                .status(QuantStatus.BLOCKED).blockedReason("Waiting for a decision").build()).taskId();
        quant.updateTask(kept, QuantTaskUpdate.builder().status(QuantStatus.COMPLETED).build());
        quant.updateTask(cleared, QuantTaskUpdate.builder().status(QuantStatus.COMPLETED).clearBlockedReason().build());
        assertThat(quant.getTask(kept).blockedReason()).as("Quant keeps it when a task ends").isEqualTo("Waiting for a decision");
        assertThat(quant.getTask(cleared).blockedReason()).isNull();
        assertThat(quant.getTask(cleared).status()).isEqualTo(QuantStatus.COMPLETED);
    }

    @Test
    void aFollowedSandboxTaskEndsCompletedOnTheBoard() throws Exception {
        String message = "Load sales data from S3 into Snowflake\nUse the staging schema.";
        CreatedTask created = maia.createTask(CreateTaskRequest.builder().message(message).projectId(PROJECT)
                .sourceBranchName("main").environmentName("dev").generateBranch(true).build());
        QuantMirror mirror = QuantMirror.builder().client(quant).taskListId("it-follow").createdBy("maia-cli")
                .warnings(warnings::add).minUpdateInterval(Duration.ofMillis(20)).build();
        MirroredTask mirrored = mirror.add(MirrorEntry.of(created.taskId(), message, PROJECT, "ACT", null, null,
                "the user at the terminal"));
        mirrored.started(created.taskId());
        FollowResult result = follower.follow(maia, FollowState.start(created.taskId(), null), FollowOptions.defaults(),
                mirrored.listener()).result().get(2, TimeUnit.MINUTES);
        assertThat(result.outcome()).isEqualTo(FollowOutcome.FINISHED);
        mirrored.ended(result, "transcripts/maia-transcript-" + created.taskId() + ".md");
        MirrorReport report = mirror.close(Duration.ofMinutes(1));

        assertThat(report.complete()).isTrue();
        QuantTask onBoard = quant.getTask(mirrored.quantTaskId().orElseThrow());
        assertThat(onBoard.title()).isEqualTo("Load sales data from S3 into Snowflake");
        assertThat(onBoard.status()).isEqualTo(QuantStatus.COMPLETED);
        assertThat(onBoard.createdByAgentId()).isEqualTo("maia-cli");
        assertThat(onBoard.assignedAgentId()).isEqualTo("maia:data_engineer_agent");
        assertThat(onBoard.metadata().path("maiaTaskId").asText()).isEqualTo(created.taskId());
        assertThat(onBoard.metadata().path("targetBranchName").asText()).isEqualTo(result.targetBranchName());
        assertThat(onBoard.result().path("outcome").asText()).isEqualTo("FINISHED");
        assertThat(onBoard.result().path("targetBranchName").asText()).isEqualTo(result.targetBranchName()).isNotBlank();
        assertThat(onBoard.progressMessage()).isNotBlank().hasSizeLessThanOrEqualTo(200);
        assertThat(warnings).isEmpty();
    }

    @Test
    void aThreeLevelGraphShowsOnTheBoardWithItsEdges() {
        QuantMirror mirror = QuantMirror.builder().client(quant).taskListId("it-graph").createdBy("jenkins")
                .warnings(warnings::add).minUpdateInterval(Duration.ofMillis(20)).build();
        MirroredTask staging = mirror.add(new MirrorEntry("staging", "Build the staging models", PROJECT, "ACT", null,
                null, List.of(), null));
        MirroredTask marts = mirror.add(new MirrorEntry("marts", "Build the marts", PROJECT, "ACT", null, null,
                List.of("staging"), null));
        MirroredTask report = mirror.add(new MirrorEntry("report", "Refresh the report", PROJECT, "ACT", null, null,
                List.of("marts"), null));
        staging.gaveUp("Maia API 503 after 5 attempts");
        marts.skipped("dependency 'staging' did not finish");
        report.skipped("dependency 'marts' did not finish");
        assertThat(mirror.close(Duration.ofMinutes(1)).complete()).isTrue();
        DependencyGraph graph = quant.dependencyGraph("it-graph");
        String s = staging.quantTaskId().orElseThrow();
        String m = marts.quantTaskId().orElseThrow();
        String r = report.quantTaskId().orElseThrow();
        assertThat(graph.roots()).containsExactly(s);
        assertThat(graph.leaves()).containsExactly(r);
        assertThat(graph.graph().get(m).dependsOn()).containsExactly(s);
        assertThat(graph.graph().get(r).dependsOn()).containsExactly(m);
        assertThat(graph.graph().get(s).status()).isEqualTo(QuantStatus.FAILED);
        assertThat(graph.graph().get(r).status()).isEqualTo(QuantStatus.CANCELLED);
    }

    @Test
    @Timeout(180) // a guard against a hang if the follow ever waited for Quant, not a measurement
    void aQuantThatDoesNotAnswerDoesNotHoldUpTheFollow() throws Exception {
        CountDownLatch quantAnswers = new CountDownLatch(1);
        try (MockWebServer silent = new MockWebServer()) {
            silent.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                    quantAnswers.await();
                    return new MockResponse.Builder().code(503).build();
                }
            });
            silent.start();
            QuantClient stuck = QuantClient.builder().baseUrl(silent.url("/").toString()).organisation("acme")
                    .token(SandboxOptions.DEFAULT_TOKEN).build();
            QuantMirror mirror = QuantMirror.builder().client(stuck).taskListId("it-silent").createdBy("maia-cli")
                    .warnings(warnings::add).build();
            CreatedTask created = maia.createTask(CreateTaskRequest.builder().message("Fix the orders pipeline")
                    .projectId(PROJECT).sourceBranchName("main").environmentName("dev").generateBranch(true).build());
            MirroredTask mirrored = mirror.add(MirrorEntry.of(created.taskId(), "Fix the orders pipeline", PROJECT, "ACT",
                    null, null, null));
            mirrored.started(created.taskId());
            FollowResult result = follower.follow(maia, FollowState.start(created.taskId(), null),
                    FollowOptions.defaults(), mirrored.listener()).result().get(2, TimeUnit.MINUTES);
            mirrored.ended(result, null);

            assertThat(result.outcome()).isEqualTo(FollowOutcome.FINISHED);
            assertThat(quantAnswers.getCount()).as("the follow ended while Quant had not answered once").isEqualTo(1);
            quantAnswers.countDown();
            MirrorReport report = mirror.close(Duration.ZERO);
            assertThat(report.lines()).singleElement().asString().contains("could not be written", "it-silent");
        }
    }
}
