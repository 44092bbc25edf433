package io.jenkins.plugins.maia.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 10: every next step printed after exit 4, exit 5 and Ctrl-C carries the server, token URL and
 * transcript directory that were used, so it works pasted; here each printed command is run as printed.
 */
class NextStepsTest {

    private static SandboxFixture sandbox;

    @BeforeAll
    static void startSandbox() {
        sandbox = SandboxFixture.start();
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    /** The command quoted after {@code lead} in {@code text}, e.g. after "resume with ". */
    private static String quotedAfter(String text, String lead) {
        Matcher m = Pattern.compile(Pattern.quote(lead) + "'(maia [^']+)'").matcher(text);
        assertThat(m.find()).as("'%s' followed by a quoted command in: %s", lead, text).isTrue();
        return m.group(1);
    }

    /** Runs a printed command as a shell would split it (these commands hold no quoted words), plus {@code extra}. */
    private static CliRunner.Result paste(CliRunner cli, String command, String... extra) {
        List<String> args = new ArrayList<>(Arrays.asList(command.substring("maia ".length()).split(" ")));
        args.addAll(Arrays.asList(extra));
        return SandboxFixture.checked(cli.run(args.toArray(String[]::new)));
    }

    @Test
    void afterExitFourTheResumeCommandCarriesServerTokenUrlAndTranscriptAndWorks(@TempDir Path dir) {
        CliRunner cli = new CliRunner().env("MAIA_CLIENT_ID", SandboxFixture.CLIENT_ID)
                .env("MAIA_CLIENT_SECRET", SandboxFixture.CLIENT_SECRET);
        CliRunner.Result paused = sandbox.run(cli, "Load sales data", "--token-url", sandbox.server.tokenUrl(),
                "--approve", "query_warehouse", "--transcript", dir.toString());
        assertThat(paused.exitCode()).as(paused.err()).isEqualTo(4);

        String resume = quotedAfter(paused.err(), "resume with ");
        assertThat(resume).contains("--answer 0=Incremental", "--base-url " + sandbox.baseUrl(),
                "--token-url " + sandbox.server.tokenUrl(), "--transcript " + dir);
        CliRunner.Result resumed = paste(cli, resume, "--approve", "git_push", "--poll-interval", "10ms",
                "--requests-per-minute", "60000");
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("decision: answered question: 0=Incremental", "finished after");
    }

    @Test
    void afterExitFiveTheWatchAndStopCommandsWork() {
        CliRunner.Result timedOut = sandbox.run("[scenario:slow] Work", "--timeout", "200ms");
        assertThat(timedOut.exitCode()).isEqualTo(5);
        String watch = quotedAfter(timedOut.err(), "Follow it again with ");
        String stop = quotedAfter(timedOut.err(), "stop it with ");
        assertThat(watch).endsWith("--base-url " + sandbox.baseUrl());

        CliRunner.Result watched = paste(sandbox.cli(), watch, "--timeout", "100ms", "--poll-interval", "10ms");
        assertThat(watched.exitCode()).as(watched.err()).isEqualTo(5);
        CliRunner.Result stopped = paste(sandbox.cli(), stop);
        assertThat(stopped.exitCode()).as(stopped.err()).isZero();
        String taskId = stop.split(" ")[3];
        assertThat(sandbox.server.stats().stopRequests(taskId)).isEqualTo(1);
        // The stop command's own next step works too.
        CliRunner.Result get = paste(sandbox.cli(), quotedAfter(stopped.out(), "; "));
        assertThat(get.exitCode()).as(get.err()).isZero();
    }

    @Test
    void afterCtrlCTheTextSaysWhetherTheTaskRunsOrIsPausedAndHowToFollowIt() {
        NextSteps next = new NextSteps(List.of("--region", "eu1"), Path.of("build/maia"));
        ResumeHints hints = new ResumeHints(next, false);
        String id = "0d36989e-a501-4edc-9f45-09551ab93ffb";
        Task running = new Task(id, TaskStatus.RUNNING, "Load", null, null, null, List.of(), List.of());
        assertThat(hints.interrupted(id, running)).isEqualTo("interrupted; task " + id + " keeps running on the server "
                + "(last seen RUNNING). Follow it again with 'maia watch " + id + " --region eu1 --transcript build/maia' "
                + "or stop it with 'maia task stop " + id + " --region eu1'.");
        Task paused = new Task(id, TaskStatus.STOPPED, "Load", null, null, null, List.of(), List.of(
                new PendingDecision("tool", "git_push", "call_1", null, null)));
        assertThat(hints.interrupted(id, paused)).isEqualTo("interrupted; task " + id + " is paused on the server, "
                + "waiting for 1 decision(s). Resume it with 'maia watch " + id + " --approve git_push --region eu1 "
                + "--transcript build/maia'.");
        assertThat(hints.interrupted(id, null)).contains("keeps running on the server");
        assertThat(new ResumeHints(next, true).interrupted(id, running)).contains("--sandbox server stops");
    }

    @Test
    void taskCommandsPrintNextStepsWithTheServerToo() {
        CliRunner.Result done = sandbox.run("[scenario:happy-path] Build", "--json");
        String taskId = SandboxFixture.json(done.out()).get("taskId").asText();
        CliRunner.Result sent = sandbox.command("task", "send", taskId, "--message", "[scenario:happy-path] Again");
        assertThat(sent.exitCode()).as(sent.err()).isZero();
        CliRunner.Result watched = paste(sandbox.cli(), quotedAfter(sent.out(), "follow it with "), "--poll-interval", "10ms");
        assertThat(watched.exitCode()).as(watched.err()).isZero();
        assertThat(watched.out()).contains("agent: Done.");
    }
}
