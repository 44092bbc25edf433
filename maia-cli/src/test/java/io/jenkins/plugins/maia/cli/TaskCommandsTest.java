package io.jenkins.plugins.maia.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code maia task ...} and {@code maia tasks list} against a sandbox. */
class TaskCommandsTest {

    private static SandboxFixture sandbox;

    @BeforeAll
    static void startSandbox() {
        sandbox = SandboxFixture.start();
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    /** A task paused at its first decision (query_warehouse). */
    private static String pausedTask() {
        CliRunner.Result r = sandbox.run("Load sales data", "--on-decision", "fail", "--json");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(4);
        return SandboxFixture.json(r.out()).get("taskId").asText();
    }

    private static JsonNode task(String taskId) {
        CliRunner.Result r = sandbox.command("task", "get", taskId, "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        return SandboxFixture.json(r.out());
    }

    @Test
    void getShowsStatusBranchesAndPendingDecisions() {
        String taskId = pausedTask();
        CliRunner.Result r = sandbox.command("task", "get", taskId);
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Task " + taskId, "STOPPED (paused: 1 decision(s) pending)", "main -> (generated)",
                "tool query_warehouse (id ", "Query the warehouse", "SELECT region", "maia task decide " + taskId);
        JsonNode json = task(taskId);
        assertThat(json.get("status").asText()).isEqualTo("STOPPED");
        assertThat(json.get("agentConfig").get("projectId").asText()).isEqualTo(SandboxFixture.PROJECT_ID);
    }

    @Test
    void decideByToolNameAndAnswerResumesTheTask() {
        String taskId = pausedTask();
        CliRunner.Result approve = sandbox.command("task", "decide", taskId, "--approve", "query_warehouse");
        assertThat(approve.exitCode()).as(approve.err()).isZero();
        assertThat(approve.out()).contains("Submitted: approve (ONCE) call_");
        await().atMost(Duration.ofSeconds(10)).until(() -> task(taskId).get("pendingDecisions").size() == 1
                && task(taskId).get("pendingDecisions").get(0).get("type").asText().equals("question"));

        CliRunner.Result wrong = sandbox.command("task", "decide", taskId, "--answer", "0=Incremental", "--approve", "git_push");
        UsageErrorsTest.assertUsageError(wrong, "--approve git_push: no pending tool decision");

        UsageErrorsTest.assertUsageError(sandbox.command("task", "decide", taskId, "--answer", "0=Sometimes"),
                "options: Incremental | Full reload | Append only");
        UsageErrorsTest.assertUsageError(sandbox.command("task", "decide", taskId, "--answer", "3=Incremental"),
                "numbered from 0");
        CliRunner.Result answer = sandbox.command("task", "decide", taskId, "--answer", "0=incremental");
        assertThat(answer.exitCode()).as(answer.err()).isZero();
        assertThat(answer.out()).contains("answer call_", "0=Incremental");
        await().atMost(Duration.ofSeconds(10)).until(() -> task(taskId).get("pendingDecisions").size() == 1
                && task(taskId).get("pendingDecisions").get(0).get("toolName").asText().equals("git_push"));

        String pushId = task(taskId).get("pendingDecisions").get(0).get("toolId").asText();
        CliRunner.Result reject = sandbox.command("task", "decide", taskId, "--reject", pushId);
        assertThat(reject.exitCode()).as(reject.err()).isZero();
        assertThat(reject.out()).contains("reject " + pushId);
        await().atMost(Duration.ofSeconds(10)).until(() -> sandbox.server.stats().taskStatus(taskId).orElse("").equals("STOPPED"));
    }

    @Test
    void decideOnATaskWithNothingPendingIsAnInputError() {
        CliRunner.Result done = sandbox.run("[scenario:happy-path] Build", "--json");
        String taskId = SandboxFixture.json(done.out()).get("taskId").asText();
        UsageErrorsTest.assertUsageError(sandbox.command("task", "decide", taskId, "--approve", "git_push"), "no pending decision");
    }

    @Test
    void permissionsSetAndClear() {
        String taskId = pausedTask();
        CliRunner.Result set = sandbox.command("task", "permissions", taskId, "--set", "git_commit", "git_push");
        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(set.out()).contains("git_commit, git_push");
        assertThat(task(taskId).get("grantedPermissions")).hasSize(2);
        CliRunner.Result clear = sandbox.command("task", "permissions", taskId, "--clear", "--json");
        assertThat(clear.exitCode()).isZero();
        assertThat(SandboxFixture.json(clear.out()).get("grantedPermissions")).isEmpty();
    }

    @Test
    void sendResumesAStoppedTaskAndMessagesListsTheHistory() {
        CliRunner.Result done = sandbox.run("[scenario:happy-path] Build", "--json");
        String taskId = SandboxFixture.json(done.out()).get("taskId").asText();
        CliRunner.Result send = sandbox.command(sandbox.cli().stdin("Now add a test, please."), "task", "send", taskId,
                "--message-file", "-");
        assertThat(send.exitCode()).as(send.err()).isZero();
        assertThat(send.out()).contains("Message sent to task " + taskId);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            CliRunner.Result messages = sandbox.command("task", "messages", taskId);
            return messages.out().contains("user: Now add a test, please.");
        });

        CliRunner.Result messages = sandbox.command("task", "messages", taskId, "--limit", "2");
        assertThat(messages.exitCode()).isZero();
        assertThat(messages.out()).contains("user: [scenario:happy-path] Build", "agent: ");
        CliRunner.Result jsonl = sandbox.command("task", "messages", taskId, "--json");
        assertThat(jsonl.out().lines()).allSatisfy(line -> assertThat(SandboxFixture.json(line).has("data")).isTrue());
    }

    @Test
    void stopThenDeleteAndARunningTaskCannotBeDeleted() {
        CliRunner.Result started = sandbox.run("[scenario:slow] Work", "--timeout", "200ms", "--json");
        assertThat(started.exitCode()).isEqualTo(5);
        String taskId = SandboxFixture.json(started.out()).get("taskId").asText();

        CliRunner.Result refused = sandbox.command("task", "delete", taskId);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("409").doesNotContain("\tat ");

        CliRunner.Result stop = sandbox.command("task", "stop", taskId);
        assertThat(stop.exitCode()).as(stop.err()).isZero();
        assertThat(sandbox.server.stats().stopRequests(taskId)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> task(taskId).get("status").asText().equals("STOPPED"));

        CliRunner.Result delete = sandbox.command("task", "delete", taskId);
        assertThat(delete.exitCode()).as(delete.err()).isZero();
        CliRunner.Result gone = sandbox.command("task", "get", taskId);
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.err().strip().lines()).hasSize(1);
        assertThat(gone.err()).contains("404");
    }

    @Test
    void tasksListShowsTasksWithFiltersAndJson() {
        String taskId = pausedTask();
        CliRunner.Result table = sandbox.command("tasks", "list", "--project-id", SandboxFixture.PROJECT_ID, "--size", "100");
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).contains("TASK ID", taskId, "in total");

        CliRunner.Result json = sandbox.command("tasks", "list", "--status", "stopped", "--created-after", "2000-01-01",
                "--size", "100", "--json");
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode page = SandboxFixture.json(json.out());
        assertThat(page.get("tasks")).isNotEmpty().allSatisfy(t -> assertThat(t.get("status").asText()).isEqualTo("STOPPED"));
        assertThat(page.get("total").asLong()).isPositive();

        CliRunner.Result empty = sandbox.command("tasks", "list", "--project-id", "00000000-0000-4000-8000-000000000000");
        assertThat(empty.exitCode()).isZero();
        assertThat(empty.out()).contains("No tasks");
    }

    @Test
    void messagesLimitCapsWhatIsPrintedAndShowsTheCommandForTheNextEvents() {
        CliRunner.Result done = sandbox.run("[scenario:happy-path] Build", "--json");
        String taskId = SandboxFixture.json(done.out()).get("taskId").asText();
        long total = sandbox.server.stats().eventCount(taskId);
        assertThat(total).isGreaterThan(4);

        CliRunner.Result first = sandbox.command("task", "messages", taskId, "--limit", "2");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out().lines().filter(l -> l.matches("\\d{4}-.*"))).hasSize(2);
        java.util.regex.Matcher more = java.util.regex.Pattern.compile("more: (maia task messages [^)]+)\\)").matcher(first.out());
        assertThat(more.find()).as(first.out()).isTrue();
        assertThat(more.group(1)).contains("--page-token ", "--limit 2", "--base-url " + sandbox.baseUrl());

        String[] next = more.group(1).substring("maia ".length()).split(" ");
        CliRunner.Result second = SandboxFixture.checked(sandbox.cli().run(next));
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out().lines().filter(l -> l.matches("\\d{4}-.*"))).hasSize(2);
        assertThat(second.out()).doesNotContain(first.out().lines().findFirst().orElseThrow());

        CliRunner.Result lines = sandbox.command("task", "messages", taskId, "--limit", "3", "--json");
        assertThat(lines.out().lines()).hasSize(3);
        assertThat(lines.err()).contains("more: maia task messages " + taskId + " --page-token ");
        CliRunner.Result all = sandbox.command("task", "messages", taskId);
        assertThat(all.out()).contains("(" + total + " event(s))").doesNotContain("more:");
    }

    @Test
    void tasksListRefusesAProjectIdThatIsNotAUuidAndOffersNoUnknownStatus() {
        long before = sandbox.server.stats().totalRequests();
        UsageErrorsTest.assertUsageError(sandbox.command("tasks", "list", "--project-id", "sales"),
                "--project-id: 'sales' is not a UUID");
        CliRunner.Result unknown = sandbox.command("tasks", "list", "--status", "unknown");
        UsageErrorsTest.assertUsageError(unknown, "use RUNNING, STOPPING, STOPPED, ERRORED");
        assertThat(unknown.err()).doesNotContain("UNKNOWN");
        assertThat(sandbox.server.stats().totalRequests()).isEqualTo(before);
        CliRunner.Result help = new CliRunner().run("tasks", "list", "--help");
        assertThat(help.out().replaceAll("\\s+", " ")).contains("RUNNING, STOPPING, STOPPED, ERRORED").doesNotContain("UNKNOWN");
    }

    @Test
    void conflictsSayWhatTheRefusedOperationNeeds() {
        CliRunner.Result started = sandbox.run("[scenario:slow] Work", "--timeout", "200ms", "--json");
        String taskId = SandboxFixture.json(started.out()).get("taskId").asText();

        CliRunner.Result delete = sandbox.command("task", "delete", taskId);
        assertThat(delete.exitCode()).isEqualTo(1);
        assertThat(delete.err().strip().lines()).hasSize(1);
        assertThat(delete.err()).contains("409", "a RUNNING or STOPPING task cannot be deleted: stop it with 'maia task stop "
                + taskId + " --base-url " + sandbox.baseUrl() + "'");

        CliRunner.Result send = sandbox.command("task", "send", taskId, "--message", "More");
        assertThat(send.exitCode()).isEqualTo(1);
        assertThat(send.err()).contains("409", "a follow-up message is accepted only while the task is STOPPED",
                "'maia watch " + taskId + " --base-url " + sandbox.baseUrl() + "'");
        assertThat(sandbox.command("task", "stop", taskId).exitCode()).isZero();
    }
}
