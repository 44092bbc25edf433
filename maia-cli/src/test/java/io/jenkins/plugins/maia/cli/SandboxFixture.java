package io.jenkins.plugins.maia.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.maia.sandbox.SandboxOptions;
import io.jenkins.plugins.maia.sandbox.SandboxServer;
import io.jenkins.plugins.maia.sandbox.scenario.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A sandbox on a free loopback port with fast agents, recognisable credentials, and helpers to run the CLI
 * against it. Every run is checked for the token and the client secret in its output.
 */
final class SandboxFixture implements AutoCloseable {

    /** Recognisable so a leak is easy to find: no output may ever contain it. */
    static final String TOKEN = "tok-LEAKCHECK-7Hq2xZ9w";
    static final String CLIENT_ID = "maia-cli-test-client";
    static final String CLIENT_SECRET = "sec-LEAKCHECK-Pq81Lm3v";
    static final String PROJECT_ID = "5f1f7e8a-0d6b-4c43-9a53-2c1d5e0b7a11";

    private static final ObjectMapper JSON = new ObjectMapper();

    final SandboxServer server;

    private SandboxFixture(SandboxServer server) {
        this.server = server;
    }

    /** A scenario that keeps running for minutes, one message per step: for timeouts and stops. */
    static final String SLOW_SCENARIO = String.join("\n",
            "name: slow",
            "steps:",
            "  - say: \"Working.\"",
            "  - say:",
            "      text: \"Still working {n} of {count}.\"",
            "      repeat: 100000",
            "      perTick: 1",
            "  - finish: \"Done.\"",
            "");

    /** An agent that found the token in its environment and repeats it: in a message, a tool call, its last words. */
    static final String ECHO_SCENARIO = String.join("\n",
            "name: echo-token",
            "steps:",
            "  - say: \"Debug dump: MAIA_TOKEN=" + TOKEN + "\"",
            "  - tool:",
            "      name: print_env",
            "      input: {value: \"" + TOKEN + "\"}",
            "      result: \"MAIA_TOKEN=" + TOKEN + "\"",
            "  - finish: \"Here it is again: " + TOKEN + "\"",
            "");

    /**
     * An agent that echoes the token where the console cuts text to fit: at the 4,000-character cut of a tool's
     * input, and at the 120-character cut of a question's summary. A cut after masking prints none of it.
     */
    static final String CUT_TOKEN_SCENARIO = String.join("\n",
            "name: cut-token",
            "steps:",
            "  - tool:",
            "      name: print_env",
            "      input: {value: \"" + "x".repeat(3_984) + TOKEN + "\"}",
            "      result: \"ok\"",
            "  - ask:",
            "      title: One more thing",
            "      questions:",
            "        - question: \"" + "q".repeat(113) + TOKEN + "\"",
            "          options: [\"Yes " + TOKEN + "\", \"No\"]",
            "");

    /**
     * A run as an agent built on a common agent SDK streams it: an init record, a message with text and a tool call
     * (its input longer than a console line), the tool's result, a status record, an error, the final summary.
     */
    static final String LONG_QUERY = "SELECT region, SUM(amount) AS total FROM sales WHERE "
            + "region <> 'OTHER' AND ".repeat(20) + "amount > 0 GROUP BY region";
    static final String SDK_SCENARIO = String.join("\n",
            "name: agent-sdk",
            "steps:",
            "  - event: {type: system, subtype: init, session_id: s1, model: claude-sonnet-4-5,"
                    + " tools: [query_warehouse, git_push], cwd: /work}",
            "  - event: {type: assistant, session_id: s1, message: {id: msg_1, type: message, role: assistant,"
                    + " content: [{type: thinking, thinking: \"private plan\"},"
                    + " {type: text, text: \"I'll look at the sales table.\"},"
                    + " {type: tool_use, id: toolu_01, name: query_warehouse, input: {query: \"" + LONG_QUERY
                    + "\"}}]}}",
            "  - event: {type: user, message: {role: user, content: [{type: tool_result, tool_use_id: toolu_01,"
                    + " content: [{type: text, text: \"5 rows: EMEA 1.2M, NA 2.4M\"}]}]}}",
            "  - event: {type: status, status: RUNNING, reason: tool_finished}",
            "  - event: {type: error, error: {type: overloaded_error, message: \"Overloaded, retrying\"}}",
            "  - event: {type: result, subtype: success, is_error: false, num_turns: 3,"
                    + " result: \"Loaded the data into sales_utc.\"}",
            "  - finish",
            "");

    /**
     * Two messages, a quiet spell, then 1,200 at once, and then a task that runs on in silence: the read after a
     * timeout must still bring all of them (issue 12: 502 of 1,202 written and called complete).
     */
    static final String BURST_SCENARIO = String.join("\n",
            "name: burst",
            "steps:",
            "  - say: \"Starting.\"",
            "  - wait: 25",
            "  - say: {text: \"Row batch {n} of {count}.\", repeat: 1200, perTick: 400}",
            "  - wait: 100000",
            "");

    static SandboxFixture start() {
        return start(Duration.ofMillis(5));
    }

    /** A sandbox whose agents take a step every {@code pacing}. */
    static SandboxFixture start(Duration pacing) {
        Scenario slow = scenario("slow", SLOW_SCENARIO);
        Scenario echo = scenario("echo-token", ECHO_SCENARIO);
        Scenario cut = scenario("cut-token", CUT_TOKEN_SCENARIO);
        Scenario sdk = scenario("agent-sdk", SDK_SCENARIO);
        Scenario burst = scenario("burst", BURST_SCENARIO);
        return new SandboxFixture(SandboxServer.start(SandboxOptions.builder()
                .port(0)
                .scenarios(List.of(slow, echo, cut, sdk, burst))
                .defaultScenario("approval-and-question")
                .tokens(Set.of(TOKEN))
                .clientCredentials(CLIENT_ID, CLIENT_SECRET)
                .pacing(pacing)
                .build()));
    }

    private static Scenario scenario(String name, String yaml) {
        try {
            Path file = Files.createTempFile("maia-cli-" + name, ".yaml");
            Files.writeString(file, yaml);
            Scenario scenario = Scenario.fromFile(file);
            Files.delete(file);
            return scenario;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String baseUrl() {
        return server.baseUrl();
    }

    CliRunner cli() {
        return new CliRunner().env(ConnectionOptions.MAIA_TOKEN, TOKEN);
    }

    /** {@code maia run} against this sandbox with valid task options, fast polling, and {@code extra}. */
    CliRunner.Result run(String message, String... extra) {
        return run(cli(), message, extra);
    }

    CliRunner.Result run(CliRunner cli, String message, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--base-url", baseUrl(), "--project-id", PROJECT_ID,
                "--environment", "dev", "--source-branch", "main", "--generate-branch", "--message", message));
        args.addAll(fast());
        args.addAll(Arrays.asList(extra));
        return checked(cli.run(args.toArray(String[]::new)));
    }

    /** Any other command against this sandbox ({@code --base-url} appended). */
    CliRunner.Result command(String... args) {
        return command(cli(), args);
    }

    CliRunner.Result command(CliRunner cli, String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--base-url", baseUrl()));
        return checked(cli.run(all.toArray(String[]::new)));
    }

    /** Following options that make tests quick: fast polls, a budget the sandbox does not mind. */
    static List<String> fast() {
        return List.of("--poll-interval", "10ms", "--max-poll-interval", "50ms", "--requests-per-minute", "60000");
    }

    static CliRunner.Result checked(CliRunner.Result r) {
        assertNoSecret(r.out() + r.err());
        return r;
    }

    static void assertNoSecret(String text) {
        assertThat(text).doesNotContain(TOKEN).doesNotContain(CLIENT_SECRET);
    }

    /** Every file under {@code dir} is free of the token and the client secret. */
    static void assertNoSecretIn(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertNoSecret(Files.readString(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
