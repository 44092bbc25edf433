package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.follower.decision.NearestName;
import java.util.Collection;
import java.util.Optional;

/** "Did you mean ...?" for the command line: the follower's {@link NearestName}, one rule for every suggestion. */
final class NearestNames {
    private NearestNames() {}

    /** See {@link NearestName#nearest}. */
    static Optional<String> nearest(String wanted, Collection<String> candidates) {
        return NearestName.nearest(wanted, candidates);
    }
}
