package io.jenkins.plugins.maia.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code maia watch ID}: resuming a task left paused by exit code 4. */
class WatchCommandTest {

    private static SandboxFixture sandbox;

    @BeforeAll
    static void startSandbox() {
        sandbox = SandboxFixture.start();
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    private static CliRunner.Result watch(String taskId, String... extra) {
        List<String> args = new ArrayList<>(List.of("watch", taskId));
        args.addAll(SandboxFixture.fast());
        args.addAll(List.of(extra));
        return sandbox.command(args.toArray(String[]::new));
    }

    @Test
    void watchResumesAPausedTaskAndContinuesTheSameTranscript(@TempDir Path dir) throws IOException {
        CliRunner.Result first = sandbox.run("Load sales data", "--approve", "query_warehouse", "--transcript", dir.toString(), "--json");
        assertThat(first.exitCode()).as(first.err()).isEqualTo(4);
        JsonNode paused = SandboxFixture.json(first.out());
        String taskId = paused.get("taskId").asText();
        assertThat(paused.get("pendingDecisions").get(0).get("toolName").asText()).isEqualTo("ask_user_question");

        CliRunner.Result second = watch(taskId, "--answer", "0=Full reload", "--approve", "git_push",
                "--transcript", dir.toString(), "--json");
        assertThat(second.exitCode()).as(second.err()).isZero();
        JsonNode done = SandboxFixture.json(second.out());
        assertThat(done.get("outcome").asText()).isEqualTo("FINISHED");
        assertThat(done.get("targetBranchName").asText()).startsWith("maia/");
        // The saved state continues where the first follow stopped: nothing printed twice, no event lost.
        assertThat(second.err()).contains("Following task " + taskId, "decision: answered question: 0=Full reload")
                .doesNotContain("agent: I'll start by looking at the sales data");

        Path jsonl = Path.of(done.get("transcripts").get("jsonl").asText());
        long eventLines = Files.readAllLines(jsonl).stream().filter(l -> SandboxFixture.json(l).has("data")).count();
        assertThat(eventLines).isEqualTo(sandbox.server.stats().eventCount(taskId));
        assertThat(Files.readString(Path.of(done.get("transcripts").get("markdown").asText()))).contains("Full reload");
        SandboxFixture.assertNoSecretIn(dir);
    }

    @Test
    void watchWithoutSavedStateReplaysTheHistoryAndStillNeedsADecision() {
        CliRunner.Result first = sandbox.run("Load sales data", "--json");
        String taskId = SandboxFixture.json(first.out()).get("taskId").asText();
        CliRunner.Result again = watch(taskId);
        assertThat(again.exitCode()).isEqualTo(4);
        assertThat(again.out()).contains("agent: I'll start by looking at the sales data", "is paused");
        assertThat(again.err()).contains("query_warehouse");
    }

    @Test
    void watchOfAnUnknownTaskFailsWithOne() {
        CliRunner.Result r = watch("7b0c8a52-9d3e-4c1f-8a4e-2f6b1d9c0e77");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("maia watch: ").contains("404");
    }
}
