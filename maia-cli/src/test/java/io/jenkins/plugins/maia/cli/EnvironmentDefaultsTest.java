package io.jenkins.plugins.maia.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 9: MAIA_BASE_URL, MAIA_REGION and MAIA_TOKEN_URL as defaults that options override, and client
 * credentials against a server that is not Matillion's without a token URL refused before any call. The environment is
 * injected ({@link CliRunner}), so the machine's own variables play no part.
 */
class EnvironmentDefaultsTest {

    private static final String NOWHERE = "http://127.0.0.1:9/dpc";

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
    void theBaseUrlComesFromTheEnvironmentAndTheOptionWins() {
        CliRunner fromEnvironment = sandbox.cli().env("MAIA_BASE_URL", sandbox.baseUrl());
        CliRunner.Result listed = SandboxFixture.checked(fromEnvironment.run("tasks", "list"));
        assertThat(listed.exitCode()).as(listed.err()).isZero();

        CliRunner wrongEnvironment = sandbox.cli().env("MAIA_BASE_URL", NOWHERE);
        CliRunner.Result optionWins = SandboxFixture.checked(wrongEnvironment.run("tasks", "list", "--base-url", sandbox.baseUrl()));
        assertThat(optionWins.exitCode()).as(optionWins.err()).isZero();

        CliRunner.Result run = SandboxFixture.checked(fromEnvironment.run("run", "--project-id", SandboxFixture.PROJECT_ID,
                "--environment", "dev", "--source-branch", "main", "--generate-branch", "--message", "Load",
                "--poll-interval", "10ms", "--requests-per-minute", "60000", "--on-decision", "fail"));
        assertThat(run.exitCode()).isEqualTo(4);
        // The printed next step names the server, so it works in a shell without the variable.
        assertThat(run.err()).contains("--base-url " + sandbox.baseUrl());
    }

    @Test
    void badOrConflictingServerVariablesAreNamed() {
        CliRunner.Result badRegion = new CliRunner().env("MAIA_TOKEN", "t").env("MAIA_REGION", "mars").run("tasks", "list");
        UsageErrorsTest.assertUsageError(badRegion, "MAIA_REGION: 'mars' is not a region");
        CliRunner.Result both = new CliRunner().env("MAIA_TOKEN", "t").env("MAIA_REGION", "eu1")
                .env("MAIA_BASE_URL", NOWHERE).run("tasks", "list");
        UsageErrorsTest.assertUsageError(both, "Both MAIA_BASE_URL and MAIA_REGION");
        CliRunner.Result badUrl = new CliRunner().env("MAIA_TOKEN", "t").env("MAIA_BASE_URL", "http://example.com/dpc")
                .run("tasks", "list");
        UsageErrorsTest.assertUsageError(badUrl, "MAIA_BASE_URL");
        CliRunner.Result none = new CliRunner().env("MAIA_TOKEN", "t").run("tasks", "list");
        UsageErrorsTest.assertUsageError(none, "MAIA_BASE_URL or MAIA_REGION");
    }

    @Test
    void theTokenUrlComesFromTheEnvironment() {
        CliRunner cli = new CliRunner().env("MAIA_CLIENT_ID", SandboxFixture.CLIENT_ID)
                .env("MAIA_CLIENT_SECRET", SandboxFixture.CLIENT_SECRET)
                .env("MAIA_BASE_URL", sandbox.baseUrl()).env("MAIA_TOKEN_URL", sandbox.server.tokenUrl());
        CliRunner.Result r = SandboxFixture.checked(cli.run("tasks", "list", "--verbose"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("token URL " + sandbox.server.tokenUrl());
    }

    @Test
    void clientCredentialsForAnotherServerWithoutATokenUrlAreRefusedBeforeAnyCall() {
        long before = sandbox.server.stats().totalRequests();
        CliRunner cli = new CliRunner().env("MAIA_CLIENT_ID", SandboxFixture.CLIENT_ID)
                .env("MAIA_CLIENT_SECRET", SandboxFixture.CLIENT_SECRET);
        CliRunner.Result r = SandboxFixture.checked(cli.run("tasks", "list", "--base-url", sandbox.baseUrl()));
        UsageErrorsTest.assertUsageError(r, "--token-url");
        assertThat(r.err()).contains("MAIA_TOKEN_URL", sandbox.baseUrl());
        assertThat(sandbox.server.stats().totalRequests()).isEqualTo(before);
        // Matillion's own servers keep the default token URL.
        assertThat(ConnectionOptions.isMatillion("https://eu1.api.matillion.com/dpc")).isTrue();
        assertThat(ConnectionOptions.isMatillion(sandbox.baseUrl())).isFalse();
    }
}
