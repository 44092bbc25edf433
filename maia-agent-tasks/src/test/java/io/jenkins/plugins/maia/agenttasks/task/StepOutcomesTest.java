package io.jenkins.plugins.maia.agenttasks.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.maia.agenttasks.options.OnDecision;
import io.jenkins.plugins.maia.agenttasks.options.TaskOptions;
import io.jenkins.plugins.maia.agenttasks.settings.ConnectionSettings;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.PermissionMessage;
import io.jenkins.plugins.maia.client.model.ToolDecision;
import io.jenkins.plugins.maia.follower.decision.SettledDecision;
import io.jenkins.plugins.maia.follower.follow.FollowOutcome;
import io.jenkins.plugins.maia.follower.follow.FollowResult;
import io.jenkins.plugins.maia.follower.follow.FollowState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a follow's end becomes the step's outcome, without Jenkins. */
class StepOutcomesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FILES = List.of("maia/t.jsonl", "maia/t.md", "maia/t.html");

    private static TaskOptions options(OnDecision onDecision, boolean stopOnAbort) {
        return new TaskOptions(new ConnectionSettings("EU1", null, null, "c"), List.of(), List.of(), List.of(),
                onDecision, null, 30, true, stopOnAbort);
    }

    private static FollowResult result(FollowOutcome outcome, List<PendingDecision> pending, String last) {
        return new FollowResult(outcome, null, FollowState.start("t", null), pending, last, "", null);
    }

    private static PendingDecision tool() throws Exception {
        return new PendingDecision("tool", "query_warehouse", "call_1", new PermissionMessage("Run a query", ""),
                JSON.readTree("{\"query\":\"SELECT 1\"}"));
    }

    private static StepOutcome decide(FollowResult r, TaskOptions o, boolean interrupted) {
        return StepOutcomes.decide("t", r, o, interrupted, Duration.ofSeconds(60), FILES, text -> text.replace(
                "s3cr3t", "****"));
    }

    @Test
    void aFinishedTaskCompletesWithItsResultAndAConsoleLine() {
        StepOutcome o = decide(result(FollowOutcome.FINISHED, List.of(), "done"), options(OnDecision.FAIL, true),
                false);
        assertThat(o).isInstanceOf(StepOutcome.Completed.class);
        assertThat(((StepOutcome.Completed) o).result()).containsEntry("outcome", "FINISHED")
                .containsEntry("transcript", FILES);
        assertThat(o.console()).containsExactly("Maia: task t finished");
    }

    @Test
    void aDecisionUnderInputAsksAPersonAndUnderFailFailsNamingTheTool() throws Exception {
        FollowResult paused = result(FollowOutcome.NEEDS_DECISION, List.of(tool()), null);
        StepOutcome ask = decide(paused, options(OnDecision.INPUT, true), false);
        assertThat(ask).isInstanceOf(StepOutcome.AskInput.class);
        assertThat(((StepOutcome.AskInput) ask).result()).containsKey("input");

        StepOutcome fail = decide(paused, options(OnDecision.FAIL, true), false);
        assertThat(fail).isInstanceOf(StepOutcome.Failed.class);
        assertThat(((StepOutcome.Failed) fail).message()).contains("onDecision: fail").contains("Run a query")
                .contains("The task stays paused").contains("maiaAgentTask global variable");
        assertThat(((StepOutcome.Failed) fail).stopTask()).isFalse();
    }

    @Test
    void anErrorQuotesTheAgentMasked() {
        StepOutcome o = decide(result(FollowOutcome.ERRORED, List.of(), "token s3cr3t leaked"),
                options(OnDecision.FAIL, true), false);
        assertThat(((StepOutcome.Failed) o).message()).contains("ERRORED").contains("token **** leaked")
                .doesNotContain("s3cr3t").contains("maia/t.md");
    }

    @Test
    void aTimeoutStopsTheTaskOnlyWithStopOnAbort() {
        StepOutcome stop = decide(result(FollowOutcome.TIMED_OUT, List.of(), null), options(OnDecision.FAIL, true),
                false);
        StepOutcome keep = decide(result(FollowOutcome.TIMED_OUT, List.of(), null), options(OnDecision.FAIL, false),
                false);
        assertThat(((StepOutcome.Failed) stop).stopTask()).isTrue();
        assertThat(((StepOutcome.Failed) keep).stopTask()).isFalse();
        assertThat(((StepOutcome.Failed) stop).message()).contains("did not finish within 30 minute(s)");
    }

    @Test
    void anInterruptionSaysWhetherTheStopWasConfirmed() {
        StepOutcome o = decide(result(FollowOutcome.STOPPED_ON_REQUEST, List.of(), null),
                options(OnDecision.FAIL, true), true);
        assertThat(o).isInstanceOf(StepOutcome.Interrupted.class);
        assertThat(o.console()).containsExactly("Maia: task t was asked to stop; it did not confirm within 60 s");
    }

    @Test
    void anIncompleteTranscriptIsSaidBeforeTheOutcome() {
        FollowResult r = new FollowResult(FollowOutcome.FINISHED, null, FollowState.start("t", null), List.of(),
                null, "", "5 attempts failed");
        StepOutcome o = decide(r, options(OnDecision.FAIL, true), false);
        assertThat(o.console()).hasSize(2);
        assertThat(o.console().get(0)).contains("could not be read (5 attempts failed)");
    }

    private static TaskOptions failOnRejection() {
        return new TaskOptions(new ConnectionSettings("EU1", null, null, "c"), List.of(), List.of(), List.of(),
                OnDecision.FAIL, null, 30, true, true, true, 0);
    }

    @Test
    void aTaskStoppedElsewhereFailsTheStepAndIsNeverFinished() {
        FollowResult r = new FollowResult(FollowOutcome.STOPPED, null, FollowState.start("t", null), List.of(),
                "done?", "STOPPING was seen before STOPPED", null);
        StepOutcome o = decide(r, options(OnDecision.FAIL, true), false);
        assertThat(o).isInstanceOf(StepOutcome.Failed.class);
        assertThat(((StepOutcome.Failed) o).message()).contains("was stopped before it finished, not by this build")
                .contains("STOPPING was seen before STOPPED");
    }

    @Test
    void anErrorIsShownApartFromTheLastAgentMessage() {
        FollowResult r = new FollowResult(FollowOutcome.ERRORED, null, FollowState.start("t", null), List.of(),
                "I will try again", "", null, "Snowflake: permission denied for s3cr3t", List.of());
        String message = ((StepOutcome.Failed) decide(r, options(OnDecision.FAIL, true), false)).message();
        assertThat(message).contains("Error: Snowflake: permission denied for ****")
                .contains("Last agent message: I will try again").doesNotContain("s3cr3t");
    }

    @Test
    void aFinishAfterARejectionIsVisibleAndUnstableOnlyWithFailOnRejection() throws Exception {
        SettledDecision rejected = new SettledDecision(tool(), ToolDecision.reject("call_1"),
                SettledDecision.Source.RULE, "rejectTools");
        FollowResult r = new FollowResult(FollowOutcome.FINISHED, null, FollowState.start("t", null), List.of(),
                null, "", null, null, List.of(rejected));
        StepOutcome.Completed plain = (StepOutcome.Completed) decide(r, options(OnDecision.FAIL, true), false);
        assertThat(plain.unstable()).isNull();
        assertThat(plain.console()).anySatisfy(line -> assertThat(line).contains("rejected tools: query_warehouse"));
        assertThat(plain.result()).containsEntry("rejectedTools", List.of("query_warehouse"));
        StepOutcome.Completed strict = (StepOutcome.Completed) decide(r, failOnRejection(), false);
        assertThat(strict.unstable()).contains("failOnRejection marks the build UNSTABLE").contains("query_warehouse");
    }

    @Test
    void aRejectionBeforeAPauseForInputStillCountsAtTheEnd() {
        // The follow that finished only knows its own decisions; the one that rejected ended at the input's pause.
        FollowResult finished = new FollowResult(FollowOutcome.FINISHED, null, FollowState.start("t", null),
                List.of(), null, "", null);
        StepOutcome.Completed o = (StepOutcome.Completed) StepOutcomes.decide("t", finished, failOnRejection(), false,
                Duration.ofSeconds(60), FILES, text -> text, List.of("query_warehouse"));
        assertThat(o.unstable()).contains("query_warehouse");
        assertThat(o.result()).containsEntry("rejectedTools", List.of("query_warehouse"));
    }
}
