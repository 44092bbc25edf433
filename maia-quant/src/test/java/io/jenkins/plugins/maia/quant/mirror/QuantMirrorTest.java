package io.jenkins.plugins.maia.quant.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.maia.client.model.TaskStatus;
import io.jenkins.plugins.maia.follower.follow.FollowListener;
import io.jenkins.plugins.maia.follower.follow.FollowOutcome;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** One task's life on the board, the 5 s spacing, coalescing, and masking. */
class QuantMirrorTest extends MirrorTestSupport {

    @Test
    void aTaskGoesFromPendingToCompletedWithEveryFieldTheIssueAsksFor() {
        QuantMirror mirror = mirror();
        MirroredTask t = mirror.add(entry("run", "Fix the orders pipeline\nIt fails since Monday."));
        scheduler.runReady();
        FakeQuant.Call create = quant.writes().get(0);
        assertThat(create.isCreate()).isTrue();
        JsonNode body = create.body();
        assertThat(body.path("title").asText()).isEqualTo("Fix the orders pipeline");
        assertThat(body.path("description").asText()).isEqualTo("Fix the orders pipeline\nIt fails since Monday.");
        assertThat(body.path("taskListId").asText()).isEqualTo(LIST);
        assertThat(body.path("status").asText()).isEqualTo("pending");
        assertThat(body.path("assignedAgentId").asText()).isEqualTo("maia:data_engineer_agent");
        assertThat(body.path("createdByAgentId").asText()).isEqualTo("maia-cli");
        assertThat(body.path("metadata").path("projectId").asText()).isEqualTo(PROJECT);
        assertThat(body.path("metadata").path("mode").asText()).isEqualTo("ACT");
        assertThat(body.path("metadata").path("buildUrl").asText()).isEqualTo("https://ci.example.com/job/x/7/");

        t.started(MAIA_TASK);
        FollowListener listener = t.listener();
        listener.onStatus(running());
        listener.onEvent(agentSays("I'll look at the orders pipeline first."));
        scheduler.advance(Duration.ofSeconds(5));
        listener.onStatus(paused(tool("git_push", "Push the branch")));
        scheduler.advance(Duration.ofSeconds(5));
        listener.onStatus(task(TaskStatus.RUNNING, List.of(), "maia/fix-orders-0758"));
        t.ended(result(FollowOutcome.FINISHED, task(TaskStatus.STOPPED, List.of(), "maia/fix-orders-0758"),
                "Done. The work is on maia/fix-orders-0758.", "finished"), "target/transcripts/maia-transcript-x.md");
        CompletableFuture<MirrorReport> drained = mirror.drain();
        scheduler.advance(Duration.ofSeconds(5));

        List<FakeQuant.Call> writes = quant.writes();
        assertThat(writes).hasSize(4);
        assertThat(writes.get(1).body().path("status").asText()).isEqualTo("in_progress");
        assertThat(writes.get(1).body().path("progressMessage").asText()).isEqualTo("I'll look at the orders pipeline first.");
        assertThat(writes.get(1).body().path("metadata").path("maiaTaskId").asText()).isEqualTo(MAIA_TASK);
        assertThat(writes.get(2).body().path("status").asText()).isEqualTo("blocked");
        assertThat(writes.get(2).body().path("blockedReason").asText()).isEqualTo("Waiting for a decision: approve or"
                + " reject tool git_push (\"Push the branch\"). Who may answer: the user at the maia terminal");
        JsonNode last = writes.get(3).body();
        assertThat(last.path("status").asText()).isEqualTo("completed");
        assertThat(last.path("result").path("outcome").asText()).isEqualTo("FINISHED");
        assertThat(last.path("result").path("targetBranchName").asText()).isEqualTo("maia/fix-orders-0758");
        assertThat(last.path("result").path("lastAgentMessage").asText()).isEqualTo("Done. The work is on maia/fix-orders-0758.");
        assertThat(last.path("result").path("transcript").asText()).isEqualTo("target/transcripts/maia-transcript-x.md");
        assertThat(last.path("metadata").path("targetBranchName").asText()).isEqualTo("maia/fix-orders-0758");
        assertThat(last.path("progressMessage").asText()).isEqualTo("Done. The work is on maia/fix-orders-0758.");
        for (int i = 1; i < writes.size(); i++) {
            assertThat(Duration.between(writes.get(i - 1).at(), writes.get(i).at())).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
        }
        assertThat(drained).isCompleted();
        assertThat(drained.join().complete()).isTrue();
        ObjectNode onQuant = quant.task("Fix the orders pipeline");
        assertThat(onQuant.path("status").asText()).isEqualTo("completed");
        assertThat(t.quantTaskId()).contains(onQuant.path("taskId").asText());
        assertThat(warnings).isEmpty();
    }

    @Test
    void changesWithinFiveSecondsAreCoalescedAndTheLatestWins() {
        QuantMirror mirror = mirror();
        MirroredTask t = mirror.add(entry("run", "Build the staging models"));
        scheduler.runReady();
        t.started(MAIA_TASK);
        FollowListener l = t.listener();
        for (int i = 0; i < 50; i++) {
            l.onStatus(i % 2 == 0 ? running() : paused(tool("query_warehouse", "Query")));
            l.onEvent(agentSays("step " + i));
            scheduler.advance(Duration.ofMillis(90));
        }
        scheduler.advance(Duration.ofSeconds(5));
        List<FakeQuant.Call> updates = quant.writes().stream().filter(FakeQuant.Call::isUpdate).toList();
        assertThat(updates).as("one update per 5 s at most").hasSizeLessThanOrEqualTo(2);
        JsonNode lastSent = updates.get(updates.size() - 1).body();
        ObjectNode onQuant = quant.task("Build the staging models");
        assertThat(onQuant.path("progressMessage").asText()).isEqualTo("step 49");
        assertThat(onQuant.path("status").asText()).isEqualTo("blocked");
        assertThat(lastSent.path("progressMessage").asText()).isEqualTo("step 49");
    }

    @Test
    void theLastStateIsSentEvenWhenItComesRightAfterAnUpdate() {
        QuantMirror mirror = mirror();
        MirroredTask t = mirror.add(entry("run", "Fix it"));
        scheduler.runReady();
        t.started(MAIA_TASK);
        scheduler.advance(Duration.ofSeconds(5));
        t.ended(result(FollowOutcome.ERRORED, task(TaskStatus.ERRORED, List.of(), null), "The warehouse refused me.",
                "errored"), null);
        CompletableFuture<MirrorReport> drained = mirror.drain();
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(drained).as("waits for the 5 s spacing").isNotDone();
        scheduler.advance(Duration.ofSeconds(4));
        assertThat(drained).isCompleted();
        ObjectNode onQuant = quant.task("Fix it");
        assertThat(onQuant.path("status").asText()).isEqualTo("failed");
        assertThat(onQuant.path("error").asText()).isEqualTo("The Maia task ended ERRORED: The warehouse refused me.");
    }

    @Test
    void secretsAreMaskedBeforeTextsAreCut() {
        QuantMirror mirror = mirror();
        String longLine = "x".repeat(115) + AGENT_SECRET + " and more";
        MirroredTask t = mirror.add(entry("run", longLine + "\nuse " + AGENT_SECRET));
        scheduler.runReady();
        t.started(MAIA_TASK);
        // Cut first, the progress message would end in "pw" (the secret's start); masked first, it cannot.
        t.listener().onEvent(agentSays("y".repeat(198) + AGENT_SECRET + "z".repeat(10)));
        scheduler.advance(Duration.ofSeconds(5));
        ObjectNode onQuant = quant.tasks().values().iterator().next();
        assertThat(onQuant.path("title").asText()).hasSizeLessThanOrEqualTo(120).startsWith("x".repeat(115))
                .doesNotContain("pw-E");
        assertThat(onQuant.path("description").asText()).contains("use ****");
        assertThat(onQuant.path("progressMessage").asText()).hasSize(200).endsWith("y*…").doesNotContain("pw");
    }

    @Test
    void aQuestionNamesItsTextAndWhoMayAnswer() {
        QuantMirror mirror = mirror();
        MirroredTask t = mirror.add(entry("run", "Load sales data"));
        scheduler.runReady();
        t.listener().onStatus(paused(question("Which load strategy?"), tool("git_push", "")));
        scheduler.advance(Duration.ofSeconds(5));
        assertThat(quant.task("Load sales data").path("blockedReason").asText()).isEqualTo("Waiting for a decision:"
                + " answer \"Which load strategy?\"; approve or reject tool git_push (\"The agent wants to use git_push\")."
                + " Who may answer: the user at the maia terminal");
    }

    @Test
    void laterCallsDoNotChangeTheRunsLastState() {
        QuantMirror mirror = mirror();
        MirroredTask t = mirror.add(entry("run", "Fix it"));
        t.skipped("dependency 'staging' did not finish");
        t.started(MAIA_TASK);
        t.listener().onStatus(running());
        scheduler.runReady();
        ObjectNode onQuant = quant.task("Fix it");
        assertThat(onQuant.path("status").asText()).isEqualTo("cancelled");
        scheduler.advance(Duration.ofSeconds(5));
        assertThat(quant.task("Fix it").path("progressMessage").asText())
                .isEqualTo("Skipped: dependency 'staging' did not finish");
        assertThat(quant.writes()).hasSize(2);
    }
}
