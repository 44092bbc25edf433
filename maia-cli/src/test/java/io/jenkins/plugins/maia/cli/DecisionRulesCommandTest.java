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
 * Issue 13 end to end against the sandbox: {@code --rules}, {@code --on-waiting}, {@code --on-decision wait} and the
 * decision timeout.
 */
class DecisionRulesCommandTest {

    /** The README's example: approve a SELECT, ask a person about anything else. */
    static final String SELECT_OR_ASK = """
            rules:
              - tool: query_warehouse
                field: query
                inputMatches: '(?is)^\\s*select\\b'
                verdict: approve
              - tool: '*'
                verdict: ask
            """;

    private static SandboxFixture sandbox;

    @BeforeAll
    static void startSandbox() {
        sandbox = SandboxFixture.start();
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    private static Path rules(Path dir, String yaml) throws IOException {
        return Files.writeString(dir.resolve("rules.yaml"), yaml);
    }

    @Test
    void aRuleApprovesTheSelectAndAPersonIsAskedAboutEverythingElse(@TempDir Path dir) throws IOException {
        CliRunner cli = sandbox.cli().stdin("Full reload\ny\n");
        CliRunner.Result r = sandbox.run(cli, "Load sales data", "--rules", rules(dir, SELECT_OR_ASK).toString(),
                "--answer", "0=Incremental", "--on-decision", "prompt", "--transcript", dir.toString(), "--json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        Path jsonl = Path.of(SandboxFixture.json(r.out()).get("transcripts").get("jsonl").asText());
        assertThat(Files.readString(jsonl)).contains("\"decidedBy\":\"rules[0]: query_warehouse query ~ "
                + "(?is)^\\\\s*select\\\\b -> approve\"", "\"decidedBy\":\"console\"");
        assertThat(r.err()).contains("decision: approved query_warehouse once (by rules[0]: query_warehouse query ~ "
                + "(?is)^\\s*select\\b -> approve)", "Decision needed: ", "Allow git_push?");
        JsonNode decisions = SandboxFixture.json(r.out()).get("decisions");
        assertThat(decisions).hasSize(3);
        assertThat(decisions.get(0).get("settledBy").asText()).isEqualTo("rule");
        assertThat(decisions.get(0).get("ruleIndex").asInt()).isZero();
        assertThat(decisions.get(0).get("by").asText()).startsWith("rules[0]: query_warehouse");
        // The ask rule comes before --answer: the person chose, not the shorthand.
        assertThat(decisions.get(1).get("answers").get(0).get("selectedOptions").get(0).asText())
                .isEqualTo("Full reload");
        assertThat(decisions.get(1).get("settledBy").asText()).isEqualTo("person");
        assertThat(decisions.get(1).has("ruleIndex")).isFalse();
        assertThat(decisions.get(2).get("toolName").asText()).isEqualTo("git_push");
        assertThat(decisions.get(2).get("by").asText()).isEqualTo("console");
    }

    @Test
    void onWaitingRunsWithTheDecisionsInItsEnvironmentAndANonZeroExitIsReported(@TempDir Path dir)
            throws IOException {
        Path written = dir.resolve("waiting.txt");
        CliRunner.Result r = sandbox.run("Load sales data", "--rules", rules(dir, SELECT_OR_ASK).toString(),
                "--on-decision", "fail", "--on-waiting", "printf '%s\\n%s\\n%s\\n%s\\n' \"$MAIA_TASK_ID\" "
                        + "\"$MAIA_DECISION_SUMMARY\" \"$MAIA_RESUME_COMMAND\" \"$MAIA_DECISIONS_JSON\" > '" + written
                        + "'; echo told the team; exit 3", "--json");

        assertThat(r.exitCode()).as(r.err()).isEqualTo(4);
        String taskId = SandboxFixture.json(r.out()).get("taskId").asText();
        assertThat(Files.readAllLines(written)).containsExactly(taskId,
                "1 decision for task " + taskId + ": question \"Which load strategy should the pipeline use?\" (id "
                        + SandboxFixture.json(r.out()).get("pendingDecisions").get(0).get("toolId").asText() + ")",
                "maia watch " + taskId + " --answer 0=Incremental --base-url " + sandbox.baseUrl(),
                "[{\"type\":\"question\",\"toolName\":\"ask_user_question\",\"toolId\":\""
                        + SandboxFixture.json(r.out()).get("pendingDecisions").get(0).get("toolId").asText()
                        + "\",\"title\":\"How should the pipeline load the data?\"}]");
        assertThat(r.err()).contains("[on-waiting] told the team",
                "maia run: warning: --on-waiting exited with 3; the follow goes on");
        assertThat(r.err().indexOf("[on-waiting] told the team")).as("the hook's output comes before the result")
                .isLessThan(r.err().indexOf("maia run: task " + taskId));
    }

    @Test
    void aDecisionTimeoutRejectsWhatNobodyAnsweredAndTheTaskGoesOn() {
        CliRunner.Result r = sandbox.run("Load sales data", "--on-decision", "wait", "--decision-timeout", "2s",
                "--on-decision-timeout", "reject", "--answer", "0=Incremental", "--json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = SandboxFixture.json(r.out());
        assertThat(json.get("outcome").asText()).isEqualTo("FINISHED");
        assertThat(json.get("rejectedTools")).extracting(JsonNode::asText)
                .containsExactly("query_warehouse", "git_push");
        JsonNode first = json.get("decisions").get(0);
        assertThat(first.get("settledBy").asText()).isEqualTo("default");
        assertThat(first.get("by").asText()).isEqualTo("decision timeout REJECT (nobody answered within 2s)");
        assertThat(r.err()).contains("decision: rejected query_warehouse (by decision timeout (nobody answered "
                + "within 2s))");
    }

    @Test
    void waitKeepsFollowingWhileAPersonAnswersElsewhere() throws Exception {
        int before = sandbox.server.stats().tasksCreated().size();
        CliRunner.Result[] result = new CliRunner.Result[1];
        Thread run = new Thread(() -> result[0] = sandbox.run("Load sales data", "--on-decision", "wait",
                "--approve", "git_push", "--answer", "0=Incremental", "--json"));
        run.start();
        String taskId = null;
        for (int i = 0; i < 600 && taskId == null; i++) {
            var created = sandbox.server.stats().tasksCreated();
            taskId = created.size() > before && sandbox.server.stats().taskStatus(created.get(before))
                    .filter("STOPPED+PENDING"::equals).isPresent() ? created.get(before) : null;
            Thread.sleep(50);
        }
        assertThat(taskId).as("the task paused on query_warehouse").isNotNull();
        CliRunner.Result decide = sandbox.command("task", "decide", taskId, "--approve", "query_warehouse");
        assertThat(decide.exitCode()).as(decide.err()).isZero();
        run.join(60_000);

        assertThat(result[0].exitCode()).as(result[0].err()).isZero();
        JsonNode json = SandboxFixture.json(result[0].out());
        assertThat(json.get("outcome").asText()).isEqualTo("FINISHED");
        assertThat(json.get("decisions")).extracting(d -> d.get("toolName").asText())
                .as("query_warehouse was answered elsewhere").doesNotContain("query_warehouse");
    }

    @Test
    void badRulesAreRefusedBeforeAnyCallNamingTheRuleAndField(@TempDir Path dir) throws IOException {
        Path file = rules(dir, "- {tool: query_warehouse, inputMatches: '(select', verdict: aprove}\n"
                + "- {tool: git_pus, verdict: reject}\n");
        CliRunner.Result r = sandbox.run("Refused rules", "--rules", file.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--rules " + file + " has 2 problems:",
                file + ": rules[0].inputMatches: not a valid regular expression (Unclosed group near index 7",
                file + ": rules[0].verdict: 'aprove' is not a verdict (did you mean approve?)");
        assertThat(sandbox.command("tasks", "list", "--json").out()).doesNotContain("Refused rules");
    }

    @Test
    void unknownToolsInRulesAreWarnings(@TempDir Path dir) throws IOException {
        CliRunner.Result r = sandbox.run("[scenario:happy-path] Build", "--rules",
                rules(dir, "- {tool: git_pus, verdict: reject}\n").toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("warning: " + dir.resolve("rules.yaml") + ": rules[0].tool: 'git_pus' is not a "
                + "documented Maia tool (did you mean git_push?); it is used as given");
    }

    @Test
    void decisionTimeoutOptionsThatWouldDoNothingAreUsageErrors() {
        CliRunner.Result alone = sandbox.run("Load sales data", "--on-decision-timeout", "reject");
        assertThat(alone.exitCode()).isEqualTo(2);
        assertThat(alone.err()).contains("--on-decision-timeout applies only with --decision-timeout DURATION");

        CliRunner.Result nobody = sandbox.run("Load sales data", "--decision-timeout", "2s", "--on-decision", "fail");
        assertThat(nobody.exitCode()).isEqualTo(2);
        assertThat(nobody.err()).contains("--decision-timeout applies when a person is asked or waited for");
    }
}
