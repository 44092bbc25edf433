package io.jenkins.plugins.maia.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12, item 14: a Markdown step summary for GITHUB_STEP_SUMMARY or --summary FILE. */
class StepSummaryTest {

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
    void gitHubsStepSummaryFileGetsOutcomeBranchDecisionsLastMessageAndTranscripts(@TempDir Path dir) throws IOException {
        Path summary = Files.writeString(dir.resolve("step-summary.md"), "## Earlier step\n\n");
        CliRunner cli = sandbox.cli().env("GITHUB_STEP_SUMMARY", summary.toString());
        CliRunner.Result r = sandbox.run(cli, "Load sales data", "--approve", "query_warehouse", "--approve", "git_push",
                "--answer", "0=Incremental", "--transcript", dir.resolve("t").toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        String taskId = SandboxFixture.json(r.out()).get("taskId").asText();
        String branch = SandboxFixture.json(r.out()).get("targetBranchName").asText();

        String md = Files.readString(summary);
        assertThat(md).startsWith("## Earlier step\n\n### Maia task `" + taskId + "`: FINISHED (exit code 0)")
                .contains("| Outcome | FINISHED |", "| Branch | `" + branch + "` |")
                .contains("| Decisions | approved query\\_warehouse once (by policy)<br>answered question: 0=Incremental "
                        + "(by policy)<br>approved git\\_push once (by policy) |")
                .contains("| Transcripts | `" + dir.resolve("t") + "/maia-transcript-" + taskId + ".md`")
                .contains("**Last agent message**\n\n```text\nDone. The pipeline is on branch " + branch
                        + ", ready for review.\n```")
                .doesNotContain("| Error |");
    }

    @Test
    void theSummaryOptionWinsAndSaysWhatWentWrong(@TempDir Path dir) throws IOException {
        Path github = dir.resolve("github.md");
        Path mine = dir.resolve("mine.md");
        CliRunner cli = sandbox.cli().env("GITHUB_STEP_SUMMARY", github.toString());
        CliRunner.Result r = sandbox.run(cli, "[scenario:errored] Load", "--summary", mine.toString());
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(github).doesNotExist();
        String md = Files.readString(mine);
        assertThat(md).contains(": ERRORED (exit code 3)", "| Error | task ", " ERRORED after ");

        CliRunner.Result paused = sandbox.run("Load sales data", "--summary", mine.toString());
        assertThat(paused.exitCode()).isEqualTo(4);
        assertThat(Files.readString(mine)).contains(": NEEDS\\_DECISION (exit code 4)",
                "resume with 'maia watch ");
    }

    @Test
    void aFailureBeforeTheTaskExistsIsSummarisedToo(@TempDir Path dir) throws IOException {
        Path mine = dir.resolve("summary.md");
        CliRunner.Result r = SandboxFixture.checked(new CliRunner().env("MAIA_TOKEN", SandboxFixture.TOKEN + "-wrong")
                .run("run", "--base-url", sandbox.baseUrl(), "--project-id", SandboxFixture.PROJECT_ID, "--environment",
                        "dev", "--source-branch", "main", "--generate-branch", "--message", "Load", "--summary",
                        mine.toString()));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(Files.readString(mine)).contains("### Maia task (not created): FAILED (exit code 1)", "| Error | ", "401");
    }

    @Test
    void agentTextCannotBecomeMarkupInTheSummary() {
        String md = StepSummary.markdown(new StepSummary.Facts("t-1", "FINISHED", 0, "maia/x|y",
                List.of("approved <img src=x onerror=alert(1)> once (by policy)"),
                "Done ``` </code><script>alert(1)</script> [link](https://evil.example)", "a | b", null));
        assertThat(md).contains("&lt;img src=x onerror=alert(1)&gt;").doesNotContain("<img", "| a | b |")
                .contains("| Error | a &#124; b |", "`maia/x\\|y`");
        // The last message sits in a fence longer than any backtick run inside it.
        assertThat(md).contains("````text\nDone ``` </code><script>alert(1)</script> [link](https://evil.example)\n````");
    }

    @Test
    void aSummaryFileInADirectoryThatDoesNotExistIsAUsageError(@TempDir Path dir) {
        UsageErrorsTest.assertUsageError(new CliRunner().env("MAIA_TOKEN", "t").run("watch", "id", "--base-url",
                "http://127.0.0.1:9/dpc", "--summary", dir.resolve("no/such/dir/summary.md").toString()), "--summary");
    }
}
