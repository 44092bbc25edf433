package io.jenkins.plugins.maia.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Issue 12, item 13: help with no command, completion scripts, suggestions for typos, exit codes per command. */
class HelpAndCompletionTest {

    private static String flat(String text) {
        return text.replaceAll("\\s+", " ");
    }

    @Test
    void maiaAloneAndMaiaHelpPrintTheUsageAndSucceed() {
        CliRunner.Result alone = new CliRunner().run();
        assertThat(alone.exitCode()).isZero();
        assertThat(alone.out()).startsWith("Usage: maia").contains("run", "watch", "task", "tasks", "sandbox", "completion");
        assertThat(alone.err()).isEmpty();

        CliRunner.Result help = new CliRunner().run("help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).isEqualTo(alone.out());
        CliRunner.Result helpRun = new CliRunner().run("help", "run");
        assertThat(helpRun.exitCode()).isZero();
        assertThat(helpRun.out()).startsWith("Usage: maia run").contains("--approve");
    }

    @Test
    void completionScriptsForBashAndZsh() {
        for (String shell : new String[] {"bash", "zsh"}) {
            CliRunner.Result r = new CliRunner().run("completion", shell);
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).contains("complete -F", "bashcompinit", "'--approve'", "'--on-decision'", "run watch batch task")
                    .contains("(\"eu1\" \"us1\")", "(\"PLAN\" \"ACT\")", "(\"RUNNING\" \"STOPPING\" \"STOPPED\" \"ERRORED\")")
                    .doesNotContain("UNKNOWN", "--sandbox-pacing");
        }
        UsageErrorsTest.assertUsageError(new CliRunner().run("completion", "fish"), "completion");
    }

    @Test
    void mistypedCommandsAndOptionsGetSuggestions() {
        CliRunner.Result command = new CliRunner().run("rn");
        UsageErrorsTest.assertUsageError(command, "'rn'; did you mean run?");
        CliRunner.Result sub = new CliRunner().run("tasks", "lst");
        UsageErrorsTest.assertUsageError(sub, "did you mean list?");
        CliRunner.Result option = new CliRunner().env("MAIA_TOKEN", "t").run("run", "--sandbox", "--message", "m",
                "--aprove", "git_push");
        UsageErrorsTest.assertUsageError(option, "did you mean --approve");
    }

    @Test
    void eachCommandListsItsOwnExitCodesWith130ForCtrlC() {
        String top = flat(new CliRunner().run("--help").out());
        assertThat(top).contains("130 interrupted with Ctrl-C", "4 a decision was needed");
        String run = flat(new CliRunner().run("run", "--help").out());
        assertThat(run).contains("0 the task finished", "3 the task ended ERRORED", "5 timeout", "130 interrupted with Ctrl-C");
        String sandbox = flat(new CliRunner().run("sandbox", "--help").out());
        assertThat(sandbox).contains("Exit codes:", "130 stopped with Ctrl-C")
                .doesNotContain("ERRORED", "decision was needed", "timeout (the task");
        String get = flat(new CliRunner().run("task", "get", "--help").out());
        assertThat(get).contains("0 the command succeeded", "1 API or network failure", "2 usage")
                .doesNotContain("ERRORED", "130");
    }
}
