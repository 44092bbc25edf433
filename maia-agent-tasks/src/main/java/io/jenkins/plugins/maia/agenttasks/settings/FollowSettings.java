package io.jenkins.plugins.maia.agenttasks.settings;

import java.io.Serializable;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The controller-wide follow defaults as configured: polling interval bounds, default timeout and the account's
 * request budget, and how long calls may fail in a row before a step gives up. Converted into the follower's own types
 * by {@code io.jenkins.plugins.maia.agenttasks.task.FollowSetup}.
 */
@Restricted(NoExternalUse.class)
public record FollowSettings(int pollInitialSeconds, int pollMaxSeconds, int defaultTimeoutMinutes,
        int requestsPerMinute, int burst, int giveUpAfterMinutes) implements Serializable {

    /** The follower's own default: calls may fail in a row for 5 minutes before a step gives up. */
    public static final int DEFAULT_GIVE_UP_AFTER_MINUTES = 5;

    public FollowSettings(int pollInitialSeconds, int pollMaxSeconds, int defaultTimeoutMinutes, int requestsPerMinute,
            int burst) {
        this(pollInitialSeconds, pollMaxSeconds, defaultTimeoutMinutes, requestsPerMinute, burst,
                DEFAULT_GIVE_UP_AFTER_MINUTES);
    }

    public FollowSettings {
        giveUpAfterMinutes = giveUpAfterMinutes <= 0 ? DEFAULT_GIVE_UP_AFTER_MINUTES : giveUpAfterMinutes;
        pollInitialSeconds = Math.max(1, pollInitialSeconds);
        pollMaxSeconds = Math.max(pollInitialSeconds, pollMaxSeconds);
        defaultTimeoutMinutes = Math.max(0, defaultTimeoutMinutes);
        requestsPerMinute = Math.max(1, requestsPerMinute);
        burst = Math.max(1, burst);
    }
}
