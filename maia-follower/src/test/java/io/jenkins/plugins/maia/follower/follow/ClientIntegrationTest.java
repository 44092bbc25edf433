package io.jenkins.plugins.maia.follower.follow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.maia.follower.budget.AccountBudget;
import io.jenkins.plugins.maia.follower.budget.AccountBudgets;
import io.jenkins.plugins.maia.follower.budget.BudgetSettings;
import io.jenkins.plugins.maia.client.MaiaApiException;
import io.jenkins.plugins.maia.client.MaiaClient;
import io.jenkins.plugins.maia.client.RetryPolicy;
import io.jenkins.plugins.maia.client.TaskMayExistException;
import io.jenkins.plugins.maia.client.auth.StaticToken;
import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.client.model.CreatedTask;
import io.jenkins.plugins.maia.client.model.Decision;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.follower.decision.DecisionPolicy;
import io.jenkins.plugins.maia.follower.decision.DecisionView;
import io.jenkins.plugins.maia.follower.decision.HumanAnswer;
import io.jenkins.plugins.maia.follower.decision.HumanDecider;
import io.jenkins.plugins.maia.follower.testing.RecordingListener;
import io.jenkins.plugins.maia.follower.transcript.Redactor;
import io.jenkins.plugins.maia.follower.transcript.TranscriptWriter;
import io.jenkins.plugins.maia.follower.transcript.Transcripts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The follower through the real MaiaClient against a MockWebServer that plays one task (loopback only). */
class ClientIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "tok-FOLLOWER-SECRET-8c1d2e3f";
    private static final String TASK = "550e8400-e29b-41d4-a716-446655440000";
    private static final String PROJECT = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";

    @TempDir
    Path dir;

    private MockWebServer server;
    private ScheduledExecutorService scheduler;
    private AccountBudgets budgets;
    private TaskFollower follower;
    private MaiaClient client;
    private SimulatedTask task;

    @BeforeEach
    void setUp() throws Exception {
        task = new SimulatedTask();
        server = new MockWebServer();
        server.setDispatcher(task);
        server.start();
        scheduler = Executors.newScheduledThreadPool(2);
        budgets = new AccountBudgets(java.time.InstantSource.system());
        follower = TaskFollower.builder().scheduler(scheduler).budgets(budgets)
                .budgetSettings(new BudgetSettings(60_000, 100)).messagePageSize(3).build();
        client = MaiaClient.builder().baseUrl(server.url("/dpc").toString()).tokenSource(StaticToken.of(TOKEN))
                .build();
    }

    @AfterEach
    void tearDown() throws Exception {
        follower.close();
        scheduler.shutdownNow();
        server.close();
    }

    private static FollowOptions fast() {
        return FollowOptions.builder().polling(new PollingPolicy(Duration.ofMillis(20), 1.5,
                Duration.ofMillis(100))).build();
    }

    @Test
    void followsATaskThroughPagesA429APolicyDecisionAndAHumanQuestionToTheEnd() throws Exception {
        task.rateLimitNextTaskRead = true;
        List<String> askedOn = new CopyOnWriteArrayList<>();
        HumanDecider human = new HumanDecider() {
            @Override
            public CompletableFuture<HumanAnswer> answer(PendingDecision pending, DecisionView view) {
                askedOn.add(Thread.currentThread().getName());
                return CompletableFuture.supplyAsync(() -> new HumanAnswer(view.answer(0,
                        List.of(view.questions().get(0).options().get(1))), name()));
            }

            @Override
            public String name() {
                return "alice";
            }
        };
        RecordingListener listener = new RecordingListener();
        TranscriptWriter transcript = TranscriptWriter.open(dir, TASK, Redactor.of(List.of(TOKEN)));
        FollowOptions options = fast().toBuilder()
                .decisions(DecisionPolicy.askForEverything().withApproveOnce("git_push"))
                .humanDecider(human)
                .build();

        FollowHandle handle = follower.follow(client, FollowState.start(TASK, Instant.now().plusSeconds(60)),
                options, FollowListener.all(listener, transcript));
        FollowResult result = handle.result().get(30, TimeUnit.SECONDS);
        Transcripts files = transcript.close(result);

        assertThat(result.outcome()).isEqualTo(FollowOutcome.FINISHED);
        assertThat(result.targetBranchName()).isEqualTo("maia/generated-1");
        assertThat(result.lastAgentMessage()).isEqualTo("all done");
        assertThat(listener.texts()).containsExactlyElementsOf(task.contents());
        assertThat(listener.decisions).extracting(RecordingListener.DecisionCall::decidedBy)
                .containsExactly("policy", "alice");
        assertThat(task.decisionBodies).hasSize(2);
        assertThat(task.decisionBodies.get(0)).isEqualTo(JSON.readTree(
                "{\"decisions\":[{\"type\":\"tool\",\"id\":\"call_1\",\"approved\":true,\"scope\":\"ONCE\"}]}"));
        assertThat(task.decisionBodies.get(1)).isEqualTo(JSON.readTree("{\"decisions\":[{\"type\":\"question\","
                + "\"id\":\"q_1\",\"answers\":[{\"questionIndex\":0,\"selectedOptions\":[\"prod\"]}]}]}"));
        assertThat(task.authorizations).isNotEmpty().allMatch(("Bearer " + TOKEN)::equals);
        AccountBudget budget = budgets.forAccount(client.accountKey());
        assertThat(budget.rateLimitedCount()).isEqualTo(1);
        // The follow was watched through its project's task list (it reads its own task as a safety net, which is
        // what moves this scripted task on).
        assertThat(task.listQueries).isNotEmpty().allSatisfy(q -> assertThat(q)
                .contains("projectId=" + PROJECT, "createdAfter=2025-01-01T00:00:00.000Z", "size=100"));

        // No secret in the state (Java serialization and text) or in any transcript file.
        byte[] state = TaskFollowerTest.serialize(result.state());
        assertThat(new String(state, StandardCharsets.ISO_8859_1)).doesNotContain(TOKEN);
        assertThat(result.state().encode()).doesNotContain(TOKEN);
        assertThat(result.state().toString()).doesNotContain(TOKEN);
        for (Path p : List.of(files.jsonl(), files.markdown(), files.html())) {
            assertThat(Files.readString(p)).as(p.toString()).doesNotContain(TOKEN);
        }
        assertThat(Files.readString(files.markdown())).contains("by alice").contains("## Result: FINISHED");
    }

    @Test
    void stopThroughTheApi() throws Exception {
        FollowHandle handle = follower.follow(client, FollowState.start(TASK, null), fast(), null);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> task.taskReads >= 2);
        handle.stop();
        FollowResult result = handle.result().get(30, TimeUnit.SECONDS);

        assertThat(result.outcome()).isEqualTo(FollowOutcome.STOPPED_ON_REQUEST);
        assertThat(result.stopConfirmed()).isTrue();
        assertThat(task.stops).isEqualTo(1);
    }

    @Test
    void aTokenThatMayNotListTasksIsFollowedByReadingTheTaskAfterOneRefusedListCall() throws Exception {
        task.forbidLists = true;
        FollowHandle handle = follower.follow(client, FollowState.start(TASK, null),
                fast().toBuilder().decisions(DecisionPolicy.pauseForEverything()).build(), null);
        FollowResult result = handle.result().get(30, TimeUnit.SECONDS);

        // The scripted agent moves on one step per task read, up to its first tool approval: reached by reading the
        // task after the one refused list call.
        assertThat(result.outcome()).isEqualTo(FollowOutcome.NEEDS_DECISION);
        assertThat(task.taskReads).isGreaterThan(1);
        assertThat(task.lists).as("list calls: one refused, never asked again").isEqualTo(1);
        assertThat(follower.watch(client.accountKey(), PROJECT).usable()).isFalse();
    }

    @Test
    void aTaskThatVanishesFailsTheFollowWithTheApiError() {
        task.gone = true;
        FollowHandle handle = follower.follow(client, FollowState.start(TASK, null), fast(), null);

        assertThatThrownBy(() -> handle.result().get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(MaiaApiException.class)
                .satisfies(e -> assertThat(((MaiaApiException) e).status()).isEqualTo(404));
    }

    private static CreateTaskRequest launchRequest() {
        return CreateTaskRequest.builder().message("Fix the nightly load").projectId(PROJECT)
                .sourceBranchName("main").environmentName("dev").generateBranch(true).build();
    }

    /** Retries a failed list once, quickly: the reconciliation inside a create gives up fast. */
    private MaiaClient quickClient() {
        return MaiaClient.builder().baseUrl(server.url("/dpc").toString()).tokenSource(StaticToken.of(TOKEN))
                .retryPolicy(new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(1)))
                .build();
    }

    /** The follower's scheduled launch calls: the client's duplicate-safe create, run on the follower's threads. */
    private static <T> T launched(CompletableFuture<T> call) throws Exception {
        return call.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aFirstAttemptCreatesAndALaterOneFindsTheTaskBeforeCreating() throws Exception {
        CreateTaskRequest request = launchRequest();
        Instant requestedAt = Instant.now();

        CreatedTask created = launched(follower.calls(client).createTask(request));
        assertThat(created.taskId()).isEqualTo(TASK);
        assertThat(task.creates).isEqualTo(1);
        assertThat(task.lists).isZero();

        CreatedTask found = launched(follower.calls(client).createTask(request, requestedAt));
        assertThat(found.taskId()).isEqualTo(TASK);
        assertThat(task.creates).isEqualTo(1); // no second agent
        assertThat(task.lists).isEqualTo(1);
    }

    @Test
    void aLaterAttemptAtOnceAfterTaskMayExistFindsTheTaskInsteadOfStartingASecondAgent() throws Exception {
        CreateTaskRequest request = launchRequest();
        Instant requestedAt = Instant.now();
        task.loseNextCreateResponse = true;
        task.failNextLists = 2; // the client's own reconciliation (one retry) cannot list the tasks

        assertThatThrownBy(() -> launched(follower.calls(quickClient()).createTask(request)))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(TaskMayExistException.class);
        assertThat(task.creates).isEqualTo(1);

        CreatedTask again = launched(follower.calls(quickClient()).createTask(request, requestedAt));

        assertThat(again.taskId()).isEqualTo(TASK);
        assertThat(task.creates).as("create calls").isEqualTo(1);
    }

    @Test
    void aLaterAttemptThatCannotListTheTasksCreatesNothing() {
        task.failNextLists = 2;

        assertThatThrownBy(() -> launched(follower.calls(quickClient()).createTask(launchRequest(), Instant.now())))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(io.jenkins.plugins.maia.client.MaiaException.class).hasMessageContaining("503");
        assertThat(task.creates).isZero();
    }

    /** The server side of one scripted task, driven by the number of task reads and by decisions. */
    private static final class SimulatedTask extends Dispatcher {
        final List<JsonNode> decisionBodies = new CopyOnWriteArrayList<>();
        final List<String> authorizations = new CopyOnWriteArrayList<>();
        final List<String> listQueries = new CopyOnWriteArrayList<>();
        volatile boolean rateLimitNextTaskRead;
        volatile boolean gone;
        volatile boolean forbidLists;
        volatile boolean loseNextCreateResponse;
        volatile int failNextLists;
        volatile int taskReads;
        volatile int stops;
        volatile int creates;
        volatile int lists;
        private final List<ObjectNode> events = new ArrayList<>();
        private String status = "RUNNING";
        private ArrayNode pending = JSON.createArrayNode();
        private Instant modifiedAt = Instant.parse("2025-01-01T00:00:00Z");
        private int stage;

        synchronized List<String> contents() {
            return events.stream().map(e -> e.path("data").path("content").asText()).toList();
        }

        @Override
        public synchronized MockResponse dispatch(RecordedRequest request) {
            authorizations.add(request.getHeaders().get("Authorization"));
            String path = request.getUrl().encodedPath();
            String method = request.getMethod();
            String base = "/dpc/v1/ai/agents/tasks";
            if (gone && path.startsWith(base + "/")) {
                return json(404, "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
                        + "\"detail\":\"Task not found\"}");
            }
            if (method.equals("POST") && path.equals(base)) {
                creates++;
                if (loseNextCreateResponse) {
                    loseNextCreateResponse = false; // created, but the answer never arrives
                    return new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build();
                }
                return json(201, "{\"taskId\":\"" + TASK + "\",\"status\":\"RUNNING\",\"agentName\":"
                        + "\"data_engineer_agent\",\"createdAt\":\"" + Instant.now() + "\"}");
            }
            if (method.equals("GET") && path.equals(base)) {
                lists++;
                listQueries.add(request.getUrl().query());
                if (forbidLists) {
                    return json(403, "{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,"
                            + "\"detail\":\"The token may not list agent tasks\"}");
                }
                if (failNextLists > 0) {
                    failNextLists--;
                    return json(503, "{\"title\":\"Service Unavailable\",\"status\":503}");
                }
                return json(200, "{\"tasks\":[{\"taskId\":\"" + TASK + "\",\"status\":\"RUNNING\",\"agentName\":"
                        + "\"data_engineer_agent\",\"mode\":\"ACT\",\"description\":\"Fix the nightly load\","
                        + "\"createdAt\":\"" + Instant.now() + "\",\"modifiedAt\":\"" + modifiedAt + "\","
                        + "\"projectId\":\"" + PROJECT + "\"}],"
                        + "\"page\":0,\"size\":100,\"total\":1}");
            }
            if (method.equals("GET") && path.equals(base + "/" + TASK)) {
                if (rateLimitNextTaskRead && taskReads == 1) {
                    rateLimitNextTaskRead = false;
                    return new MockResponse.Builder().code(429).setHeader("Retry-After", "1").build();
                }
                taskReads++;
                advance();
                return json(200, taskJson());
            }
            if (method.equals("GET") && path.equals(base + "/" + TASK + "/messages")) {
                int limit = Integer.parseInt(request.getUrl().queryParameter("limit"));
                String token = request.getUrl().queryParameter("paginationToken");
                int from = token == null ? 0 : Integer.parseInt(token.substring("tok".length()));
                int to = Math.min(events.size(), from + limit);
                ObjectNode page = JSON.createObjectNode();
                ArrayNode results = page.putArray("results");
                events.subList(Math.min(from, events.size()), to).forEach(results::add);
                if (to < events.size()) {
                    page.put("more", "tok" + to);
                }
                return json(200, page.toString());
            }
            if (method.equals("POST") && path.equals(base + "/" + TASK + "/decisions")) {
                try {
                    decisionBodies.add(JSON.readTree(request.getBody().utf8()));
                } catch (Exception e) {
                    return json(400, "{\"title\":\"Bad Request\",\"status\":400}");
                }
                pending = JSON.createArrayNode();
                status = "RUNNING";
                say(stage < 6 ? "pushed" : "thanks for the answer");
                return json(202, "{\"pendingDecisions\":[]}");
            }
            if (method.equals("POST") && path.equals(base + "/" + TASK + "/stop")) {
                stops++;
                status = "STOPPING";
                touch();
                return new MockResponse.Builder().code(204).build();
            }
            return json(404, "{\"title\":\"Not Found\",\"status\":404}");
        }

        /** The agent's script, one step per task read while it runs. */
        private void advance() {
            if (status.equals("STOPPING")) {
                status = "STOPPED";
                touch();
                return;
            }
            if (!status.equals("RUNNING")) {
                return;
            }
            stage++;
            switch (stage) {
                case 1 -> say("Looking at the pipeline. Authorization: Bearer " + TOKEN);
                case 2 -> { say("step a"); say("step b"); say("step c"); say("step d"); }
                case 3 -> say("I need to push");
                case 4 -> ask(tool());
                case 6 -> ask(question());
                case 8 -> { say("all done"); status = "STOPPED"; touch(); }
                default -> { }
            }
        }

        private void say(String text) {
            ObjectNode e = JSON.createObjectNode();
            e.putObject("data").put("type", "text").put("role", "assistant").put("content", text);
            e.put("groupId", "g" + stage);
            e.put("timestamp", Instant.parse("2025-01-01T00:00:00Z").plusSeconds(events.size()).toString());
            events.add(e);
            touch();
        }

        private void ask(ObjectNode decision) {
            status = "STOPPED";
            pending = JSON.createArrayNode().add(decision);
            stage++;
            touch();
        }

        private static ObjectNode tool() {
            ObjectNode p = JSON.createObjectNode().put("type", "tool").put("toolName", "git_push").put("toolId", "call_1");
            p.putObject("permissionMessage").put("title", "Push?").put("body", "to maia/generated-1");
            p.putObject("toolInput").put("branch", "maia/generated-1");
            return p;
        }

        private static ObjectNode question() {
            ObjectNode p = JSON.createObjectNode().put("type", "question").put("toolName", "ask_user_question")
                    .put("toolId", "q_1");
            p.putObject("permissionMessage").put("title", "Question").put("body", "");
            ObjectNode q = p.putObject("toolInput").putArray("questions").addObject();
            q.put("question", "Where to deploy?").put("header", "Env").put("multiSelect", false);
            q.putArray("options").add(JSON.createObjectNode().put("label", "staging"))
                    .add(JSON.createObjectNode().put("label", "prod").put("description", "careful"));
            return p;
        }

        private void touch() {
            modifiedAt = modifiedAt.plusSeconds(1);
        }

        private String taskJson() {
            ObjectNode t = JSON.createObjectNode().put("taskId", TASK).put("status", status)
                    .put("description", "Fix the nightly load").put("createdAt", "2025-01-01T00:00:00Z")
                    .put("modifiedAt", modifiedAt.toString());
            t.putObject("agentConfig").put("name", "data_engineer_agent").put("mode", "ACT").put("projectId", PROJECT)
                    .put("sourceBranchName", "main").put("environmentName", "dev")
                    .put("targetBranchName", "maia/generated-1");
            t.putArray("grantedPermissions");
            t.set("pendingDecisions", pending);
            return t.toString();
        }

        private static MockResponse json(int code, String body) {
            return new MockResponse(code, Headers.of("Content-Type", code >= 400 ? "application/problem+json"
                    : "application/json"), body);
        }
    }
}
