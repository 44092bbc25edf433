package io.jenkins.plugins.maia.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.maia.follower.budget.BudgetSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 12, item 17: verdicts come from the figure they judge, and a run smaller than --full says so. */
class ReportTest {

    private static final Distribution FAST = new Distribution(40, 2_000, 6_000, 9_000);

    /** Benchmark 3 with the given average rate, everything else within its target. */
    private static BudgetBench.Result budget(double requestsPerMinute) {
        return new BudgetBench.Result(10, BudgetSettings.defaults(), 10, Duration.ofMinutes(15), 900,
                Map.of(RequestLog.Kind.GET_TASK, 900L), requestsPerMinute, 64, 4.0, 0, List.of(), 0, 900, FAST, FAST);
    }

    private static Figure figure(Report report, String name) {
        return report.figures().stream().filter(f -> f.figure().startsWith(name)).findFirst().orElseThrow();
    }

    @Test
    void aRateAboveItsTargetIsMissedWhateverTheOtherFiguresSay() {
        Report over = new Report();
        over.budget(budget(61.1));
        assertThat(figure(over, "requests per minute").verdict()).isEqualTo(Figure.Verdict.MISSED);
        assertThat(figure(over, "largest burst").verdict()).isEqualTo(Figure.Verdict.MET);
        assertThat(over.markdown()).contains("| 61.1 | <= 60 | 1.02 | **missed** |");

        Report atTarget = new Report();
        atTarget.budget(budget(60.0));
        assertThat(figure(atTarget, "requests per minute").verdict()).isEqualTo(Figure.Verdict.MET);
    }

    @Test
    void targetsJudgeTheMeasuredNumberAndAnUnmeasuredOneIsNeverMet() {
        assertThat(Target.atMost(60).met(60.0)).isTrue();
        assertThat(Target.atMost(60).met(60.01)).isFalse();
        assertThat(Target.below(15_000).met(15_000)).isFalse();
        assertThat(Target.atLeast(100_000).met(99_999.9)).isFalse();
        assertThat(Target.exactly(0).met(1)).isFalse();
        assertThat(Target.atMost(60).met(Double.NaN)).isFalse();
    }

    @Test
    void aQuickRunLabelsItsBenchmarksAndVerdictsButAFullRunDoesNot() {
        Report quick = new Report("quick");
        quick.budget(budget(50));
        String md = quick.markdown();
        assertThat(md).startsWith("**quick size**: smaller and shorter workloads than `--full`")
                .contains("| 3. 10 tasks, default budget vs server 60/min burst 5 (quick size) |")
                .contains("| met (quick size) |");

        Report full = new Report("full");
        full.budget(budget(50));
        assertThat(full.markdown()).startsWith("| Benchmark |").doesNotContain("quick", "size)");
    }
}
