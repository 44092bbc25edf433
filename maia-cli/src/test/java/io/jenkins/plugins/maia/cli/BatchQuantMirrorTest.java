package io.jenkins.plugins.maia.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.maia.quant.client.QuantClient;
import io.jenkins.plugins.maia.quant.model.QuantTask;
import io.jenkins.plugins.maia.sandbox.SandboxOptions;
import io.jenkins.plugins.maia.sandbox.SandboxServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code maia batch --quant-org} end to end: a batch run against an embedded sandbox (as {@code run --sandbox}) is
 * mirrored to sandbox Quant endpoints, task by task, with each task's dependencies as Quant ids, and
 * {@code maia quant list} prints the board.
 */
class BatchQuantMirrorTest {
    /** Recognisable, so a leak is easy to find: no output may contain it. */
    private static final String QUANT_TOKEN = "qt-LEAKCHECK-batch-8Rw2";

    /** When the board received each write (its arrival, not its answer), for the 5 s spacing. */
    private record Write(Instant at, String method, String path) {}

    private static final List<Write> writes = new CopyOnWriteArrayList<>();
    private static SandboxServer board;
    private static String quantUrl;

    @BeforeAll
    static void startBoard() {
        // Only a Quant board here; the Maia side of each batch is the command's own embedded sandbox.
        board = SandboxServer.start(SandboxOptions.builder().quant(true).tokens(Set.of(QUANT_TOKEN))
                .requestListener((method, path, status, took) -> {
                    if (path.contains("/ai/tasks") && (method.equals("POST") || method.equals("PUT"))) {
                        writes.add(new Write(Instant.now().minus(took), method, path));
                    }
                }).build());
        quantUrl = board.quantUrl().orElseThrow();
    }

    @AfterAll
    static void stopBoard() {
        board.close();
    }

    private static CliRunner cli() {
        return new CliRunner().env(QuantOptions.QUANT_TOKEN, QUANT_TOKEN);
    }

    private static CliRunner.Result checked(CliRunner.Result r) {
        assertThat(r.all()).doesNotContain(QUANT_TOKEN);
        return r;
    }

    private static CliRunner.Result batch(CliRunner cli, Path file, String... extra) {
        List<String> args = new ArrayList<>(List.of("batch", file.toString(), "--sandbox", "--sandbox-pacing", "5ms"));
        args.addAll(SandboxFixture.fast());
        args.addAll(Arrays.asList(extra));
        return checked(cli.run(args.toArray(String[]::new)));
    }

    private static CliRunner.Result quantList(String taskList, String... extra) {
        List<String> args = new ArrayList<>(List.of("quant", "list", "--quant-org", "acme", "--quant-url", quantUrl,
                "--quant-task-list", taskList));
        args.addAll(Arrays.asList(extra));
        return checked(cli().run(args.toArray(String[]::new)));
    }

    private static Map<String, JsonNode> byTitle(JsonNode boardJson) {
        Map<String, JsonNode> tasks = new HashMap<>();
        boardJson.get("tasks").forEach(t -> tasks.put(t.get("title").asText(), t));
        return tasks;
    }

    private static JsonNode task(JsonNode batchJson, String id) {
        for (JsonNode t : batchJson.get("tasks")) {
            if (t.get("id").asText().equals(id)) {
                return t;
            }
        }
        throw new AssertionError("no task " + id + " in " + batchJson);
    }

    @Test
    void aThreeLevelBatchIsMirroredTaskByTaskWithItsDependenciesAsQuantIdsAndItsEnds(@TempDir Path dir)
            throws IOException {
        Path file = dir.resolve("fix-pipelines.yaml");
        Files.writeString(file, "tasks:\n"
                + "  - id: staging\n    message: Fix the staging models\n"
                + "  - id: seeds\n    message: Fix the seeds\n"
                + "  - id: marts\n    dependsOn: [staging, seeds]\n    message: Fix the marts\n"
                + "  - id: docs\n    dependsOn: [marts]\n    message: Document the fixes\n"
                + "  - id: broken\n    message: \"[scenario:errored] Fix the broken pipeline\"\n"
                + "  - id: after\n    dependsOn: [broken]\n    message: Then rerun it\n");

        // The mirror's real spacing (5 s), so that the board's record of writes shows it; a generous wait for the
        // last states, since the mirror's own budget (30 a minute) spaces a dozen writes over some 15 s.
        CliRunner.Result r = batch(cli(), file, "--quant-org", "acme", "--quant-url", quantUrl, "--quant-wait", "2m",
                "--scenario", "happy-path", "--json");

        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitStatus.TASK_ERRORED.code());
        assertThat(r.err()).contains("Mirroring to Quant task list maia-fix-pipelines (organisation acme at " + quantUrl)
                .doesNotContain("Quant mirror");
        JsonNode batchJson = SandboxFixture.json(r.out());

        CliRunner.Result listed = quantList("maia-fix-pipelines", "--json");
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        Map<String, JsonNode> tasks = byTitle(SandboxFixture.json(listed.out()));
        assertThat(tasks).hasSize(6);
        String staging = tasks.get("Fix the staging models").get("taskId").asText();
        String seeds = tasks.get("Fix the seeds").get("taskId").asText();
        JsonNode marts = tasks.get("Fix the marts");
        JsonNode docs = tasks.get("Document the fixes");
        JsonNode broken = tasks.get("[scenario:errored] Fix the broken pipeline");
        JsonNode after = tasks.get("Then rerun it");
        assertThat(marts.get("dependsOn")).extracting(JsonNode::asText).containsExactlyInAnyOrder(staging, seeds);
        assertThat(docs.get("dependsOn")).extracting(JsonNode::asText).containsExactly(marts.get("taskId").asText());
        assertThat(after.get("dependsOn")).extracting(JsonNode::asText).containsExactly(broken.get("taskId").asText());
        assertThat(List.of(staging, seeds, marts.get("taskId").asText(), docs.get("taskId").asText()))
                .allSatisfy(id -> assertThat(tasks.values().stream().filter(t -> t.get("taskId").asText().equals(id))
                        .findFirst().orElseThrow().get("status").asText()).isEqualTo("completed"));
        assertThat(broken.get("status").asText()).isEqualTo("failed");
        assertThat(after.get("status").asText()).isEqualTo("cancelled");

        // Each Quant task names its Maia task; the skipped one never had one and says why it did not run.
        QuantClient quant = QuantClient.builder().baseUrl(quantUrl).organisation("acme").token(QUANT_TOKEN).build();
        QuantTask docsTask = quant.getTask(docs.get("taskId").asText());
        assertThat(docsTask.metadata().path("maiaTaskId").asText()).isEqualTo(task(batchJson, "docs").get("taskId")
                .asText());
        assertThat(docsTask.createdByAgentId()).isEqualTo("maia-cli");
        QuantTask afterTask = quant.getTask(after.get("taskId").asText());
        assertThat(afterTask.metadata().has("maiaTaskId")).isFalse();
        assertThat(afterTask.progressMessage()).isEqualTo("Skipped: dependency 'broken' did not finish (ERRORED)");
        assertThat(quant.getTask(broken.get("taskId").asText()).error()).startsWith("The Maia task ended ERRORED");

        // At most one write per task per 5 s: the create (stamped createdAt by the board) and each update. The
        // board sees a write a little after the mirror started it, so a gap may look up to a loopback call shorter.
        for (JsonNode t : tasks.values()) {
            List<Instant> times = new ArrayList<>(List.of(Instant.ofEpochMilli(t.get("createdAt").asLong())));
            writes.stream().filter(w -> w.method().equals("PUT") && w.path().endsWith("/" + t.get("taskId").asText()))
                    .map(Write::at).forEach(times::add);
            assertThat(times).as("the last state was written after the create").hasSizeGreaterThan(1);
            for (int i = 1; i < times.size(); i++) {
                assertThat(Duration.between(times.get(i - 1), times.get(i))).as(t.get("title").asText())
                        .isGreaterThanOrEqualTo(Duration.ofMillis(4_750));
            }
        }

        CliRunner.Result printed = quantList("maia-fix-pipelines");
        assertThat(printed.out()).contains("Quant task list maia-fix-pipelines (organisation acme at " + quantUrl
                + "): 6 task(s)");
        assertThat(printed.out().lines().filter(l -> l.contains("Document the fixes"))).singleElement().asString()
                .startsWith("completed").contains("Fix the marts");
        assertThat(printed.out().lines().filter(l -> l.contains("Then rerun it"))).singleElement().asString()
                .startsWith("cancelled").contains("[scenario:errored] Fix the br");
    }

    @Test
    void aContinuedBatchKeepsItsQuantTasksAndEndsThemThere(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("continue.yaml");
        Files.writeString(file, "defaults:\n  projectId: " + SandboxFixture.PROJECT_ID + "\n  environment: dev\n"
                + "  sourceBranch: main\n  generateBranch: true\n  approve: [query_warehouse, git_push]\ntasks:\n"
                + "  - id: load\n    message: Load sales data (continued)\n"
                + "  - id: report\n    dependsOn: [load]\n    message: \"[scenario:happy-path] Report on it (continued)\"\n"
                + "  - id: other\n    message: \"[scenario:happy-path] Something else (continued)\"\n");
        String[] mirror = {"--quant-org", "acme", "--quant-url", quantUrl, "--quant-task-list", "continued",
                "--quant-update-interval", "1s", "--state", dir.resolve("state.json").toString(), "--on-decision",
                "fail"};

        // A sandbox that outlives each command, so the second one can continue the task the first left paused.
        try (SandboxFixture maia = SandboxFixture.start()) {
            CliRunner cli = maia.cli().env(QuantOptions.QUANT_TOKEN, QUANT_TOKEN);
            continueBatch(maia, cli, file, mirror);
        }
    }

    private static CliRunner.Result batchOn(SandboxFixture maia, CliRunner cli, Path file, List<String> extra) {
        List<String> args = new ArrayList<>(List.of("batch", file.toString()));
        args.addAll(SandboxFixture.fast());
        args.addAll(extra);
        return checked(maia.command(cli, args.toArray(String[]::new)));
    }

    private static void continueBatch(SandboxFixture maia, CliRunner cli, Path file, String[] mirror) {
        CliRunner.Result first = batchOn(maia, cli, file, List.of(mirror));

        assertThat(first.exitCode()).as(first.err()).isEqualTo(ExitStatus.NEEDS_DECISION.code());
        Map<String, JsonNode> before = byTitle(SandboxFixture.json(quantList("continued", "--json").out()));
        assertThat(before).hasSize(3);
        assertThat(before.get("Load sales data (continued)").get("status").asText()).isEqualTo("blocked");
        assertThat(before.get("Load sales data (continued)").get("blockedReason").asText())
                .contains("re-running the same maia batch command");
        assertThat(before.get("[scenario:happy-path] Report on it (continued)").get("status").asText())
                .isEqualTo("cancelled");

        List<String> again = new ArrayList<>(Arrays.asList(mirror));
        again.addAll(List.of("--answer", "0=Incremental"));
        CliRunner.Result second = batchOn(maia, cli, file, again);

        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.err()).doesNotContain("Quant mirror");
        Map<String, JsonNode> after = byTitle(SandboxFixture.json(quantList("continued", "--json").out()));
        assertThat(after).as("the same three tasks, none made twice").hasSize(3);
        after.forEach((title, t) -> {
            assertThat(t.get("taskId").asText()).as(title).isEqualTo(before.get(title).get("taskId").asText());
            assertThat(t.get("status").asText()).as(title).isEqualTo("completed");
        });
    }

    @Test
    void withTheEmbeddedSandboxsOwnQuantTheBatchPrintsTheBoardBeforeItGoes(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("demo.json");
        Files.writeString(file, "{\"tasks\": [{\"id\": \"a\", \"message\": \"First (demo)\"},"
                + " {\"id\": \"b\", \"dependsOn\": [\"a\"], \"message\": \"Second (demo)\"}]}");

        CliRunner.Result r = batch(new CliRunner(), file, "--scenario", "happy-path", "--quant-org", "demo",
                "--quant-update-interval", "1s");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Mirroring to Quant task list maia-demo (organisation demo at http://127.0.0.1:",
                "Quant task list maia-demo (organisation demo at http://127.0.0.1:");
        assertThat(r.out().lines().filter(l -> l.startsWith("completed"))).hasSize(2).last().asString()
                .contains("Second (demo)", "First (demo)");
        assertThat(r.err()).doesNotContain("Quant mirror");
    }

    @Test
    void theQuantOptionsAreCheckedAndRefusedInTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("b.yaml");
        Files.writeString(file, "tasks:\n  - id: a\n    message: m\n");
        CliRunner.Result noToken = new CliRunner().run("batch", file.toString(), "--sandbox", "--quant-org", "acme",
                "--quant-url", quantUrl);
        assertThat(noToken.exitCode()).isEqualTo(ExitStatus.USAGE.code());
        assertThat(noToken.err()).contains("set QUANT_TOKEN").doesNotContain("created task");
        CliRunner.Result alone = cli().run("batch", file.toString(), "--sandbox", "--quant-task-list", "x");
        assertThat(alone.exitCode()).isEqualTo(ExitStatus.USAGE.code());
        assertThat(alone.err()).contains("--quant-task-list only applies with --quant-org");

        Files.writeString(file, "defaults:\n  quantOrg: acme\ntasks:\n  - id: a\n    message: m\n");
        CliRunner.Result inFile = cli().run("batch", file.toString(), "--sandbox");
        assertThat(inFile.exitCode()).isEqualTo(ExitStatus.USAGE.code());
        assertThat(inFile.err()).contains("defaults.quantOrg", "pass --quant-org ORG to maia batch")
                .doesNotContain("Started a local sandbox");
    }
}
