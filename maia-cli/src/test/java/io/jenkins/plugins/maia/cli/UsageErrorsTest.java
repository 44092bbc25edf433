package io.jenkins.plugins.maia.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every usage error ends with exit code 2 and one line on stderr naming the option or variable, before
 * any call: the server URL points at a closed port, so a call would have failed with exit code 1 instead.
 */
class UsageErrorsTest {

    private static final String NOWHERE = "http://127.0.0.1:9/dpc";
    private static final String[] VALID = {"--base-url", NOWHERE, "--project-id", "5f1f7e8a-0d6b-4c43-9a53-2c1d5e0b7a11",
            "--environment", "dev", "--source-branch", "main", "--generate-branch", "--message", "Load data"};

    static Stream<Arguments> badRuns() {
        return Stream.of(
                Arguments.of("unknown mode", args("--mode", "FAST"), "--mode"),
                Arguments.of("mode UNKNOWN", args("--mode", "UNKNOWN"), "PLAN or ACT"),
                Arguments.of("both branch options", args("--target-branch", "x"), "--target-branch"),
                Arguments.of("bad duration", args("--timeout", "10 minutes"), "--timeout"),
                Arguments.of("zero duration", args("--poll-interval", "0s"), "--poll-interval"),
                Arguments.of("poll above max", args("--poll-interval", "10s", "--max-poll-interval", "2s"), "--max-poll-interval"),
                Arguments.of("bad answer", args("--answer", "first=Yes"), "N=OPTION"),
                Arguments.of("answer twice", args("--answer", "0=Yes", "--answer", "0=No"), "--answer 0"),
                Arguments.of("approve and reject", args("--approve", "git_push", "--reject", "git_push"), "git_push"),
                Arguments.of("bad on-decision", args("--on-decision", "maybe"), "--on-decision"),
                Arguments.of("bad region", new String[] {"run", "--region", "mars", "--message", "x"}, "--region"),
                Arguments.of("region and base url", args("--region", "eu1"), "--region"),
                Arguments.of("unknown option", args("--frobnicate"), "--frobnicate"),
                Arguments.of("scenario without sandbox", args("--scenario", "errored"), "--sandbox"),
                Arguments.of("sandbox with base url", args("--sandbox"), "--sandbox"));
    }

    private static String[] args(String... extra) {
        String[] all = new String[1 + VALID.length + extra.length];
        all[0] = "run";
        System.arraycopy(VALID, 0, all, 1, VALID.length);
        System.arraycopy(extra, 0, all, 1 + VALID.length, extra.length);
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRuns")
    void badRunOptionsExitWithTwoAndNameTheOption(String name, String[] args, String named) {
        CliRunner.Result r = new CliRunner().env("MAIA_TOKEN", "t").run(args);
        assertUsageError(r, named);
    }

    @Test
    void neitherBranchOptionIsAUsageError() {
        CliRunner.Result r = new CliRunner().env("MAIA_TOKEN", "t").run("run", "--base-url", NOWHERE,
                "--project-id", "p", "--environment", "dev", "--source-branch", "main", "--message", "x");
        assertUsageError(r, "--target-branch NAME or --generate-branch");
    }

    @Test
    void missingServerIsAUsageError() {
        CliRunner.Result r = new CliRunner().env("MAIA_TOKEN", "t").run("run", "--project-id", "p", "--environment", "dev",
                "--source-branch", "main", "--generate-branch", "--message", "x");
        assertUsageError(r, "--base-url");
    }

    @Test
    void bothMessageOptionsAndNeitherAreUsageErrors() {
        assertUsageError(new CliRunner().env("MAIA_TOKEN", "t").run(args("--message-file", "m.txt")), "--message-file");
        assertUsageError(new CliRunner().env("MAIA_TOKEN", "t").run("run", "--sandbox"), "--message");
    }

    @Test
    void unreadableOrEmptyMessageFileIsAUsageError(@TempDir Path dir) throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.txt"), "  \n");
        String[] base = {"run", "--base-url", NOWHERE, "--project-id", "p", "--environment", "dev", "--source-branch", "main",
                "--generate-branch", "--message-file"};
        assertUsageError(new CliRunner().env("MAIA_TOKEN", "t").run(append(base, dir.resolve("missing.txt").toString())),
                "no such file");
        assertUsageError(new CliRunner().env("MAIA_TOKEN", "t").run(append(base, dir.toString())), "--message-file");
        assertUsageError(new CliRunner().env("MAIA_TOKEN", "t").run(append(base, empty.toString())), "is empty");
    }

    @Test
    void missingCredentialsNameTheVariables() {
        assertUsageError(new CliRunner().run(VALID_RUN()), "MAIA_TOKEN");
        assertThat(new CliRunner().run(VALID_RUN()).err()).contains("MAIA_CLIENT_ID", "MAIA_CLIENT_SECRET");
        assertUsageError(new CliRunner().env("MAIA_CLIENT_ID", "id").run(VALID_RUN()), "MAIA_CLIENT_SECRET is not");
        assertUsageError(new CliRunner().env("MAIA_CLIENT_SECRET", "s3cr3t-value").run(VALID_RUN()), "MAIA_CLIENT_ID is not");
        CliRunner.Result both = new CliRunner().env("MAIA_TOKEN", "tok-value").env("MAIA_CLIENT_ID", "id")
                .env("MAIA_CLIENT_SECRET", "s3cr3t-value").run(VALID_RUN());
        assertUsageError(both, "Both MAIA_TOKEN");
        assertThat(both.all()).doesNotContain("tok-value", "s3cr3t-value");
    }

    @Test
    void credentialMessagesKeepTheirOwnWordsUnmasked() {
        CliRunner.Result r = new CliRunner().run(VALID_RUN());
        assertUsageError(r, "No credentials: set MAIA_TOKEN (a bearer token) or MAIA_CLIENT_ID and MAIA_CLIENT_SECRET");
        assertThat(r.err()).doesNotContain("****");
    }

    @Test
    void aMessageFileTheClientRefusesIsNamedAsTheMessageFile(@TempDir Path dir) throws IOException {
        Path huge = Files.writeString(dir.resolve("prompt.md"), "x".repeat(100_001));
        String[] base = {"run", "--base-url", NOWHERE, "--project-id", "5f1f7e8a-0d6b-4c43-9a53-2c1d5e0b7a11",
                "--environment", "dev", "--source-branch", "main", "--generate-branch", "--message-file"};
        CliRunner.Result run = new CliRunner().env("MAIA_TOKEN", "usage-test-token").run(append(base, huge.toString()));
        assertUsageError(run, "--message-file: is 100001 characters, more than 100000");
        CliRunner.Result send = new CliRunner().env("MAIA_TOKEN", "usage-test-token").run("task", "send",
                "0d36989e-a501-4edc-9f45-09551ab93ffb", "--base-url", NOWHERE, "--message-file", huge.toString());
        assertUsageError(send, "--message-file: is 100001 characters");
        CliRunner.Result typed = new CliRunner().env("MAIA_TOKEN", "usage-test-token").run("run", "--base-url", NOWHERE,
                "--project-id", "5f1f7e8a-0d6b-4c43-9a53-2c1d5e0b7a11", "--environment", "dev", "--source-branch", "main",
                "--generate-branch", "--message", "x".repeat(100_001));
        assertUsageError(typed, "--message: is 100001 characters");
    }

    @Test
    void otherCommandsCheckTheirInputToo() {
        CliRunner cli = new CliRunner().env("MAIA_TOKEN", "t");
        assertUsageError(cli.run("tasks", "list", "--base-url", NOWHERE, "--size", "500"), "--size");
        assertUsageError(cli.run("tasks", "list", "--base-url", NOWHERE, "--created-after", "yesterday"), "--created-after");
        assertUsageError(cli.run("task", "messages", "id", "--base-url", NOWHERE, "--limit", "0"), "--limit");
        assertUsageError(cli.run("task", "decide", "id", "--base-url", NOWHERE), "Nothing to decide");
        assertUsageError(cli.run("task", "permissions", "id", "--base-url", NOWHERE), "--set");
        assertUsageError(cli.run("task", "permissions", "id", "--base-url", NOWHERE, "--set", "a", "--clear"), "--clear");
        assertUsageError(cli.run("task", "send", "id", "--base-url", NOWHERE), "--message");
        assertUsageError(cli.run("task"), "subcommand");
        assertUsageError(cli.run("frobnicate"), "'frobnicate'");
    }

    @Test
    void theClientsInputRulesNameTheOptionsNotTheApiFields() {
        CliRunner cli = new CliRunner().env("MAIA_TOKEN", "usage-test-token");
        String task = "0d36989e-a501-4edc-9f45-09551ab93ffb";

        CliRunner.Result grantedTwice = cli.run(args("--grant", "git_push", "--grant", "git_push"));
        assertUsageError(grantedTwice, "--grant: 'git_push' is listed twice");
        CliRunner.Result notAUuid = cli.run("run", "--base-url", NOWHERE, "--project-id", "sales", "--environment", "dev",
                "--source-branch", "main", "--generate-branch", "--message", "x");
        assertUsageError(notAUuid, "--project-id: 'sales' is not a UUID");
        CliRunner.Result setTwice = cli.run("task", "permissions", task, "--base-url", NOWHERE, "--set", "a", "a");
        assertUsageError(setTwice, "--set: 'a' is listed twice");
        CliRunner.Result sendGrantTwice = cli.run("task", "send", task, "--base-url", NOWHERE, "--message", "m",
                "--grant", "x", "--grant", "x");
        assertUsageError(sendGrantTwice, "--grant: 'x' is listed twice");
        assertUsageError(cli.run("task", "permissions", "not-a-task", "--base-url", NOWHERE, "--set", "a"),
                "ID: 'not-a-task' is not a UUID");

        for (CliRunner.Result r : java.util.List.of(grantedTwice, notAUuid, setTwice, sendGrantTwice)) {
            assertThat(r.err()).doesNotContain("grantedPermissions", "agentConfig", "toolName");
        }
    }

    @Test
    void fieldNamesInsideTheClientsMessagesBecomeOptionsToo() {
        assertThat(ErrorReporter.optionsInText("maia run", "is missing; give the branch the agent writes to, or set "
                + "agentConfig.generateBranch to true to let the agent name one"))
                .isEqualTo("is missing; give the branch the agent writes to, or give --generate-branch to let the agent "
                        + "name one");
        assertThat(ErrorReporter.optionsInText("maia run", "cannot be combined with agentConfig.targetBranchName"))
                .isEqualTo("cannot be combined with --target-branch");
        assertThat(ErrorReporter.optionsInText("maia run", "is blank; write the instruction for the agent"))
                .as("plain words stay").isEqualTo("is blank; write the instruction for the agent");
        assertThat(ErrorReporter.describeField("maia task permissions", "grantedPermissions[3].toolName")).isEqualTo("--set");
        assertThat(ErrorReporter.describeField("maia run", "grantedPermissions[3].toolName")).isEqualTo("--grant");
        assertThat(ErrorReporter.describeField("maia run", "somethingNew")).as("unknown fields keep their name")
                .isEqualTo("somethingNew");
    }

    @Test
    void helpAndVersionSucceed() {
        CliRunner.Result help = new CliRunner().run("run", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--approve", "--on-decision", "--transcript", "--sandbox", "zero-based");
        CliRunner.Result top = new CliRunner().run("--help");
        assertThat(top.out()).contains("Exit codes", "run", "watch", "task", "tasks", "sandbox");
        assertThat(new CliRunner().run("--version").out()).startsWith("maia ");
    }

    private static String[] VALID_RUN() {
        return args();
    }

    private static String[] append(String[] a, String last) {
        String[] all = java.util.Arrays.copyOf(a, a.length + 1);
        all[a.length] = last;
        return all;
    }

    static void assertUsageError(CliRunner.Result r, String named) {
        assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isEqualTo(2);
        assertThat(r.err()).contains(named);
        assertThat(r.err().strip().lines()).as("one line on stderr").hasSize(1);
        assertThat(r.err()).doesNotContain("\tat ", "Exception");
        assertThat(r.out()).isEmpty();
    }
}
