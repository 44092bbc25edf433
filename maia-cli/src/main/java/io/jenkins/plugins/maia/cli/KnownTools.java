package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.follower.decision.KnownToolNames;
import java.util.List;
import java.util.Optional;

/**
 * The tool names the vendor documents (the engine's {@link KnownToolNames}, from maia-contract's CONTRACT-NOTES.md).
 * Not an enum: the vendor's own examples use other names, so an unknown name is used as given, with a warning that
 * may catch a typo before the task runs.
 */
final class KnownTools {

    static final List<String> DOCUMENTED = KnownToolNames.DOCUMENTED;

    private KnownTools() {}

    /**
     * A warning for {@code option TOOL} when TOOL is not documented, e.g. {@code warning: --approve query_warehous is
     * not a documented Maia tool (did you mean query_warehouse?); it is used as given}; empty for a documented one.
     */
    static Optional<String> warning(String option, String tool) {
        if (tool == null || DOCUMENTED.contains(tool)) {
            return Optional.empty();
        }
        String suggestion = NearestNames.nearest(tool, DOCUMENTED).map(n -> " (did you mean " + n + "?)").orElse("");
        return Optional.of("warning: " + option + " " + TerminalText.oneLine(tool, 80) + " is not a documented Maia tool"
                + suggestion + "; it is used as given");
    }
}
