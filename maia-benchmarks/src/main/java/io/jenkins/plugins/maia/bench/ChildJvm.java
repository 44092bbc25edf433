package io.jenkins.plugins.maia.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM on this machine running one of this module's main classes with the same class path, talked to by
 * lines on stdin/stdout. Used so that what is measured (the follower's threads and heap, or a -Xmx64m export) is
 * not mixed with what serves it.
 *
 * <p>One daemon thread in this JVM copies the child's stdout into a queue; it is started with the child, so a
 * benchmark that counts threads takes its baseline after it. The child's stderr goes to a file, shown when the
 * child fails.
 */
final class ChildJvm implements AutoCloseable {

    private static final String EOF = "\u0000EOF";

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Path stderr;
    private final String name;

    private ChildJvm(Process process, Path stderr, String name) {
        this.process = process;
        this.stderr = stderr;
        this.name = name;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread pump = new Thread(this::pump, "bench-child-stdout-" + name);
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Starts {@code main} in a new JVM with this JVM's class path.
     *
     * @param jvmOptions e.g. {@code -Xmx64m}
     * @param workDir    where the child's stderr log is written
     */
    static ChildJvm start(Class<?> main, List<String> jvmOptions, List<String> args, Path workDir) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(args);
        try {
            Files.createDirectories(workDir);
            Path stderr = Files.createTempFile(workDir, main.getSimpleName() + "-", ".stderr.log");
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.to(stderr.toFile()))
                    .start();
            return new ChildJvm(process, stderr, main.getSimpleName());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start a child JVM for " + main.getName() + ": " + e.getMessage(), e);
        }
    }

    /** Waits for the next stdout line that starts with {@code prefix} and returns the rest of it (trimmed). */
    String awaitLine(String prefix, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw failure("no '" + prefix + "' line within " + timeout.toSeconds() + " s");
                }
                if (line.equals(EOF)) {
                    throw failure("it ended before printing '" + prefix + "'");
                }
                if (line.startsWith(prefix)) {
                    return line.substring(prefix.length()).trim();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while waiting for '" + prefix + "'");
        }
    }

    /** Sends one command line to the child's stdin. */
    void send(String line) {
        try {
            stdin.write(line);
            stdin.write('\n');
            stdin.flush();
        } catch (IOException e) {
            throw failure("cannot write to it: " + e.getMessage());
        }
    }

    /** Waits for the child to end by itself; its exit code. */
    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw failure("it did not end within " + timeout.toSeconds() + " s");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while waiting for it to end");
        }
    }

    /** The last lines the child wrote to stderr (for error messages). */
    String stderrTail() {
        try {
            List<String> all = Files.readAllLines(stderr, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - 20), all.size()));
        } catch (IOException e) {
            return "(stderr not readable: " + e.getMessage() + ")";
        }
    }

    /** Closes stdin (the child's signal to stop), waits a little, then kills it. */
    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private IllegalStateException failure(String what) {
        return new IllegalStateException("Child JVM " + name + " failed: " + what
                + (process.isAlive() ? "" : " (exit code " + process.exitValue() + ")")
                + "; its stderr ends with:\n" + stderrTail());
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the child went away; EOF below tells the reader
        } finally {
            lines.add(EOF);
        }
    }
}
