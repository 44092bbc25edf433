package io.jenkins.plugins.maia.follower.follow;

import static io.jenkins.plugins.maia.follower.testing.FakeMaia.tool;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.maia.client.model.AgentConfig;
import io.jenkins.plugins.maia.client.model.Mode;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one mapping of a follow's result to a summary, a failure with its fix, and the missing-messages warning. */
class OutcomeTextTest {

    private static final Instant T0 = Instant.parse("2026-04-08T10:00:00Z");
    private static final FollowState STATE = FollowState.start("t-1", null);

    /** Plain words: durations in seconds, statuses by name, fixes that name the task. */
    private static final OutcomeText TEXT = new OutcomeText(new OutcomeText.Words() {
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
    });

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
    void anErrorSaysWhyWithTheLastAgentMessageOrElseTheDetail() {
        FollowResult withMessage = result(FollowOutcome.ERRORED, task(TaskStatus.ERRORED, null), List.of(),
                "The warehouse refused the query", "the task is ERRORED", null);
        FollowResult withDetail = result(FollowOutcome.ERRORED, task(TaskStatus.ERRORED, null), List.of(), null,
                "the task is ERRORED", null);
        FollowResult silent = result(FollowOutcome.ERRORED, task(TaskStatus.ERRORED, null), List.of(), null, " ",
                null);

        assertThat(TEXT.failure(withMessage, Duration.ofSeconds(3), null))
                .contains("task t-1 ERRORED after 3s: The warehouse refused the query");
        assertThat(TEXT.failure(withDetail, null, null)).contains("task t-1 ERRORED: the task is ERRORED");
        assertThat(TEXT.failure(silent, null, null)).contains("task t-1 ERRORED");
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
