package io.jenkins.plugins.maia.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 11: decision options are checked against what the agent asked, {@code --answer N=NUMBER} picks an
 * option by number, and questions are numbered from 0 everywhere (console, exit-4 message, transcripts).
 */
class DecisionFlagsTest {

    private static SandboxFixture sandbox;

    @BeforeAll
    static void startSandbox() {
        sandbox = SandboxFixture.start();
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @Test
    void aMistypedToolIsWarnedAboutBeforeAndAfterWithTheNearestName() {
        CliRunner.Result r = sandbox.run("Load sales data", "--approve", "query_warehous", "--reject", "delete_fle");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains("warning: --approve query_warehous is not a documented Maia tool (did you mean "
                + "query_warehouse?); it is used as given")
                .contains("warning: --reject delete_fle is not a documented Maia tool (did you mean delete_file?)")
                .contains("warning: --approve query_warehous matched nothing; did you mean query_warehouse?")
                .contains("warning: --reject delete_fle matched nothing: the agent asked about query_warehouse in this follow");
        // The warnings come before the command's error line, which stays the last line.
        assertThat(r.err().strip().lines().reduce((a, b) -> b).orElseThrow()).startsWith("maia run: task ");
    }

    @Test
    void answersThatFitNoQuestionAreWarnedAbout() {
        CliRunner.Result r = sandbox.run("Load sales data", "--approve", "query_warehouse", "--answer", "0=Incrementl",
                "--answer", "3=Yes");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains("warning: --answer 0=Incrementl matched nothing of \"Which load strategy should the "
                + "pipeline use?\"; did you mean Incremental? (options: Incremental | Full reload | Append only, or their "
                + "numbers from 1)")
                .contains("warning: --answer 3=Yes matched nothing: the questions asked are numbered from 0 to 0");

        CliRunner.Result noQuestion = sandbox.run("[scenario:happy-path] Build", "--answer", "0=Yes");
        assertThat(noQuestion.exitCode()).as(noQuestion.err()).isZero();
        assertThat(noQuestion.err()).contains("warning: --answer 0=Yes matched nothing: the agent asked no question");
    }

    @Test
    void flagsThatMatchedDrawNoWarning() {
        CliRunner.Result r = sandbox.run("Load sales data", "--approve", "query_warehouse", "--approve", "git_push",
                "--answer", "0=incremental");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
    }

    @Test
    void anOptionNumberAnswersInRunAndWatchAndQuestionsAreNumberedFromZeroInTheTranscript(@TempDir Path dir)
            throws IOException {
        CliRunner.Result r = sandbox.run("Load sales data", "--approve", "query_warehouse", "--approve", "git_push",
                "--answer", "0=2", "--transcript", dir.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("decision: answered question: 0=Full reload (by policy)").doesNotContain("warning");
        JsonNode json = SandboxFixture.json(r.out());
        String markdown = Files.readString(Path.of(json.get("transcripts").get("markdown").asText()));
        assertThat(markdown).contains("**answered** by policy:\n\n"
                + "- question 0 (Which load strategy should the pipeline use?): **Full reload**\n");

        CliRunner.Result paused = sandbox.run("Load sales data", "--approve", "query_warehouse", "--json");
        String taskId = SandboxFixture.json(paused.out()).get("taskId").asText();
        assertThat(paused.err()).contains("--answer 0=Incremental");
        CliRunner.Result watched = sandbox.command("watch", taskId, "--answer", "0=3", "--approve", "git_push",
                "--poll-interval", "10ms", "--max-poll-interval", "50ms", "--requests-per-minute", "60000");
        assertThat(watched.exitCode()).as(watched.err()).isZero();
        assertThat(watched.out()).contains("decision: answered question: 0=Append only");
    }
}
