package io.jenkins.plugins.maia.bench;

/**
 * One row of the results table.
 *
 * @param benchmark which benchmark (e.g. "1. 1,000 follows")
 * @param figure    what is measured
 * @param measured  the figure, with its unit
 * @param target    the target, with its unit ("-" for a figure shown for context)
 * @param ratio     measured / target (or adaptive / fixed), as text
 * @param verdict   met, missed, or context
 */
record Figure(String benchmark, String figure, String measured, String target, String ratio, Verdict verdict) {

    enum Verdict {
        MET("met"), MISSED("**missed**"), INFO("context"), FAILED("**failed**");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }

        String text() {
            return text;
        }

        static Verdict of(boolean met) {
            return met ? MET : MISSED;
        }
    }

    static Figure info(String benchmark, String figure, String measured) {
        return new Figure(benchmark, figure, measured, "-", "-", Verdict.INFO);
    }
}
