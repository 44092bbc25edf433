package io.jenkins.plugins.maia.agenttasks.task;

import io.jenkins.plugins.maia.agenttasks.approval.AnsweredByHuman;
import io.jenkins.plugins.maia.agenttasks.approval.AnsweredDecision;
import io.jenkins.plugins.maia.agenttasks.options.TaskOptions;
import io.jenkins.plugins.maia.agenttasks.settings.FollowSettings;
import io.jenkins.plugins.maia.follower.follow.FollowOptions;
import io.jenkins.plugins.maia.follower.follow.FollowPlan;
import io.jenkins.plugins.maia.follower.transcript.Redactor;
import java.time.Duration;
import java.util.List;
import jenkins.util.SystemProperties;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Turns a step's options and the global settings into the follower's {@link FollowPlan} (the one place that builds
 * the polling policy, the account's rate budget and the decision rules, for the CLI too) and the options of a
 * follow. An adapter: the policies themselves are the follower's.
 */
@Restricted(NoExternalUse.class)
final class FollowSetup {

    /** How long an aborted step waits for the task to confirm its stop before it fails anyway. */
    static final Duration STOP_GRACE = FollowOptions.DEFAULT_STOP_GRACE;

    private FollowSetup() {}

    /**
     * Fixed polling interval in milliseconds instead of the configured seconds (tests, diagnosis); 0 = off.
     * {@code -Dio.jenkins.plugins.maia.agenttasks.task.FollowSetup.pollMillis=200}
     */
    static long pollMillisOverride() {
        return SystemProperties.getLong(FollowSetup.class.getName() + ".pollMillis", 0L);
    }

    /** The plan of a step's follows: the global polling and budget settings, the step's decision rules. */
    static FollowPlan plan(TaskOptions options, FollowSettings settings) {
        FollowPlan.Builder plan = FollowPlan.builder()
                .requestsPerMinute(settings.requestsPerMinute())
                .burst(settings.burst())
                .approveOnce(options.approveOnce())
                .approveForTask(options.approveForTask())
                .reject(options.reject())
                .rules(options.decisionRules())
                .fallback(options.onDecision().fallback());
        // The step's own giveUpAfter wins over the global one.
        plan.giveUpAfter(Duration.ofMinutes(options.giveUpAfterMinutes() > 0 ? options.giveUpAfterMinutes()
                : settings.giveUpAfterMinutes()));
        long override = pollMillisOverride();
        if (override > 0) {
            plan.fixedPollInterval(Duration.ofMillis(override));
        } else {
            plan.pollInterval(Duration.ofSeconds(settings.pollInitialSeconds()))
                    .maxPollInterval(Duration.ofSeconds(settings.pollMaxSeconds()));
        }
        return plan.build();
    }

    /**
     * The options of a follow under {@code plan}. The connection's redactor also masks what the follow keeps (the
     * step's saved state and its result).
     *
     * @param answers a person's answers from a Jenkins input, for a resumed follow; null otherwise
     */
    static FollowOptions options(FollowPlan plan, Redactor redactor, List<AnsweredDecision> answers) {
        return plan.options(answers == null ? null : new AnsweredByHuman(answers), redactor);
    }
}
