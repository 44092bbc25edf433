package io.jenkins.plugins.maia.bench;

import java.util.Arrays;
import java.util.Collection;

/**
 * Summary of a set of durations in milliseconds: count, median, 95th percentile and maximum (nearest-rank
 * percentiles, so every figure is one that was actually measured).
 */
record Distribution(int count, double p50Millis, double p95Millis, double maxMillis) {

    static final Distribution EMPTY = new Distribution(0, Double.NaN, Double.NaN, Double.NaN);

    static Distribution of(Collection<Double> millis) {
        if (millis.isEmpty()) {
            return EMPTY;
        }
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return new Distribution(sorted.length, rank(sorted, 0.50), rank(sorted, 0.95), sorted[sorted.length - 1]);
    }

    private static double rank(double[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** e.g. {@code p95 4.2 s (p50 1.1 s, max 9.8 s, n=412)}. */
    String describe() {
        if (count == 0) {
            return "no samples";
        }
        return "p95 " + Format.seconds(p95Millis) + " (p50 " + Format.seconds(p50Millis) + ", max "
                + Format.seconds(maxMillis) + ", n=" + count + ")";
    }
}
