package io.jenkins.plugins.maia.quant.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.maia.client.model.AgentConfig;
import io.jenkins.plugins.maia.client.model.Mode;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.PermissionMessage;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskEvent;
import io.jenkins.plugins.maia.client.model.TaskStatus;
import io.jenkins.plugins.maia.follower.follow.FollowOutcome;
import io.jenkins.plugins.maia.follower.follow.FollowResult;
import io.jenkins.plugins.maia.follower.follow.FollowState;
import io.jenkins.plugins.maia.follower.testing.ManualClock;
import io.jenkins.plugins.maia.follower.testing.ManualScheduler;
import io.jenkins.plugins.maia.follower.transcript.Redactor;
import io.jenkins.plugins.maia.quant.client.QuantClient;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A mirror on a manual clock and scheduler (nothing runs until the test says so, and time only moves when the test
 * moves it), writing to {@link FakeQuant} over loopback HTTP. Every request is checked against the vendor's document.
 */
abstract class MirrorTestSupport {
    static final String QUANT_TOKEN = "qt-SECRET-5e4d3c2b1a";
    static final String AGENT_SECRET = "pw-ECHOED-9f8e7d6c";
    static final String MAIA_TASK = "07589152-7c6d-4e5f-8a9b-0c1d2e3f4a5b";
    static final String PROJECT = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";
    static final String LIST = "maia-2026-04-08";

    final ManualClock clock = new ManualClock(Instant.parse("2026-04-08T10:00:00Z"));
    final ManualScheduler scheduler = new ManualScheduler(clock);
    final FakeQuant quant = new FakeQuant(clock);
    final List<String> warnings = new CopyOnWriteArrayList<>();
    MockWebServer server;

    @BeforeEach
    void startQuant() throws IOException {
        server = new MockWebServer();
        server.setDispatcher(quant);
        server.start();
    }

    @AfterEach
    void stopQuant() {
        server.close();
        assertThat(quant.violations()).as("every request follows the vendor's document").isEmpty();
        String everything = quant.calls().toString() + warnings;
        assertThat(everything).as("no secret reaches Quant or the warnings").doesNotContain(QUANT_TOKEN, AGENT_SECRET);
    }

    QuantClient client() {
        return QuantClient.builder().baseUrl(server.url("/").toString()).organisation("acme").token(QUANT_TOKEN).build();
    }

    QuantMirrorBuilder mirrorBuilder() {
        return QuantMirror.builder().client(client()).taskListId(LIST).createdBy("maia-cli")
                .redactor(Redactor.of(List.of(AGENT_SECRET))).warnings(warnings::add).scheduler(scheduler).clock(clock);
    }

    QuantMirror mirror() {
        return mirrorBuilder().build();
    }

    static MirrorEntry entry(String key, String message, String... dependsOn) {
        return new MirrorEntry(key, message, PROJECT, "ACT", null, "https://ci.example.com/job/x/7/", List.of(dependsOn),
                "the user at the maia terminal");
    }

    static Task running() {
        return task(TaskStatus.RUNNING, List.of(), null);
    }

    static Task paused(PendingDecision... pending) {
        return task(TaskStatus.STOPPED, List.of(pending), null);
    }

    static Task task(TaskStatus status, List<PendingDecision> pending, String targetBranch) {
        return new Task(MAIA_TASK, status, "Fix the orders pipeline", Instant.EPOCH, Instant.EPOCH,
                new AgentConfig("data_engineer_agent", Mode.ACT, PROJECT, "main", "dev", targetBranch, true, null, null),
                List.of(), pending);
    }

    static PendingDecision tool(String name, String title) {
        return new PendingDecision("tool", name, "call_" + name, new PermissionMessage(title, "body"), null);
    }

    static PendingDecision question(String text) {
        ObjectNode input = FakeQuant.JSON.createObjectNode();
        input.putArray("questions").addObject().put("question", text).putArray("options").add("Incremental").add("Full");
        return new PendingDecision("question", "ask_user_question", "call_q", new PermissionMessage("Choose", ""), input);
    }

    static TaskEvent agentSays(String text) {
        ObjectNode data = FakeQuant.JSON.createObjectNode().put("type", "text").put("role", "assistant").put("content", text);
        return new TaskEvent(data, "g1", Instant.EPOCH, data);
    }

    static FollowResult result(FollowOutcome outcome, Task task, String lastAgentMessage, String detail,
            PendingDecision... pending) {
        return new FollowResult(outcome, task, FollowState.start(MAIA_TASK, null), List.of(pending), lastAgentMessage,
                detail);
    }
}
