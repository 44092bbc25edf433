package io.jenkins.plugins.maia.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** "did you mean ...?" for a mistyped command or option. */
final class Suggestions {
    private Suggestions() {}

    /**
     * e.g. {@code "; did you mean --approve?"}: picocli's suggestions, or else the command or option nearest to the
     * first unmatched word (picocli finds none for short words such as {@code rn}); "" when nothing is near.
     */
    static String of(CommandLine.ParameterException ex) {
        if (!(ex instanceof CommandLine.UnmatchedArgumentException unmatched)) {
            return "";
        }
        List<String> suggestions = unmatched.getSuggestions().stream().distinct().limit(3).toList();
        if (suggestions.isEmpty() && !unmatched.getUnmatched().isEmpty() && ex.getCommandLine() != null) {
            CommandLine cmd = ex.getCommandLine();
            List<String> names = new ArrayList<>(cmd.getSubcommands().keySet());
            cmd.getCommandSpec().options().forEach(o -> names.addAll(List.of(o.names())));
            suggestions = NearestNames.nearest(unmatched.getUnmatched().get(0), names).stream().toList();
        }
        return suggestions.isEmpty() ? "" : "; did you mean " + String.join(" or ", suggestions) + "?";
    }
}
