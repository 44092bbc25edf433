package io.jenkins.plugins.maia.quant.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.maia.follower.event.TextRedactor;
import io.jenkins.plugins.maia.follower.transcript.Redactor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The texts and metadata of a Quant task, on their own. */
class QuantMappingTest {
    private static final TextRedactor NONE = TextRedactor.none();

    @Test
    void theTitleIsTheFirstNonBlankLineCutTo120() {
        assertThat(QuantMapping.title("\n  \n  Fix the orders pipeline  \nmore", NONE)).isEqualTo("Fix the orders pipeline");
        assertThat(QuantMapping.title("a".repeat(300), NONE)).hasSize(120).endsWith("…");
        assertThat(QuantMapping.title("   ", NONE)).isEqualTo("Maia agent task");
    }

    @Test
    void aSecretIsMaskedBeforeTheCutSoNoPartSurvives() {
        Redactor redactor = Redactor.of(List.of("s3cr3t-value"));
        assertThat(QuantMapping.title("a".repeat(116) + "s3cr3t-value", redactor)).doesNotContain("s3c");
        assertThat(QuantMapping.progress("b".repeat(196) + "s3cr3t-value", redactor)).doesNotContain("s3").hasSize(200);
        assertThat(QuantMapping.progress("Bearer abc.def.ghi is in the log", redactor)).isEqualTo("Bearer **** is in the log");
    }

    @Test
    void metadataLeavesOutWhatIsNotKnown() {
        assertThat(QuantMapping.metadata(null, "p", "ACT", " ", null)).containsOnlyKeys("projectId", "mode");
        assertThat(QuantMapping.metadata("m", "p", "PLAN", "b", "u")).containsExactly(
                java.util.Map.entry("maiaTaskId", "m"), java.util.Map.entry("projectId", "p"),
                java.util.Map.entry("mode", "PLAN"), java.util.Map.entry("targetBranchName", "b"),
                java.util.Map.entry("buildUrl", "u"));
    }

    @Test
    void aBlockedReasonWithoutDecisionsOrWhoStillReads() {
        assertThat(QuantMapping.blockedReason(List.of(), null, NONE)).isEqualTo("Waiting for a decision");
    }

    @Test
    void progressOfNothingIsNothing() {
        assertThat(QuantMapping.progress("  ", NONE)).isNull();
        assertThat(QuantMapping.cut(null, 5)).isNull();
    }
}
