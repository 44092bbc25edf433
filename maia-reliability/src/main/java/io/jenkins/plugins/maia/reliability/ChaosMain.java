package io.jenkins.plugins.maia.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs the chaos harness from a shell and prints its figures as Markdown:
 *
 * <pre>
 * mvn -q -B -pl maia-reliability -am install -DskipTests
 * mvn -B -pl maia-reliability exec:java -Dexec.args="--tasks 500"
 * </pre>
 *
 * Options: {@code --tasks N} (default 500), {@code --seed S} (default 6), {@code --dir DIR} (transcripts; default a
 * new temporary directory), {@code --out FILE} (also write the Markdown there). Ends with an exception (so the
 * Maven build fails) when a target is missed.
 */
public final class ChaosMain {

    private ChaosMain() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        int tasks = ChaosSettings.FULL_SIZE;
        Long seed = null;
        Path dir = null;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--tasks" -> tasks = Integer.parseInt(require(args[i], value));
                case "--seed" -> seed = Long.parseLong(require(args[i], value));
                case "--dir" -> dir = Path.of(require(args[i], value));
                case "--out" -> out = Path.of(require(args[i], value));
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --tasks N, --seed S, --dir DIR, --out FILE");
            }
            i++;
        }
        ChaosSettings settings = ChaosSettings.defaults(tasks,
                dir != null ? dir : Files.createTempDirectory("maia-chaos-"));
        if (seed != null) {
            settings = settings.withSeed(seed);
        }
        System.out.println("Chaos run: " + settings.tasks() + " tasks, transcripts in " + settings.workDir());
        ChaosReport report = ChaosHarness.run(settings);
        String markdown = report.toMarkdown();
        System.out.println(markdown);
        if (out != null) {
            Files.writeString(out, markdown, StandardCharsets.UTF_8);
        }
        if (!report.targetsMet()) {
            throw new IllegalStateException("Chaos targets missed: see the table above");
        }
        System.out.println("All targets met.");
    }

    private static String require(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
