package io.jenkins.plugins.maia.cli;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean ...?": the candidate closest to a mistyped name, by edit distance, if it is close enough. */
final class NearestNames {
    private NearestNames() {}

    /**
     * The candidate nearest to {@code wanted} (ignoring case), when at most a quarter of its characters (at least
     * one, at most three) differ; empty when none is that close or {@code wanted} is itself a candidate.
     */
    static Optional<String> nearest(String wanted, Collection<String> candidates) {
        if (wanted == null || wanted.isBlank()) {
            return Optional.empty();
        }
        String w = wanted.strip().toLowerCase(Locale.ROOT);
        int allowed = Math.max(1, Math.min(3, w.length() / 4));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            if (candidate == null) {
                continue;
            }
            int d = distance(w, candidate.toLowerCase(Locale.ROOT));
            if (d == 0) {
                return candidate.equals(wanted) ? Optional.empty() : Optional.of(candidate);
            }
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
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
