package io.jenkins.plugins.maia.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13's fields in a batch file: rules (inline or a file), decisionTimeout, onDecisionTimeout, onWaiting. */
class BatchRulesTest {

    private static final String DEFAULTS = "defaults:\n  projectId: " + SandboxFixture.PROJECT_ID + "\n"
            + "  environment: dev\n  sourceBranch: main\n  generateBranch: true\n";

    private static SandboxFixture sandbox;

    @BeforeAll
    static void startSandbox() {
        sandbox = SandboxFixture.start();
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    private static CliRunner.Result batch(Path file) {
        return sandbox.command("batch", file.toString(), "--poll-interval", "10ms", "--max-poll-interval", "50ms",
                "--requests-per-minute", "60000");
    }

    @Test
    void rulesInTheFileAndInAFileBesideItSettleEachTasksDecisions(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("push.yaml"), "- {tool: 'git_*', verdict: approveForTask}\n"
                + "- {tool: query_warehouse, verdict: approve}\n");
        Path file = Files.writeString(dir.resolve("batch.yaml"), DEFAULTS
                + "  answer: [\"0=Incremental\"]\n"
                + "  rules:\n"
                + "    - {tool: query_warehouse, field: query, inputMatches: '(?i)^select', verdict: approve}\n"
                + "    - {tool: git_push, verdict: approve}\n"
                + "tasks:\n"
                + "  - id: inline\n    message: Load with inline rules\n"
                + "  - id: beside\n    message: Load with rules beside the file\n    rules: push.yaml\n");

        CliRunner.Result r = batch(file);

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains(
                "[inline] decision: approved query_warehouse once (by rules[0]: query_warehouse query ~ (?i)^select "
                        + "-> approve)",
                "[inline] decision: approved git_push once (by rules[1]: git_push -> approve)",
                "[beside] decision: approved git_push for the rest of the task (by rules[0]: git_* -> approveForTask)");
    }

    @Test
    void badRulesAndATimeoutNobodyCouldHitAreNamedByTheirPath(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("batch.yaml"), DEFAULTS
                + "  onDecision: fail\n"
                + "tasks:\n"
                + "  - id: one\n    message: Refused batch rules\n    decisionTimeout: 2s\n"
                + "    rules:\n      - {tool: git_push, verdict: aprove}\n      - {tool: git_push, verdict: ask}\n"
                + "  - id: two\n    message: Refused batch rules again\n    rules: missing.yaml\n"
                + "    onDecisionTimeout: stop\n");

        CliRunner.Result r = batch(file);

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(
                "tasks[0].rules[0].verdict: 'aprove' is not a verdict (did you mean approve?)",
                "tasks[1].rules (" + dir.resolve("missing.yaml") + "): rules: cannot read the file");

        // The file's fields are read first; the settings they make together are checked next.
        Files.writeString(file, Files.readString(file).replace("aprove", "approve").replace("missing.yaml",
                "../" + dir.getFileName() + "/rules.yaml"));
        Files.writeString(dir.resolve("rules.yaml"), "[]\n");
        CliRunner.Result merged = batch(file);

        assertThat(merged.exitCode()).isEqualTo(2);
        assertThat(merged.err()).contains("tasks[0].decisionTimeout: applies when a person is asked or waited for",
                "tasks[1].onDecisionTimeout: applies only with decisionTimeout");
        assertThat(sandbox.command("tasks", "list", "--json").out()).doesNotContain("Refused batch rules");
    }

    @Test
    void onWaitingRunsForATaskLeftToAPerson(@TempDir Path dir) throws IOException {
        Path written = dir.resolve("waiting.txt");
        Path file = Files.writeString(dir.resolve("batch.yaml"), DEFAULTS
                + "  onDecision: fail\n"
                + "  onWaiting: 'echo \"$MAIA_TASK_ID $MAIA_RESUME_COMMAND\" > \"" + written + "\"'\n"
                + "tasks:\n  - id: only\n    message: Load and wait for a person\n");

        CliRunner.Result r = batch(file);

        assertThat(r.exitCode()).as(r.err()).isEqualTo(4);
        assertThat(Files.readString(written)).matches("[0-9a-f-]{36} maia watch [0-9a-f-]{36} --approve "
                + "query_warehouse\\n");
    }
}
