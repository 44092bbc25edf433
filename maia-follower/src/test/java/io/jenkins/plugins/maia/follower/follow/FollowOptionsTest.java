package io.jenkins.plugins.maia.follower.follow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.maia.follower.decision.DecisionPolicy;
import io.jenkins.plugins.maia.follower.decision.HumanDecider;
import io.jenkins.plugins.maia.follower.event.TextRedactor;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The one builder of follow options. */
class FollowOptionsTest {

    @Test
    void theDefaultsAreWhatTheBuilderStartsFrom() {
        FollowOptions defaults = FollowOptions.defaults();

        assertThat(FollowOptions.builder().build()).usingRecursiveComparison().ignoringFields("redactor")
                .isEqualTo(defaults);
        assertThat(defaults.polling()).isEqualTo(PollingPolicy.defaults());
        assertThat(defaults.decisions()).isEqualTo(DecisionPolicy.askForEverything());
        assertThat(defaults.humanDecider()).isNull();
        assertThat(defaults.stopGrace()).isEqualTo(FollowOptions.DEFAULT_STOP_GRACE);
        assertThat(defaults.maxConsecutiveFailures()).isEqualTo(FollowOptions.DEFAULT_MAX_CONSECUTIVE_FAILURES);
        assertThat(defaults.redactor().redact("tok-123 stays")).isEqualTo("tok-123 stays");
        assertThat(defaults.giveUpAfter()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void everyOptionCanBeSetAndToBuilderKeepsTheRest() {
        HumanDecider human = (p, v) -> CompletableFuture.completedFuture(null);
        TextRedactor redactor = text -> text.replace("s3cret", "****");
        FollowOptions options = FollowOptions.builder()
                .polling(PollingPolicy.fixed(Duration.ofSeconds(2)))
                .decisions(DecisionPolicy.pauseForEverything())
                .humanDecider(human)
                .stopGrace(Duration.ofSeconds(5))
                .maxConsecutiveFailures(3)
                .redactor(redactor)
                .giveUpAfter(Duration.ofSeconds(90))
                .build();

        FollowOptions changed = options.toBuilder().maxConsecutiveFailures(4).build();

        assertThat(changed).isEqualTo(new FollowOptions(PollingPolicy.fixed(Duration.ofSeconds(2)),
                DecisionPolicy.pauseForEverything(), human, Duration.ofSeconds(5), 4, redactor,
                Duration.ofSeconds(90)));
        assertThat(options.toBuilder().build()).isEqualTo(options);
    }

    @Test
    void badOptionsNameTheOptionAndTheFix() {
        assertThatThrownBy(() -> FollowOptions.builder().polling(null).build())
                .hasMessageContaining("polling").hasMessageContaining("PollingPolicy.defaults()");
        assertThatThrownBy(() -> FollowOptions.builder().decisions(null).build())
                .hasMessageContaining("decisions").hasMessageContaining("DecisionPolicy.askForEverything()");
        assertThatThrownBy(() -> FollowOptions.builder().stopGrace(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("stopGrace must not be negative");
        assertThatThrownBy(() -> FollowOptions.builder().redactor(null).build())
                .hasMessageContaining("TextRedactor.none()");
        assertThatThrownBy(() -> FollowOptions.builder().maxConsecutiveFailures(0).build())
                .hasMessageContaining("maxConsecutiveFailures must be at least 1");
        assertThatThrownBy(() -> FollowOptions.builder().giveUpAfter(Duration.ZERO).build())
                .hasMessageContaining("giveUpAfter must be positive").hasMessageContaining("default is PT5M");
        assertThatThrownBy(() -> FollowOptions.builder().giveUpAfter(null).build())
                .hasMessageContaining("giveUpAfter").hasMessageContaining("DEFAULT_GIVE_UP_AFTER");
    }
}
