package io.jenkins.plugins.maia.bench;

import io.jenkins.plugins.maia.follower.budget.BudgetSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import io.jenkins.plugins.maia.follower.follow.PollingPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Runs the benchmarks of the follower and prints the results as a Markdown table.
 *
 * <pre>
 * java -jar maia-benchmarks/target/maia-benchmarks.jar [--quick|--full] [--only 1,2,3,4,5,6] [--seed N]
 *      [--out results.md] [--work DIR] [--keep-files] [--budget PER_MINUTE/BURST] [--poller INITIAL/FACTOR/MAX]
 * </pre>
 *
 * {@code --budget} replaces the follower's default budget in benchmark 3 (an experiment; the server still
 * enforces 60/min, burst 5); {@code --poller} adds a poller to benchmark 2 (an experiment, shown for context,
 * seconds: e.g. {@code 1/1.5/4}). Progress goes to stderr, the table to stdout (and to {@code --out}). Exit code 0
 * when every benchmark completed (whether or not it met its target), 1 when one failed to run, 2 for a usage
 * error.
 */
public final class BenchMain {

    static final long DEFAULT_SEED = 20250101L;

    private BenchMain() {}

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("maia-benchmarks: " + e.getMessage());
            System.err.println("usage: java -jar maia-benchmarks.jar [--quick|--full] [--only 1,2,3,4,5,6] [--seed N]"
                    + " [--out FILE] [--work DIR] [--keep-files] [--budget 60/5] [--poller 1/1.5/4]");
            System.exit(2);
            return;
        }
        double loadBefore = loadAverage();
        Instant started = Instant.now();
        Report report = run(options, System.err);
        String markdown = header(options, started, loadBefore, loadAverage()) + report.markdown();
        System.out.println(markdown);
        if (options.out() != null) {
            try {
                Files.writeString(options.out(), markdown, StandardCharsets.UTF_8);
            } catch (IOException e) {
                System.err.println("maia-benchmarks: cannot write " + options.out() + ": " + e.getMessage());
                System.exit(1);
            }
        }
        boolean failed = report.figures().stream().anyMatch(f -> f.verdict() == Figure.Verdict.FAILED);
        System.exit(failed ? 1 : 0);
    }

    /** Runs the selected benchmarks one after the other; a failed one is reported and the others still run. */
    static Report run(Options options, PrintStream progress) {
        BenchConfig c = options.config();
        Report report = new Report(c.name());
        Path work = options.work();
        long seed = options.seed();
        runSelected(options, 1, "follower threads and heap: " + c.footprint(), "1. concurrent follows", report,
                progress, () -> report.footprint(FootprintBench.run(c.footprint(), work, seed)));
        runSelected(options, 2, "adaptive vs fixed polling: " + c.polling(), "2. adaptive vs fixed 2 s poller", report,
                progress, () -> {
                    List<PollingBench.Variant> variants = new ArrayList<>(PollingBench.defaultVariants());
                    variants.addAll(options.extraPollers());
                    report.polling(PollingBench.run(c.polling(), variants, work, seed));
                });
        runSelected(options, 3, "tasks under the 60/min budget: " + c.budget(), "3. tasks under the 60/min budget",
                report, progress, () -> report.budget(BudgetBench.run(c.budget(), work, seed)));
        runSelected(options, 4, "transcript export: " + c.transcript(), "4. transcript export", report, progress,
                () -> {
                    TranscriptBench.Params p = c.transcript();
                    report.transcript(TranscriptBench.run(new TranscriptBench.Params(p.events(), options.keepFiles()),
                            work, seed));
                });
        runSelected(options, 5, "Maia slow, then hung, then back: " + c.slowMaia(), "5. caller threads never wait on"
                + " Maia", report, progress, () -> report.slowMaia(SlowMaiaBench.run(c.slowMaia(), work)));
        runSelected(options, 6, "a task graph under the 60/min budget: " + c.graph(), "6. task graph", report,
                progress, () -> {
                    report.graph(GraphBench.run(c.graph(), work, seed));
                    progress.println("[6] the same graph with the Quant mirror on (sandbox Quant endpoints)");
                    report.graph(GraphBench.run(c.graph(), work, seed, true));
                });
        return report;
    }

    /**
     * Runs benchmark {@code number} if it was selected, announcing it on {@code progress}; a failure is reported
     * under {@code name} and the next benchmark still runs.
     */
    private static void runSelected(Options options, int number, String announcement, String name, Report report,
            PrintStream progress, Runnable benchmark) {
        if (!options.only().contains(number)) {
            return;
        }
        progress.println("[" + number + "] " + announcement);
        try {
            benchmark.run();
        } catch (RuntimeException e) {
            report.failed(name, e);
            e.printStackTrace(progress);
        }
    }

    private static String header(Options o, Instant started, double loadBefore, double loadAfter) {
        Runtime rt = Runtime.getRuntime();
        long minutes = java.time.Duration.between(started, Instant.now()).toMinutes();
        return "Maia benchmarks, " + o.config().name() + " run, started " + started.truncatedTo(ChronoUnit.SECONDS)
                + ", " + minutes + " min, seed " + o.seed() + "; JVM " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version") + ", " + rt.availableProcessors() + " CPUs, max heap "
                + Format.mib(rt.maxMemory()) + "; system load average " + Format.ratio(loadBefore) + " before, "
                + Format.ratio(loadAfter) + " after (other work on the machine adds noise).\n\n";
    }

    /** The 1-minute system load average, or NaN where the platform has none. */
    private static double loadAverage() {
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? Double.NaN : load;
    }

    /** Command-line options. */
    record Options(BenchConfig config, Set<Integer> only, long seed, Path out, Path work, boolean keepFiles,
            List<PollingBench.Variant> extraPollers) {

        static Options parse(String[] args) {
            BenchConfig config = BenchConfig.quick();
            Set<Integer> only = new LinkedHashSet<>(Arrays.asList(1, 2, 3, 4, 5, 6));
            long seed = DEFAULT_SEED;
            Path out = null;
            Path work = Path.of(System.getProperty("java.io.tmpdir"), "maia-benchmarks");
            boolean keep = false;
            BudgetSettings budget = null;
            List<PollingBench.Variant> extraPollers = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--quick" -> config = BenchConfig.quick();
                    case "--full" -> config = BenchConfig.full();
                    case "--keep-files" -> keep = true;
                    case "--only" -> {
                        only = new LinkedHashSet<>();
                        for (String n : value(args, ++i, a).split(",")) {
                            try {
                                int b = Integer.parseInt(n.trim());
                                if (b < 1 || b > 6) {
                                    throw new NumberFormatException();
                                }
                                only.add(b);
                            } catch (NumberFormatException e) {
                                throw new IllegalArgumentException("--only takes benchmark numbers 1 to 6 separated by"
                                        + " commas, e.g. --only 1,4; got '" + n + "'");
                            }
                        }
                    }
                    case "--seed" -> {
                        String v = value(args, ++i, a);
                        try {
                            seed = Long.parseLong(v);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--seed takes a whole number, got '" + v + "'");
                        }
                    }
                    case "--out" -> out = Path.of(value(args, ++i, a));
                    case "--budget" -> budget = budget(value(args, ++i, a));
                    case "--poller" -> extraPollers.add(poller(value(args, ++i, a)));
                    case "--work" -> work = Path.of(value(args, ++i, a));
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            }
            if (budget != null) {
                config = config.withBudget(budget);
            }
            return new Options(config, only, seed, out, work, keep, List.copyOf(extraPollers));
        }

        /** {@code INITIAL/FACTOR/MAX} in seconds, e.g. {@code 1/1.5/4}: an extra poller for benchmark 2. */
        private static PollingBench.Variant poller(String text) {
            String[] parts = text.split("/");
            try {
                if (parts.length == 3) {
                    PollingPolicy p = new PollingPolicy(seconds(parts[0]), Double.parseDouble(parts[1].trim()),
                            seconds(parts[2]));
                    return new PollingBench.Variant("adaptive " + parts[0].trim() + " s x" + parts[1].trim()
                            + " up to " + parts[2].trim() + " s", p, true);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--poller: " + e.getMessage());
            }
            throw new IllegalArgumentException("--poller takes INITIAL_SECONDS/FACTOR/MAX_SECONDS, e.g. 1/1.5/4; got '"
                    + text + "'");
        }

        private static java.time.Duration seconds(String text) {
            return java.time.Duration.ofMillis(Math.round(Double.parseDouble(text.trim()) * 1000));
        }

        /** {@code PER_MINUTE/BURST}, e.g. 60/4. */
        private static BudgetSettings budget(String text) {
            String[] parts = text.split("/");
            try {
                if (parts.length == 2) {
                    return new BudgetSettings(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--budget: " + e.getMessage());
            }
            throw new IllegalArgumentException("--budget takes REQUESTS_PER_MINUTE/BURST, e.g. 60/4; got '" + text
                    + "'");
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }
    }
}
