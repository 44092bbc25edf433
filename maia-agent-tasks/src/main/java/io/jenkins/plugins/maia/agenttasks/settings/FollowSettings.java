package io.jenkins.plugins.maia.agenttasks.settings;

import java.io.Serializable;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The controller-wide follow defaults as configured: polling interval bounds, default timeout and the account's
 * request budget. Converted into the follower's own types by {@code io.jenkins.plugins.maia.agenttasks.task.FollowerSetup}.
 */
@Restricted(NoExternalUse.class)
public record FollowSettings(int pollInitialSeconds, int pollMaxSeconds, int defaultTimeoutMinutes,
        int requestsPerMinute, int burst) implements Serializable {

    public FollowSettings {
        pollInitialSeconds = Math.max(1, pollInitialSeconds);
        pollMaxSeconds = Math.max(pollInitialSeconds, pollMaxSeconds);
        defaultTimeoutMinutes = Math.max(0, defaultTimeoutMinutes);
        requestsPerMinute = Math.max(1, requestsPerMinute);
        burst = Math.max(1, burst);
    }
}
