package io.jenkins.plugins.maia.follower.follow;

import static io.jenkins.plugins.maia.follower.testing.FakeMaia.tool;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.maia.client.model.AgentConfig;
import io.jenkins.plugins.maia.client.model.Mode;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskStatus;
import io.jenkins.plugins.maia.client.model.ToolDecision;
import io.jenkins.plugins.maia.follower.decision.SettledDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one mapping of a follow's result to a summary, a failure with its fix, and the missing-messages warning. */
class OutcomeTextTest {

    private static final Instant T0 = Instant.parse("2026-04-08T10:00:00Z");
    private static final FollowState STATE = FollowState.start("t-1", null);

    /** Plain words: durations in seconds, statuses by name, fixes that name the task. */
    private static final OutcomeText.Words WORDS = new OutcomeText.Words() {
        @Override
        public String status(Task task) {
            return "<" + task.status() + ">";
        }

        @Override
        public String decision(PendingDecision pending) {
            return "tool " + pending.toolName();
        }

        @Override
        public String duration(Duration duration) {
            return duration.toSeconds() + "s";
        }

        @Override
        public String serverText(String text) {
            return "[" + text + "]";
        }

        @Override
        public String resume(String taskId, List<PendingDecision> pending) {
            return "Answer " + pending.size() + " in " + taskId + ".";
        }

        @Override
        public String afterTimeout(String taskId) {
            return "; follow " + taskId + " again";
        }

        @Override
        public String missingMessages(String taskId) {
            return "read " + taskId + " again";
        }
    };
    private static final OutcomeText TEXT = new OutcomeText(WORDS);

    private static Task task(TaskStatus status, String targetBranch, PendingDecision... pending) {
        AgentConfig config = new AgentConfig("data_engineer_agent", Mode.ACT, "p", "main", "dev", targetBranch, false,
                null, null);
        return new Task("t-1", status, "d", T0, T0, config, List.of(), List.of(pending));
    }

    private static FollowResult result(FollowOutcome outcome, Task task, List<PendingDecision> pending,
            String lastAgentMessage, String detail, String unreadReason) {
        return new FollowResult(outcome, task, STATE, pending, lastAgentMessage, detail, unreadReason);
    }

    @Test
    void aFinishedTaskIsASuccessWithItsBranch() {
        FollowResult done = result(FollowOutcome.FINISHED, task(TaskStatus.STOPPED, "maia/fix"), List.of(), null,
                "", null);

        assertThat(OutcomeText.succeeded(done)).isTrue();
        assertThat(TEXT.summary(done, Duration.ofSeconds(65))).isEqualTo(
                "Task t-1 finished after 65s. Target branch: [maia/fix]");
        assertThat(TEXT.summary(done, null)).isEqualTo("Task t-1 finished. Target branch: [maia/fix]");
        assertThat(TEXT.failure(done, Duration.ofSeconds(65), null)).isEmpty();
        assertThat(TEXT.incomplete(done)).isEmpty();
    }

    @Test
    void aPauseNamesEachDecisionAndHowToResume() {
        PendingDecision push = tool("c1", "git_push");
        PendingDecision delete = tool("c2", "delete_file");
        FollowResult paused = result(FollowOutcome.NEEDS_DECISION, task(TaskStatus.STOPPED, null, push, delete),
                List.of(push, delete), null, "waiting", null);

        assertThat(OutcomeText.succeeded(paused)).isFalse();
        assertThat(TEXT.summary(paused, null)).isEqualTo("Task t-1 is paused, waiting for 2 decision(s)");
        assertThat(TEXT.failure(paused, null, null)).contains("task t-1 needs a decision the policy did not allow: "
                + "tool git_push; tool delete_file. Answer 2 in t-1.");
    }

    @Test
    void anErrorSaysTheErrorTheTaskReportedNotTheAgentsLastMessage() {
        FollowResult withError = new FollowResult(FollowOutcome.ERRORED, task(TaskStatus.ERRORED, null), STATE,
                List.of(), "Retrying the connection.", "the task is ERRORED: connection refused", null,
                "Could not connect to the warehouse: connection refused", List.of());
        FollowResult withDetail = result(FollowOutcome.ERRORED, task(TaskStatus.ERRORED, null), List.of(),
                "Retrying the connection.", "the task is ERRORED, and none of its events said why", null);
        FollowResult silent = result(FollowOutcome.ERRORED, task(TaskStatus.ERRORED, null), List.of(), null, " ",
                null);

        assertThat(TEXT.failure(withError, Duration.ofSeconds(3), null)).hasValue(
                "task t-1 ERRORED after 3s: [Could not connect to the warehouse: connection refused]");
        assertThat(TEXT.summary(withError, Duration.ofSeconds(3))).isEqualTo(
                "Task t-1 ERRORED after 3s: [Could not connect to the warehouse: connection refused]");
        assertThat(TEXT.failure(withDetail, null, null))
                .hasValue("task t-1 ERRORED: the task is ERRORED, and none of its events said why");
        assertThat(TEXT.failure(withDetail, null, null).orElseThrow()).doesNotContain("Retrying the connection");
        assertThat(TEXT.failure(silent, null, null)).hasValue("task t-1 ERRORED");
        assertThat(TEXT.report(withError, null, null, false).conclusion()).isEqualTo(Conclusion.ERRORED);
    }

    @Test
    void aTaskStoppedElsewhereIsAFailureThatSaysHowTheStopWasSeen() {
        FollowResult stopped = result(FollowOutcome.STOPPED, task(TaskStatus.STOPPED, null), List.of(), "Halfway.",
                Ending.SEEN_STOPPING, null);

        OutcomeText.Report report = TEXT.report(stopped, Duration.ofSeconds(9), null, false);

        assertThat(OutcomeText.succeeded(stopped)).isFalse();
        assertThat(report.conclusion()).isEqualTo(Conclusion.STOPPED);
        assertThat(report.summary()).isEqualTo("Task t-1 was stopped before it finished (it was seen STOPPING, "
                + "then STOPPED; the API does not say who stopped it)");
        assertThat(report.failure()).isEqualTo("task t-1 was stopped before it finished (it was seen STOPPING, "
                + "then STOPPED; the API does not say who stopped it)");
        assertThat(new OutcomeText(wordsAfterStop()).failure(stopped, null, null)).hasValueSatisfying(
                f -> assertThat(f).endsWith(". See what it did in t-1."));
    }

    /** The plain words, with what to do after a stop. */
    private static OutcomeText.Words wordsAfterStop() {
        OutcomeText.Words plain = WORDS;
        return new OutcomeText.Words() {
            @Override
            public String status(Task task) {
                return plain.status(task);
            }

            @Override
            public String decision(PendingDecision pending) {
                return plain.decision(pending);
            }

            @Override
            public String duration(Duration duration) {
                return plain.duration(duration);
            }

            @Override
            public String serverText(String text) {
                return plain.serverText(text);
            }

            @Override
            public String resume(String taskId, List<PendingDecision> pending) {
                return plain.resume(taskId, pending);
            }

            @Override
            public String afterTimeout(String taskId) {
                return plain.afterTimeout(taskId);
            }

            @Override
            public String missingMessages(String taskId) {
                return plain.missingMessages(taskId);
            }

            @Override
            public String afterStop(String taskId) {
                return ". See what it did in " + taskId + ".";
            }

            @Override
            public String failOnRejection() {
                return "--fail-on-rejection";
            }
        };
    }

    @Test
    void aFinishAfterARejectionNamesWhoRejectedWhatAndFailsOnlyWhenAsked() {
        PendingDecision push = tool("c1", "git_push");
        PendingDecision delete = tool("c2", "delete_file");
        FollowResult rejected = new FollowResult(FollowOutcome.FINISHED, task(TaskStatus.STOPPED, null), STATE,
                List.of(), null, "", null, null, List.of(
                        new SettledDecision(push, ToolDecision.reject("c1"), SettledDecision.Source.RULE, "reject"),
                        new SettledDecision(delete, ToolDecision.reject("c2"), SettledDecision.Source.PERSON, "alice"),
                        new SettledDecision(tool("c3", "query_warehouse"), ToolDecision.approveOnce("c3"),
                                SettledDecision.Source.RULE, "approve once")));

        OutcomeText.Report lenient = TEXT.report(rejected, null, null, false);
        OutcomeText.Report strict = new OutcomeText(wordsAfterStop()).report(rejected, null, null, true);

        assertThat(rejected.rejectedTools()).containsExactly("git_push", "delete_file");
        assertThat(lenient.conclusion()).isEqualTo(Conclusion.SUCCEEDED);
        assertThat(lenient.failure()).isNull();
        assertThat(lenient.summary()).isEqualTo("Task t-1 finished. Rejected: [git_push] (by [the reject rule]), "
                + "[delete_file] (by [alice]).");
        assertThat(strict.conclusion()).isEqualTo(Conclusion.REJECTED);
        assertThat(strict.succeeded()).isFalse();
        assertThat(strict.failure()).isEqualTo("task t-1 finished, but the agent was refused 2 tool call(s): "
                + "[git_push] (by [the reject rule]), [delete_file] (by [alice]) (--fail-on-rejection makes that a "
                + "failure)");
        FollowResult clean = result(FollowOutcome.FINISHED, task(TaskStatus.STOPPED, null), List.of(), null, "", null);
        assertThat(TEXT.report(clean, null, null, true).conclusion()).isEqualTo(Conclusion.SUCCEEDED);
        assertThat(TEXT.rejection(clean)).isEmpty();
    }

    @Test
    void theConclusionOfEveryOutcome() {
        Task stopped = task(TaskStatus.STOPPED, null);
        assertThat(Conclusion.of(result(FollowOutcome.FINISHED, stopped, List.of(), null, "", "503"), false))
                .isEqualTo(Conclusion.INCOMPLETE);
        assertThat(Conclusion.of(result(FollowOutcome.NEEDS_DECISION, stopped, List.of(), null, "", null), true))
                .isEqualTo(Conclusion.NEEDS_DECISION);
        assertThat(Conclusion.of(result(FollowOutcome.TIMED_OUT, stopped, List.of(), null, "", null), false))
                .isEqualTo(Conclusion.TIMED_OUT);
        assertThat(Conclusion.of(result(FollowOutcome.STOPPED_ON_REQUEST, stopped, List.of(), null, "", null), false))
                .isEqualTo(Conclusion.STOPPED_ON_REQUEST);
        OutcomeText.Report unread = TEXT.report(result(FollowOutcome.FINISHED, stopped, List.of(), null, "", "503"),
                null, null, false);
        assertThat(unread.failure()).isNull();
        assertThat(unread.incomplete()).contains("could not be read (503)");
        assertThat(unread.problem()).isEqualTo(unread.incomplete());
    }

    @Test
    void aTimeoutSaysHowTheTaskWasLeftAndHowToGoOn() {
        FollowResult running = result(FollowOutcome.TIMED_OUT, task(TaskStatus.RUNNING, null), List.of(), null,
                "deadline", null);
        FollowResult unread = result(FollowOutcome.TIMED_OUT, null, List.of(), null, "deadline", null);

        assertThat(TEXT.failure(running, null, Duration.ofMinutes(5)))
                .contains("timed out after 300s: task t-1 is still <RUNNING>; follow t-1 again");
        assertThat(TEXT.failure(unread, null, null)).contains("timed out: task t-1 is still running; follow t-1 again");
        assertThat(TEXT.summary(running, null)).isEqualTo("Task t-1 is still <RUNNING>");
    }

    @Test
    void aStopSaysWhetherItWasConfirmed() {
        FollowResult confirmed = result(FollowOutcome.STOPPED_ON_REQUEST, task(TaskStatus.STOPPED, null), List.of(),
                null, "stopped", null);
        FollowResult unconfirmed = result(FollowOutcome.STOPPED_ON_REQUEST, task(TaskStatus.RUNNING, null),
                List.of(), null, "not confirmed", null);

        assertThat(TEXT.failure(confirmed, null, null)).contains("task t-1 was stopped on request");
        assertThat(TEXT.failure(unconfirmed, null, null))
                .contains("task t-1 was stopped on request (STOPPED not confirmed)");
    }

    @Test
    void missingLastMessagesAreNeverAPlainSuccess() {
        FollowResult finishedUnread = result(FollowOutcome.FINISHED, task(TaskStatus.STOPPED, null), List.of(), null,
                "", "3 attempts in a row failed; the last: 503");

        assertThat(OutcomeText.succeeded(finishedUnread)).isFalse();
        assertThat(TEXT.failure(finishedUnread, null, null)).isEmpty();
        assertThat(TEXT.incomplete(finishedUnread)).contains("task t-1 finished, but its last messages could not be "
                + "read (3 attempts in a row failed; the last: 503), read t-1 again");
    }
}
