package io.jenkins.plugins.maia.follower.decision;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean ...?" for a mistyped name (a task id, a tool name, a rule's field): the nearest name by edit distance,
 * if it is close enough.
 */
public final class NearestName {

    private NearestName() {}

    /**
     * The name nearest to {@code wanted} (ignoring case) when at most a quarter of its characters (1 to 3) differ;
     * empty when none is that close, or when {@code wanted} is itself one of the names (a name that differs only in
     * case is suggested with its own case).
     */
    public static Optional<String> nearest(String wanted, Collection<String> names) {
        if (wanted == null || wanted.isBlank()) {
            return Optional.empty();
        }
        String w = wanted.strip().toLowerCase(Locale.ROOT);
        int allowed = Math.max(1, Math.min(3, w.length() / 4));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String name : names) {
            if (name == null) {
                continue;
            }
            int d = distance(w, name.toLowerCase(Locale.ROOT));
            if (d == 0) {
                return name.equals(wanted) ? Optional.empty() : Optional.of(name);
            }
            if (d < bestDistance) {
                bestDistance = d;
                best = name;
            }
        }
        // A one-letter id differs from every other one-letter id by one edit: that is no resemblance.
        return best != null && bestDistance <= allowed && bestDistance < Math.min(w.length(), best.length())
                ? Optional.of(best) : Optional.empty();
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
