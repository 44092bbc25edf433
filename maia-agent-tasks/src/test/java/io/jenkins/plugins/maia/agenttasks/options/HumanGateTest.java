package io.jenkins.plugins.maia.agenttasks.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import org.junit.jupiter.api.Test;

/** The human-gate options are checked with messages that name the option and the fix. */
class HumanGateTest {

    @Test
    void defaultsAreOnePersonNoTimeoutAndFail() throws Exception {
        assertThat(HumanGate.of(0, 0, null)).isEqualTo(HumanGate.DEFAULT);
        assertThat(HumanGate.of(2, 30, "Reject")).isEqualTo(new HumanGate(2, 30,
                HumanGate.OnDecisionTimeout.REJECT));
    }

    @Test
    void badValuesNameTheOption() {
        assertThatThrownBy(() -> HumanGate.of(11, 0, null)).isInstanceOf(AbortException.class)
                .hasMessageContaining("approvers must be between 1 and 10");
        assertThatThrownBy(() -> HumanGate.of(1, -5, null)).hasMessageContaining("decisionTimeout must be 0");
        assertThatThrownBy(() -> HumanGate.of(1, 10, "approve")).hasMessageContaining("onDecisionTimeout 'approve' "
                + "is unknown; use reject, fail (the default) or stop");
        assertThatThrownBy(() -> HumanGate.of(1, 0, "stop")).hasMessageContaining("decisionTimeout is not");
    }
}
