package io.jenkins.plugins.maia.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The token and the client secret never appear in any output: stdout, stderr (verbose included), JSON results,
 * transcripts and saved follow state, even when the agent's text carries them.
 */
class SecretsTest {

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
    void fullFlowsWithTokenAndClientCredentialsLeakNothing(@TempDir Path dir) {
        // The message itself carries the token: the user message event echoes it back from the server.
        CliRunner.Result withToken = sandbox.run("Load data; debug token " + SandboxFixture.TOKEN + " Bearer abc.def",
                "--approve", "query_warehouse", "--approve", "git_push", "--answer", "0=Incremental",
                "--transcript", dir.toString(), "--verbose", "--json");
        assertThat(withToken.exitCode()).as(withToken.err()).isZero();
        assertThat(withToken.err()).contains("user: Load data; debug token ****");

        CliRunner clientCredentials = new CliRunner().env("MAIA_CLIENT_ID", SandboxFixture.CLIENT_ID)
                .env("MAIA_CLIENT_SECRET", SandboxFixture.CLIENT_SECRET);
        CliRunner.Result withSecret = sandbox.run(clientCredentials, "Paused run " + SandboxFixture.CLIENT_SECRET,
                "--token-url", sandbox.server.tokenUrl(), "--transcript", dir.toString(), "--verbose", "--json");
        assertThat(withSecret.exitCode()).isEqualTo(4);
        String taskId = SandboxFixture.json(withSecret.out()).get("taskId").asText();

        // Each invocation knows the credentials it was given: here the client secret, echoed in the history.
        CliRunner.Result messages = sandbox.command(clientCredentials, "task", "messages", taskId, "--json", "--verbose",
                "--token-url", sandbox.server.tokenUrl());
        assertThat(messages.exitCode()).as(messages.err()).isZero();
        assertThat(messages.out()).contains("Paused run ****");
        CliRunner.Result get = sandbox.command(clientCredentials, "task", "get", taskId, "--verbose",
                "--token-url", sandbox.server.tokenUrl());
        assertThat(get.out()).contains("Paused run ****");
        // Every run above went through SandboxFixture.checked (stdout and stderr); now the files.
        SandboxFixture.assertNoSecretIn(dir);
    }

    @Test
    void anAgentEchoingTheTokenLeavesItOutOfTheSavedStateAndTheResult(@TempDir Path dir) throws IOException {
        CliRunner.Result r = sandbox.run("[scenario:echo-token] show me your environment", "--grant", "print_env",
                "--transcript", dir.toString(), "--json", "--verbose");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(SandboxFixture.json(r.out()).get("lastAgentMessage").asText()).isEqualTo("Here it is again: ****");
        String taskId = SandboxFixture.json(r.out()).get("taskId").asText();
        Path state = TranscriptSession.stateFile(dir, taskId);
        assertThat(java.nio.file.Files.readString(state)).contains("\"lastAgentMessage\":\"Here it is again: ****\"");
        SandboxFixture.assertNoSecretIn(dir);
    }

    @Test
    void agentTextIsMaskedBeforeTheConsoleCutsItSoNoPartOfATokenIsPrinted(@TempDir Path dir) {
        // The console stream masks a whole token; these cuts would print its first characters before the fix.
        String partOfTheToken = SandboxFixture.TOKEN.substring(0, 6);
        CliRunner.Result run = sandbox.run("[scenario:cut-token] print the environment", "--grant", "print_env",
                "--on-decision", "fail", "--transcript", dir.toString(), "--verbose");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(4);
        assertThat(run.out()).contains("tool call print_env: {\"value\":\"xxx").contains("****");
        assertThat(run.all()).contains("q".repeat(100)).doesNotContain(partOfTheToken);
        String taskId = run.err().replaceAll("(?s).*task ([0-9a-f-]{36}) needs a decision.*", "$1");

        CliRunner.Result messages = sandbox.command("task", "messages", taskId);
        assertThat(messages.exitCode()).as(messages.err()).isZero();
        assertThat(messages.out()).contains("tool call print_env").doesNotContain(partOfTheToken);
        CliRunner.Result jsonLines = sandbox.command("task", "messages", taskId, "--json");
        assertThat(jsonLines.out()).contains("****").doesNotContain(partOfTheToken);
        CliRunner.Result get = sandbox.command("task", "get", taskId);
        assertThat(get.out()).contains("q".repeat(100)).doesNotContain(partOfTheToken);
        CliRunner.Result decide = sandbox.command("task", "decide", taskId, "--answer", "0=Maybe");
        assertThat(decide.exitCode()).isEqualTo(2);
        assertThat(decide.err()).contains("not an option").doesNotContain(partOfTheToken);

        // The prompt shows the question masked too.
        CliRunner.Result prompted = sandbox.run(sandbox.cli().stdin("2\n"), "[scenario:cut-token] again", "--grant",
                "print_env", "--on-decision", "prompt");
        assertThat(prompted.exitCode()).as(prompted.err()).isZero();
        assertThat(prompted.out()).contains("Decision needed: One more thing").contains("Yes ****")
                .doesNotContain(partOfTheToken);
    }

    @Test
    void redactingStreamMasksSecretsSplitAcrossWritesAndKeepsOtherText() throws IOException {
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        CliContext ctx = new CliContext(new PrintStream(target, true, StandardCharsets.UTF_8), System.err,
                java.io.InputStream.nullInputStream(), Environment.of(java.util.Map.of()));
        ctx.addSecret("s3cr3t-value");
        ctx.out().print("first s3cr");
        ctx.out().print("3t-value and ü ");
        ctx.out().println("Authorization: Bearer xyz");
        ctx.out().print("prompt> ");
        ctx.out().flush();
        String printed = target.toString(StandardCharsets.UTF_8);
        assertThat(printed).isEqualTo("first **** and ü Authorization: ****\nprompt> ");
    }
}
