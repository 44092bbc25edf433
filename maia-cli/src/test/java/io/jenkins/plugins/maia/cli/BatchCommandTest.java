package io.jenkins.plugins.maia.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code maia batch} end to end against a sandbox on a free loopback port. */
class BatchCommandTest {

    private static SandboxFixture sandbox;

    @BeforeAll
    static void startSandbox() {
        sandbox = SandboxFixture.start();
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    /** The server-side fields every task needs, as a batch file's defaults. */
    private static String defaults(String... more) {
        List<String> lines = new ArrayList<>(List.of("defaults:", "  projectId: " + SandboxFixture.PROJECT_ID,
                "  environment: dev", "  sourceBranch: main", "  generateBranch: true"));
        Arrays.stream(more).map(l -> "  " + l).forEach(lines::add);
        return String.join("\n", lines) + "\n";
    }

    private static Path write(Path dir, String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private static CliRunner.Result batch(CliRunner cli, Path file, String... extra) {
        List<String> args = new ArrayList<>(List.of("batch", file.toString()));
        args.addAll(SandboxFixture.fast());
        args.addAll(Arrays.asList(extra));
        return sandbox.command(cli, args.toArray(String[]::new));
    }

    private static CliRunner.Result batch(Path file, String... extra) {
        return batch(sandbox.cli(), file, extra);
    }

    private static JsonNode task(JsonNode json, String id) {
        for (JsonNode t : json.get("tasks")) {
            if (t.get("id").asText().equals(id)) {
                return t;
            }
        }
        throw new AssertionError("no task " + id + " in " + json);
    }

    private static Instant at(JsonNode task, String field) {
        return Instant.parse(task.get(field).asText());
    }

    @Test
    void aThreeLevelBatchFinishesInDependencyOrder(@TempDir Path dir) throws IOException {
        Path file = write(dir, "batch.yaml", defaults("approve: [query_warehouse, git_push]", "answer: [\"0=Incremental\"]")
                + "tasks:\n"
                + "  - id: staging\n    message: Build the staging models (three levels)\n"
                + "  - id: seeds\n    message: \"[scenario:happy-path] Load the seeds (three levels)\"\n"
                + "  - id: marts\n    dependsOn: [staging, seeds]\n    message: Build the marts (three levels)\n"
                + "  - id: docs\n    dependsOn: [marts]\n    message: \"[scenario:happy-path] Document it (three levels)\"\n");
        int createdBefore = sandbox.server.stats().tasksCreated().size();

        CliRunner.Result r = batch(file, "--transcript", dir.resolve("t").toString(), "--json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = SandboxFixture.json(r.out());
        assertThat(json.get("outcome").asText()).isEqualTo("FINISHED");
        assertThat(json.get("exitCode").asInt()).isZero();
        assertThat(json.get("tasks")).extracting(t -> t.get("id").asText())
                .containsExactly("staging", "seeds", "marts", "docs");
        assertThat(json.get("tasks")).allSatisfy(t -> {
            assertThat(t.get("outcome").asText()).isEqualTo("FINISHED");
            assertThat(t.get("targetBranchName").asText()).startsWith("maia/");
            assertThat(Path.of(t.get("transcripts").get("markdown").asText())).isRegularFile();
        });
        JsonNode marts = task(json, "marts");
        assertThat(at(marts, "startedAt")).isAfterOrEqualTo(at(task(json, "staging"), "endedAt"))
                .isAfterOrEqualTo(at(task(json, "seeds"), "endedAt"));
        assertThat(at(task(json, "docs"), "startedAt")).isAfterOrEqualTo(at(marts, "endedAt"));
        assertThat(marts.get("dependsOn")).extracting(JsonNode::asText).containsExactly("staging", "seeds");
        assertThat(sandbox.server.stats().tasksCreated()).hasSize(createdBefore + 4);
        // Every live line says whose it is.
        assertThat(r.err()).contains("[marts] starting (after staging, seeds)", "[marts] created task "
                + marts.get("taskId").asText(), "[staging] decision: answered question: 0=Incremental (by policy)",
                "Batch: 4 of 4 tasks finished.");
        assertThat(r.err().lines().filter(l -> l.startsWith("[docs] "))).isNotEmpty();
        assertThat(dir.resolve("t").resolve(BatchStateFile.DEFAULT_NAME)).isRegularFile();
        SandboxFixture.assertNoSecretIn(dir);
    }

    @Test
    void aTaskThatErroredSkipsItsDependentsAndTheOthersFinish(@TempDir Path dir) throws IOException {
        Path file = write(dir, "batch.yml", defaults()
                + "tasks:\n"
                + "  - id: broken\n    message: \"[scenario:errored] Fix the broken pipeline (skip)\"\n"
                + "  - id: fine\n    message: \"[scenario:happy-path] Fix the fine pipeline (skip)\"\n"
                + "  - id: after\n    dependsOn: [broken]\n    message: \"[scenario:happy-path] Then this (skip)\"\n"
                + "  - id: last\n    dependsOn: [after]\n    message: \"[scenario:happy-path] And this (skip)\"\n");

        CliRunner.Result r = batch(file, "--json", "--state", dir.resolve("state.json").toString());

        assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
        JsonNode json = SandboxFixture.json(r.out());
        assertThat(json.get("outcome").asText()).isEqualTo("NOT_FINISHED");
        assertThat(task(json, "broken").get("outcome").asText()).isEqualTo("ERRORED");
        assertThat(task(json, "broken").get("exitCode").asInt()).isEqualTo(3);
        assertThat(task(json, "fine").get("outcome").asText()).isEqualTo("FINISHED");
        assertThat(task(json, "after").get("outcome").asText()).isEqualTo("SKIPPED");
        assertThat(task(json, "after").get("reason").asText()).isEqualTo("dependency 'broken' did not finish (ERRORED)");
        assertThat(task(json, "after").get("taskId").isNull()).isTrue();
        assertThat(task(json, "after").get("exitCode").isNull()).isTrue();
        assertThat(task(json, "last").get("reason").asText()).isEqualTo("dependency 'after' was skipped");
        assertThat(r.err()).contains("[after] skipped: dependency 'broken' did not finish (ERRORED)",
                "Batch: 1 of 4 tasks finished (exit code 3).");
    }

    @Test
    void failFastStopsTheRunningTasksAndSkipsTheRest(@TempDir Path dir) throws IOException {
        Path file = write(dir, "batch.json", "{\"defaults\": {\"projectId\": \"" + SandboxFixture.PROJECT_ID
                + "\", \"environment\": \"dev\", \"sourceBranch\": \"main\", \"generateBranch\": true},"
                + " \"failFast\": true, \"tasks\": ["
                + "{\"id\": \"slow\", \"message\": \"[scenario:slow] Take your time (failFast)\"},"
                + "{\"id\": \"broken\", \"dependsOn\": [], \"message\": \"[scenario:errored] Break (failFast)\"},"
                + "{\"id\": \"later\", \"dependsOn\": [\"slow\"], \"message\": \"Later (failFast)\"}]}");

        CliRunner.Result r = batch(file, "--json", "--state", dir.resolve("state.json").toString());

        assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
        JsonNode json = SandboxFixture.json(r.out());
        JsonNode slow = task(json, "slow");
        assertThat(slow.get("outcome").asText()).isEqualTo("STOPPED");
        assertThat(slow.get("reason").asText()).isEqualTo("failFast: 'broken' did not finish (ERRORED)");
        assertThat(sandbox.server.stats().stopRequests(slow.get("taskId").asText())).isEqualTo(1);
        assertThat(task(json, "later").get("outcome").asText()).isEqualTo("SKIPPED");
        assertThat(task(json, "later").get("reason").asText()).contains("'broken' did not finish (ERRORED)");
    }

    @Test
    void reRunningTheSameCommandContinuesTheBatchWithoutCreatingATaskTwice(@TempDir Path dir) throws IOException {
        Path file = write(dir, "batch.yaml", defaults("approve: [query_warehouse, git_push]")
                + "tasks:\n"
                + "  - id: load\n    message: Load sales data (resume)\n"
                + "  - id: report\n    dependsOn: [load]\n    message: \"[scenario:happy-path] Report on it (resume)\"\n"
                + "  - id: other\n    message: \"[scenario:happy-path] Something else (resume)\"\n");
        String state = dir.resolve("state.json").toString();
        int before = sandbox.server.stats().tasksCreated().size();

        CliRunner.Result first = batch(file, "--state", state, "--on-decision", "fail", "--json");

        assertThat(first.exitCode()).as(first.err()).isEqualTo(4);
        JsonNode firstJson = SandboxFixture.json(first.out());
        String loadId = task(firstJson, "load").get("taskId").asText();
        assertThat(task(firstJson, "load").get("outcome").asText()).isEqualTo("NEEDS_DECISION");
        assertThat(task(firstJson, "report").get("outcome").asText()).isEqualTo("SKIPPED");
        assertThat(first.err()).contains("re-run the same command", "--answer N=OPTION");
        assertThat(sandbox.server.stats().tasksCreated()).hasSize(before + 2);

        CliRunner.Result second = batch(file, "--state", state, "--on-decision", "fail", "--answer", "0=Incremental",
                "--json");

        assertThat(second.exitCode()).as(second.err()).isZero();
        JsonNode json = SandboxFixture.json(second.out());
        assertThat(task(json, "load").get("taskId").asText()).isEqualTo(loadId);
        assertThat(task(json, "other").get("taskId").asText()).isEqualTo(task(firstJson, "other").get("taskId").asText());
        assertThat(task(json, "other").get("reason").asText()).isEqualTo("finished in an earlier run");
        assertThat(second.err()).contains("[load] continuing", "[report] created task").doesNotContain("[other] ");
        assertThat(sandbox.server.stats().tasksCreated()).as("only report is new").hasSize(before + 3);
        assertThat(Files.readString(Path.of(state))).doesNotContain(SandboxFixture.TOKEN, "Load sales data");
    }

    @Test
    void aRejectedToolCallEndsWithSevenUnderFailOnRejectionAndTheSameBatchWithoutItFinishes(@TempDir Path dir)
            throws IOException {
        Path file = write(dir, "batch.yaml", defaults("reject: [query_warehouse]", "answer: [\"0=Full reload\"]",
                "onDecision: reject", "giveUpAfter: 2m")
                + "tasks:\n"
                + "  - id: strict\n    failOnRejection: true\n    message: Load sales data (strict)\n"
                + "  - id: lenient\n    message: Load sales data (lenient)\n");

        CliRunner.Result r = batch(file, "--json", "--state", dir.resolve("state.json").toString());

        assertThat(r.exitCode()).as(r.err()).isEqualTo(7);
        JsonNode json = SandboxFixture.json(r.out());
        assertThat(json.get("outcome").asText()).isEqualTo("FINISHED");
        assertThat(json.get("exitCode").asInt()).isEqualTo(7);
        assertThat(task(json, "strict").get("exitCode").asInt()).isEqualTo(7);
        assertThat(task(json, "lenient").get("outcome").asText()).isEqualTo("FINISHED");
        assertThat(task(json, "lenient").get("exitCode").asInt()).isZero();
        assertThat(r.err()).contains("A tool call was rejected (query_warehouse, git_push): failOnRejection makes "
                + "that a failure.", "Batch: 2 of 2 tasks finished (exit code 7).");
    }

    @Test
    void aQuestionAtThePromptNamesItsTask(@TempDir Path dir) throws IOException {
        Path file = write(dir, "batch.yaml", defaults()
                + "tasks:\n  - id: loader\n    message: Load sales data (prompt)\n");

        CliRunner.Result r = batch(sandbox.cli().stdin("y\n1\ny\n"), file, "--on-decision", "prompt", "--state",
                dir.resolve("state.json").toString());

        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).as(r.err()).contains("Decision needed for task loader: ", "[loader] finished after");
    }

    @Test
    void everyProblemOfTheFileIsNamedByItsPathBeforeAnyCall(@TempDir Path dir) throws IOException {
        Path file = write(dir, "batch.yaml", "baseUrl: http://example.invalid\n"
                + defaults("token: abc", "aprove: [git_push]", "timeout: forever")
                + "maxConcurent: 3\n"
                + "tasks:\n"
                + "  - id: staging\n    message: one\n"
                + "  - id: marts\n    dependsOn: [stagng]\n    message: two\n    transcript: out\n"
                + "  - id: staging\n    message: three\n");
        int before = sandbox.server.stats().tasksCreated().size();

        CliRunner.Result r = batch(file);

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(
                "baseUrl: connection options come from the command line or the environment, never from the file: "
                        + "pass --base-url URL or set MAIA_BASE_URL",
                "maxConcurent: unknown field (did you mean maxConcurrent?)",
                "defaults.token: credentials come only from the environment",
                "defaults.aprove: unknown field (did you mean approve?)",
                "defaults.timeout: 'forever' is not a duration",
                "tasks[1].transcript: applies to the whole batch: set it under defaults: or pass --transcript");
        assertThat(sandbox.server.stats().tasksCreated()).hasSize(before);
    }

    @Test
    void graphProblemsNameTheirPathAndNothingIsCreated(@TempDir Path dir) throws IOException {
        Path file = write(dir, "batch.yaml", defaults()
                + "tasks:\n"
                + "  - id: staging\n    message: one (graph)\n"
                + "  - id: marts\n    dependsOn: [stagng]\n    message: two (graph)\n"
                + "  - id: staging\n    message: three (graph)\n"
                + "  - id: a\n    dependsOn: [b]\n    message: four (graph)\n"
                + "  - id: b\n    dependsOn: [a]\n    message: five (graph)\n");
        int before = sandbox.server.stats().tasksCreated().size();

        CliRunner.Result r = batch(file);

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("tasks[2].id: 'staging' is already the id of tasks[0]",
                "tasks[1].dependsOn[0]: no task has the id 'stagng' (did you mean staging?)",
                "tasks[4].dependsOn[0]: a cycle: a -> b -> a");
        assertThat(sandbox.server.stats().tasksCreated()).hasSize(before);
    }

    @Test
    void taskFieldsAreCheckedByTheClientsRulesAndNamedByWhereTheyCameFrom(@TempDir Path dir) throws IOException {
        Path file = write(dir, "batch.yaml", "defaults:\n  projectId: not-a-uuid\n  environment: dev\n"
                + "  sourceBranch: main\n  generateBranch: true\n  approve: [git_push]\n"
                + "tasks:\n"
                + "  - id: one\n    message: Same words\n    reject: [git_push]\n"
                + "  - id: two\n    message: Same words\n    projectId: " + SandboxFixture.PROJECT_ID + "\n"
                + "  - id: three\n    message: Same words\n    projectId: " + SandboxFixture.PROJECT_ID + "\n"
                + "  - id: four\n    targetBranch: feature\n    generateBranch: true\n    message: Other words\n"
                + "    projectId: " + SandboxFixture.PROJECT_ID + "\n"
                + "  - id: five\n");

        CliRunner.Result r = batch(file);

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("defaults.projectId: ",
                "tasks[0]: tool git_push is given to both approve (defaults.approve) and reject (tasks[0].reject): "
                        + "choose one",
                "tasks[2].message: the same message as tasks[1] in the same project",
                "tasks[4]: missing message: give message: (the instruction) or messageFile:");
        assertThat(r.err()).containsPattern("tasks\\[3]\\.(targetBranch|generateBranch): ");
    }

    @Test
    void withoutAFileOrWithABrokenOneTheErrorSaysSo(@TempDir Path dir) throws IOException {
        assertThat(batch(dir.resolve("missing.yaml")).err()).contains("cannot read the batch file", "no such file");
        CliRunner.Result broken = batch(write(dir, "broken.yaml", "tasks: [\n  - id: x"));
        assertThat(broken.exitCode()).isEqualTo(2);
        assertThat(broken.err()).contains("is not valid YAML at line");
        CliRunner.Result jsonl = batch(write(dir, "ok.yaml", defaults() + "tasks:\n  - id: x\n    message: y\n"),
                "--jsonl");
        assertThat(jsonl.exitCode()).isEqualTo(2);
        assertThat(jsonl.err()).contains("--jsonl is not offered by maia batch: use --json");
    }
}
