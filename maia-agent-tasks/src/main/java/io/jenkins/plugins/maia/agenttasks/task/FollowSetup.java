package io.jenkins.plugins.maia.agenttasks.task;

import io.jenkins.plugins.maia.agenttasks.options.TaskOptions;
import io.jenkins.plugins.maia.agenttasks.approval.AnsweredByHuman;
import io.jenkins.plugins.maia.agenttasks.approval.AnsweredDecision;
import io.jenkins.plugins.maia.agenttasks.settings.FollowSettings;
import io.jenkins.plugins.maia.client.MaiaClient;
import io.jenkins.plugins.maia.follower.budget.AccountBudgets;
import io.jenkins.plugins.maia.follower.budget.BudgetSettings;
import io.jenkins.plugins.maia.follower.decision.Fallback;
import io.jenkins.plugins.maia.follower.follow.FollowOptions;
import io.jenkins.plugins.maia.follower.follow.PollingPolicy;
import io.jenkins.plugins.maia.follower.transcript.Redactor;
import java.time.Duration;
import java.util.List;
import jenkins.util.SystemProperties;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Turns a step's options and the global settings into what the follower takes: the polling policy, the account's
 * rate budget and the follow options. An adapter: the policies themselves are the follower's.
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

    /**
     * {@code client} drawing on its account's share of the controller's request budget: every build that uses
     * the same account and API address shares one budget, whichever step or job it runs in.
     */
    static MaiaClient budgeted(MaiaClient client, FollowSettings settings) {
        BudgetSettings budget = new BudgetSettings(settings.requestsPerMinute(), settings.burst());
        return client.withBudget(AccountBudgets.shared().forAccount(client.accountKey(), budget));
    }

    /**
     * The follow options for a step.
     *
     * @param answers a person's answers from a Jenkins input, for a resumed follow; null otherwise
     */
    static FollowOptions options(TaskOptions options, FollowSettings settings, Redactor redactor,
            List<AnsweredDecision> answers) {
        // The connection's redactor also masks what the follow keeps: the step's saved state and its result.
        FollowOptions follow = new FollowOptions(polling(settings), options.decisionPolicy(), null, STOP_GRACE)
                .withRedactor(redactor);
        if (answers != null) {
            follow = follow.withDecisions(options.decisionPolicy().withFallback(Fallback.ASK))
                    .withHumanDecider(new AnsweredByHuman(answers));
        }
        return follow;
    }

    static PollingPolicy polling(FollowSettings settings) {
        long override = pollMillisOverride();
        if (override > 0) {
            return PollingPolicy.fixed(Duration.ofMillis(override));
        }
        return new PollingPolicy(Duration.ofSeconds(settings.pollInitialSeconds()), 1.5,
                Duration.ofSeconds(settings.pollMaxSeconds()));
    }
}
