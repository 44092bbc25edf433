package io.jenkins.plugins.maia.bench;

import io.jenkins.plugins.maia.follower.budget.BudgetSettings;
import io.jenkins.plugins.maia.follower.follow.PollingPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns benchmark results into the Markdown the README quotes: one table of figures against their targets
 * (measured / target, adaptive / fixed), then the details behind each figure.
 */
final class Report {

    static final int MAX_THREADS = 4;
    static final double MAX_HEAP_PER_TASK = 16 * 1024;
    static final double MAX_CALLS_RATIO = 0.5;
    static final double BUDGET_PER_MINUTE = BudgetBench.SERVER_LIMIT.requestsPerMinute();
    static final int BUDGET_BURST = BudgetBench.SERVER_LIMIT.burst();
    static final double MAX_P95_MILLIS = 15_000;
    static final double MIN_EVENTS_PER_SECOND = 100_000;
    static final double MAX_EXPORT_HEAP = 64.0 * 1024 * 1024;
    static final double MAX_START_GAP_MILLIS = 5_000;

    private final List<Figure> figures = new ArrayList<>();
    private final List<String> details = new ArrayList<>();
    /** The run's size ({@link BenchConfig#name()}); any but "full" is labelled, the README quotes a full run. */
    private final String size;

    Report() {
        this("full");
    }

    Report(String size) {
        this.size = size;
    }

    List<Figure> figures() {
        return List.copyOf(figures);
    }

    void footprint(FootprintBench.Result r) {
        String b = "1. " + Format.count(r.follows()) + " concurrent follows";
        figures.add(new Figure(b, "follower threads (peak since baseline)", r.peakNewThreads() + " (now: "
                + r.schedulerThreads() + " scheduler + " + r.httpThreads() + " OkHttp/Okio"
                + (r.newThreads() > r.schedulerThreads() + r.httpThreads()
                        ? " + " + (r.newThreads() - r.schedulerThreads() - r.httpThreads()) + " other" : "") + ")",
                "<= " + MAX_THREADS, Format.ratio((double) r.peakNewThreads() / MAX_THREADS),
                Target.atMost(MAX_THREADS).verdict(r.peakNewThreads())));
        figures.add(new Figure(b, "retained heap per task", Format.kib(r.heapPerTaskBytes()),
                "<= " + Format.kib(MAX_HEAP_PER_TASK), Format.ratio(r.heapPerTaskBytes() / MAX_HEAP_PER_TASK),
                Target.atMost(MAX_HEAP_PER_TASK).verdict(r.heapPerTaskBytes())));
        details.add("1. " + r.follows() + " follows (" + r.activeAtMeasurement() + " active at the measurement), "
                + "all first reads done in " + Format.seconds(r.startup().toMillis()) + "; new threads at the "
                + "measurement: " + r.newThreads() + " " + r.newThreadNames() + ", peak " + r.peakNewThreads()
                + " (scheduler of " + Harness.SCHEDULER_THREADS + " threads included); heap after full GC: "
                + Format.mib(r.baselineHeapBytes()) + " before the follows, " + Format.mib(r.activeHeapBytes())
                + " with them; steady polling " + Format.number(r.requestsPerSecond()) + " requests/s.");
    }

    void polling(PollingBench.Result r) {
        PollingBench.VariantResult a = r.variant(PollingBench.ADAPTIVE);
        PollingBench.VariantResult f = r.variant(PollingBench.FIXED);
        String b = "2. adaptive vs fixed 2 s poller";
        double calls = (double) a.calls() / f.calls();
        figures.add(new Figure(b, "API calls (adaptive / fixed)", Format.count(a.calls()) + " / "
                + Format.count(f.calls()), "<= " + MAX_CALLS_RATIO + "x", Format.ratio(calls) + "x",
                Target.atMost(MAX_CALLS_RATIO).verdict(calls)));
        double p95 = a.changes().p95Millis() / f.changes().p95Millis();
        figures.add(new Figure(b, "p95 detection latency, every agent change (adaptive / fixed)",
                Format.seconds(a.changes().p95Millis()) + " / " + Format.seconds(f.changes().p95Millis()),
                "<= 1.0x", Format.ratio(p95) + "x", Target.atMost(1.0).verdict(p95)));
        double statusP95 = a.statusChanges().p95Millis() / f.statusChanges().p95Millis();
        figures.add(new Figure(b, "p95 detection latency, status changes only (adaptive / fixed)",
                Format.seconds(a.statusChanges().p95Millis()) + " / " + Format.seconds(f.statusChanges().p95Millis()),
                "-", Format.ratio(statusP95) + "x", Figure.Verdict.INFO));
        for (PollingBench.VariantResult v : r.variants()) {
            if (v != a && v != f) {
                figures.add(new Figure(b, "experiment: " + v.label() + " (calls, p95 every change; vs fixed)",
                        Format.count(v.calls()) + ", " + Format.seconds(v.changes().p95Millis()), "-",
                        Format.ratio((double) v.calls() / f.calls()) + "x, "
                                + Format.ratio(v.changes().p95Millis() / f.changes().p95Millis()) + "x",
                        Figure.Verdict.INFO));
            }
        }
        details.add("2. " + a.tasks() + " scripted tasks per poller (mean planned length "
                + Format.seconds(r.meanTaskLength().toMillis()) + ", " + r.agentChangesPerPoller()
                + " agent changes), played at the same time for both; run " + Format.seconds(r.elapsed().toMillis())
                + ".");
        for (PollingBench.VariantResult v : r.variants()) {
            details.add("   - " + v.label() + " (" + describe(v.polling())
                    + (v.projectWatch() ? ", project watch" : ", each task read on its own") + "): " + v.finished() + "/" + v.tasks()
                    + " finished; calls " + v.calls() + " " + kinds(v.callsByKind()) + "; every change "
                    + v.changes().describe() + "; status changes " + v.statusChanges().describe() + ".");
        }
    }

    void budget(BudgetBench.Result r) {
        String b = "3. " + r.tasks() + " tasks, " + (r.budget().equals(BudgetSettings.defaults()) ? "default budget"
                : "budget " + r.budget().requestsPerMinute() + "/min burst " + r.budget().burst())
                + " vs server 60/min burst 5";
        figures.add(new Figure(b, "requests per minute (average over the run)", Format.number(r.requestsPerMinute()),
                "<= " + (int) BUDGET_PER_MINUTE, Format.ratio(r.requestsPerMinute() / BUDGET_PER_MINUTE),
                Target.atMost(BUDGET_PER_MINUTE).verdict(r.requestsPerMinute())));
        figures.add(new Figure(b, "requests in the busiest 60 s", Integer.toString(r.peakPerMinute()),
                "<= " + (int) (BUDGET_PER_MINUTE + BUDGET_BURST) + " (60 + burst 5)",
                Format.ratio(r.peakPerMinute() / (BUDGET_PER_MINUTE + BUDGET_BURST)),
                Target.atMost(BUDGET_PER_MINUTE + BUDGET_BURST).verdict(r.peakPerMinute())));
        figures.add(new Figure(b, "largest burst above 60/min (token-bucket check)", Format.number(r.largestBurst()),
                "<= " + BUDGET_BURST, Format.ratio(r.largestBurst() / BUDGET_BURST),
                Target.atMost(BUDGET_BURST).verdict(r.largestBurst())));
        figures.add(new Figure(b, "429s received", Long.toString(r.tooManyReceived()), "0", "-",
                Target.exactly(0).verdict(Math.max(r.tooManyReceived(), r.tooManySentByServer()))));
        figures.add(new Figure(b, "p95 detection latency, every agent change", Format.seconds(r.changes().p95Millis()),
                "< 15 s", Format.ratio(r.changes().p95Millis() / MAX_P95_MILLIS),
                Target.below(MAX_P95_MILLIS).verdict(r.changes().p95Millis())));
        figures.add(new Figure(b, "p95 detection latency, status changes only",
                Format.seconds(r.statusChanges().p95Millis()), "< 15 s",
                Format.ratio(r.statusChanges().p95Millis() / MAX_P95_MILLIS),
                Target.below(MAX_P95_MILLIS).verdict(r.statusChanges().p95Millis())));
        details.add("3. " + r.finished() + "/" + r.tasks() + " tasks finished in "
                + Format.seconds(r.elapsed().toMillis())
                + "; " + r.requests() + " requests sent " + kinds(r.byKind()) + ", the server counted "
                + r.serverRequests() + " and sent " + r.tooManySentByServer() + " 429s"
                + (r.tooManyWhen().isEmpty() ? "" : " " + r.tooManyWhen()) + "; every change "
                + r.changes().describe() + "; status changes " + r.statusChanges().describe() + ".");
    }

    void graph(GraphBench.Result r) {
        String b = "6. task graph, " + r.tasks() + " tasks in " + r.levels() + " levels, default budget vs server "
                + "60/min burst 5" + (r.mirrored() ? ", Quant mirror on" : "");
        figures.add(new Figure(b, "429s received", Long.toString(r.tooManyReceived()), "0", "-",
                Target.exactly(0).verdict(Math.max(r.tooManyReceived(), r.tooManySentByServer()))));
        figures.add(new Figure(b, "tasks started before a dependency finished", Integer.toString(r.startedTooEarly()),
                "0", "-", Target.exactly(0).verdict(r.startedTooEarly())));
        figures.add(new Figure(b, "p95 start after the last dependency's finish (server times)",
                Format.seconds(r.startGaps().p95Millis()), "< 5 s",
                Format.ratio(r.startGaps().p95Millis() / MAX_START_GAP_MILLIS),
                Target.below(MAX_START_GAP_MILLIS).verdict(r.startGaps().p95Millis())));
        figures.add(new Figure(b, "tasks finished", r.finished() + " / " + r.tasks(), "all", "-",
                Target.exactly(r.tasks()).verdict(r.finished())));
        if (r.mirrored()) {
            QuantBoardProbe.Figures q = r.quant();
            figures.add(new Figure(b, "Quant tasks with two writes less than 5 s apart", Integer.toString(
                    q.tasksWithCloseWrites()), "0", "-", Target.exactly(0).verdict(q.tasksWithCloseWrites())));
            figures.add(new Figure(b, "Quant last states not written", Integer.toString(q.lastStatesUnwritten()), "0",
                    "-", Target.exactly(0).verdict(q.lastStatesUnwritten())));
            details.add("6 (Quant mirror on). " + q.tasksOnBoard() + " tasks on the board, " + q.writes() + " writes ("
                    + Format.number((double) q.writes() / Math.max(1, q.tasksOnBoard())) + " a task), the shortest "
                    + "gap between two writes of one task " + Format.seconds(q.shortestGap().toMillis()) + ", "
                    + q.warnings() + " mirror warnings.");
        }
        details.add("6" + (r.mirrored() ? " (Quant mirror on)" : "") + ". " + r.finished() + "/" + r.tasks()
                + " tasks finished in " + Format.seconds(r.elapsed().toMillis())
                + "; " + r.requests() + " requests sent " + kinds(r.byKind()) + " ("
                + Format.number(r.requestsPerMinute()) + " a minute), the server sent " + r.tooManySentByServer()
                + " 429s; " + r.withDependencies() + " tasks with dependencies: start after the last dependency's "
                + "finish (server's createdAt minus modifiedAt) " + r.startGaps().describe() + "; of which the run's "
                + "own part (its start after it saw the end) " + r.engineGaps().describe() + "; a task's end seen by "
                + "the follower after the server's modifiedAt " + r.endSeen().describe() + "; a create answered after "
                + "the run asked for it " + r.createWait().describe() + "; an ideal client on this run's ends (only "
                + "the calls the contract requires: a watch round at most every 2 s, the end read, the final read and "
                + "the creates, chains nearest their end first, 60 a minute, bucket of 4; see ChainBound) "
                + r.ideal().gaps().describe() + " with " + r.ideal().rounds() + " rounds.");
    }

    void transcript(TranscriptBench.Result r) {
        String b = "4. transcript export, " + Format.count(r.events()) + " events";
        figures.add(new Figure(b, "export rate (.jsonl to .md + .html)", Format.number(r.renderEventsPerSecond())
                + " events/s", ">= 100,000 events/s", Format.ratio(r.renderEventsPerSecond() / MIN_EVENTS_PER_SECOND)
                + " (higher is better)", Target.atLeast(MIN_EVENTS_PER_SECOND).verdict(r.renderEventsPerSecond())));
        figures.add(new Figure(b, "peak heap used (child JVM, -Xmx" + TranscriptBench.CHILD_HEAP + ")",
                Format.mib(r.peakUsedBytes()), "< 64 MB", Format.ratio(r.peakUsedBytes() / MAX_EXPORT_HEAP),
                Target.below(MAX_EXPORT_HEAP).verdict(r.peakUsedBytes())));
        details.add("4. " + Format.count(r.events()) + " events, .jsonl " + Format.mib(r.jsonlBytes())
                + " (written through TranscriptWriter at " + Format.number(r.writeEventsPerSecond())
                + " events/s, one flush per line); export " + Format.seconds(r.renderSeconds() * 1000) + " -> .md "
                + Format.mib(r.markdownBytes()) + ", .html " + Format.mib(r.htmlBytes()) + "; child heap max "
                + Format.mib(r.heapMaxBytes()) + " (" + r.gc() + "), " + r.collections() + " collections, most "
                + "live after a collection " + Format.mib(r.maxLiveAfterGcBytes()) + ", sum of pool peaks "
                + Format.mib(r.poolPeaksSumBytes()) + ".");
    }

    void slowMaia(SlowMaiaBench.Result r) {
        SlowMaiaBench.Params p = r.params();
        String b = "5. " + r.params().follows() + " follows, Maia slow (" + Format.seconds(p.latency().toMillis())
                + " per call), then hung, then back";
        figures.add(new Figure(b, "caller threads busy with Maia I/O (peak of any sample, all phases)",
                r.peakCallerBusy() + " of " + p.callerThreads(), "0", "-", Figure.Verdict.of(r.peakCallerBusy() == 0)));
        figures.add(new Figure(b, "control: the same threads making the calls themselves, as on Timer before",
                r.controlPeakCallerBusy() + " of " + p.callerThreads(), ">= 1 (the sampler sees waits)", "-",
                Figure.Verdict.of(r.controlPeakCallerBusy() >= 1)));
        figures.add(new Figure(b, "follower threads (peak alive)", Integer.toString(r.peakFollowerThreads()),
                "<= " + p.followerThreads() + " (its configured bound)",
                Format.ratio((double) r.peakFollowerThreads() / p.followerThreads()),
                Figure.Verdict.of(r.peakFollowerThreads() <= p.followerThreads())));
        figures.add(new Figure(b, "follows at their true outcome after recovery", r.trueOutcomes() + " / "
                + p.follows(), "all", Format.ratio((double) r.trueOutcomes() / p.follows()),
                Figure.Verdict.of(r.trueOutcomes() == p.follows())));
        figures.add(new Figure(b, "tasks created (one per launch)", Integer.toString(r.tasksCreated()),
                Integer.toString(p.follows()), "-", Figure.Verdict.of(r.tasksCreated() == p.follows())));
        figures.add(Figure.info(b, "time from recovery to the last outcome",
                Format.seconds(r.recoveryToLastOutcome().toMillis())));
        StringBuilder phases = new StringBuilder();
        for (ThreadSampler.PhaseFigures f : r.phases()) {
            phases.append(phases.length() == 0 ? "" : "; ").append(f.phase()).append(": ").append(f.samples())
                    .append(" samples, caller threads busy with Maia I/O peak ").append(f.peakCallerBusy())
                    .append(" (in ").append(f.samplesWithCallerBusy()).append(" samples), follower threads peak ")
                    .append(f.peakFollowerThreads()).append(" (busy with Maia I/O peak ").append(f.peakFollowerBusy())
                    .append("), other new threads peak ").append(f.peakOtherNewThreads());
        }
        details.add("5. " + p.follows() + " launches handed over by a caller scheduler of " + p.callerThreads()
                + " threads to a follower of " + p.followerThreads() + " threads; server " + Format.seconds(
                        p.latency().toMillis()) + " per call for " + Format.seconds(p.slow().toMillis()) + ", then no "
                + "answer for " + Format.seconds(p.hang().toMillis()) + " (read timeout " + Format.seconds(
                        p.readTimeout().toMillis()) + "), then normal; tasks run " + Format.seconds(
                        p.taskLength().toMillis()) + " on the server, every tenth errs. Created while slow: "
                + r.createdWhileSlow() + "; follows running when the server hung: " + r.followingWhenHung()
                + "; creates handed over: " + r.createHandOvers() + " (later attempts look for the task first); "
                + "server requests: " + r.serverRequests() + ". Phases: " + phases + ". Other new threads: "
                + r.otherThreadNames() + "."
                + (r.problems().isEmpty() ? "" : " Not at their true outcome: " + r.problems().stream().limit(5)
                        .toList() + (r.problems().size() > 5 ? " and " + (r.problems().size() - 5) + " more" : "")));
    }

    void failed(String benchmark, Exception e) {
        figures.add(new Figure(benchmark, "did not complete", e.getClass().getSimpleName(), "-", "-",
                Figure.Verdict.FAILED));
        details.add(benchmark + " failed: " + e.getMessage());
    }

    void detail(String line) {
        details.add(line);
    }

    /**
     * The table, then the details. A run smaller than {@code --full} says so on every benchmark and verdict, so its
     * verdicts are not read as those of the README's full run.
     */
    String markdown() {
        boolean full = size.equals("full");
        String label = full ? "" : " (" + size + " size)";
        StringBuilder out = new StringBuilder();
        if (!full) {
            out.append("**").append(size).append(" size**: smaller and shorter workloads than `--full`, whose run the ")
                    .append("README quotes; each verdict below holds for the ").append(size).append(" size only.\n\n");
        }
        out.append("| Benchmark | Figure | Measured | Target | Ratio | Verdict |\n");
        out.append("|---|---|---|---|---|---|\n");
        String last = null;
        for (Figure f : figures) {
            String name = f.benchmark().equals(last) ? "" : f.benchmark() + label;
            last = f.benchmark();
            boolean judged = f.verdict() == Figure.Verdict.MET || f.verdict() == Figure.Verdict.MISSED;
            out.append("| ").append(name).append(" | ").append(f.figure()).append(" | ").append(f.measured())
                    .append(" | ").append(f.target()).append(" | ").append(f.ratio()).append(" | ")
                    .append(f.verdict().text()).append(judged ? label : "").append(" |\n");
        }
        out.append('\n');
        for (String d : details) {
            out.append(d).append('\n');
        }
        return out.toString();
    }

    private static String describe(PollingPolicy p) {
        return p.factor() == 1.0
                ? "every " + Format.seconds(p.initial().toMillis())
                : Format.seconds(p.initial().toMillis()) + " x" + String.format(Locale.ROOT, "%.1f", p.factor())
                        + " up to " + Format.seconds(p.max().toMillis());
    }

    private static String kinds(Map<RequestLog.Kind, Long> byKind) {
        StringBuilder sb = new StringBuilder("(");
        byKind.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k.name().toLowerCase(Locale.ROOT))
                .append(' ').append(v));
        return sb.append(')').toString();
    }
}
