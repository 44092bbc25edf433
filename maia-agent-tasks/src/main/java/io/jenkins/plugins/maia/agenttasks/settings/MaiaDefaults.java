package io.jenkins.plugins.maia.agenttasks.settings;

import edu.umd.cs.findbugs.annotations.NonNull;

/**
 * The controller-wide defaults every Maia step starts from. The global configuration provides them; the
 * controller facade finds them through this interface, so the facade depends on settings, not on the
 * configuration page and everything the page depends on.
 */
public interface MaiaDefaults {

    /** Where and as whom to connect, before a step's own options override it. */
    @NonNull
    ConnectionSettings connectionDefaults();

    /** Polling, default timeout and the account's request budget. */
    @NonNull
    FollowSettings followDefaults();
}
