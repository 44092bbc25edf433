package io.jenkins.plugins.maia.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The human side of following a task. On a terminal, the last line is a progress line (status and elapsed
 * time) that is redrawn in place and moved out of the way whenever a message is printed or a prompt is
 * shown. Elsewhere (CI logs, pipes) there is no redrawing: a status change is printed as a plain line.
 * All methods are synchronized: follower threads, the prompt thread and the ticker share one console.
 */
final class LiveConsole {

    private static final String CLEAR_LINE = "\r\u001b[2K";

    private final PrintStream out;
    private final boolean terminal;
    private final Instant started;
    private String status = "STARTING";
    private boolean progressShown;
    private boolean suspended;

    LiveConsole(PrintStream out, boolean terminal, Instant started) {
        this.out = out;
        this.terminal = terminal;
        this.started = started;
    }

    /** Prints {@code text} (one or more lines) above the progress line. */
    synchronized void line(String text) {
        clearProgress();
        out.println(text);
        drawProgress();
    }

    /** Prints {@code text} on {@code stream} (stderr), keeping the progress line of a terminal intact. */
    synchronized void lineOn(PrintStream stream, String text) {
        clearProgress();
        out.flush();
        stream.println(text);
        stream.flush();
        drawProgress();
    }

    /** Prints a question without a line break and flushes, for the answer to follow on the same line. */
    synchronized void prompt(String text) {
        clearProgress();
        out.print(text);
        out.flush();
    }

    /** A new status: redrawn on a terminal, printed as a line elsewhere when it changed. */
    synchronized void status(String newStatus) {
        boolean changed = !Objects.equals(status, newStatus);
        status = newStatus;
        if (terminal) {
            clearProgress();
            drawProgress();
        } else if (changed) {
            out.println("[" + elapsed() + "] status: " + newStatus);
        }
    }

    /** A passing state for the progress line only (a terminal); plain output keeps to real status changes. */
    synchronized void hint(String text) {
        if (terminal) {
            status(text);
        }
    }

    /** Redraws the elapsed time (called every second on a terminal). */
    synchronized void tick() {
        if (terminal) {
            clearProgress();
            drawProgress();
        }
    }

    /** Hides the progress line while a prompt owns the console. */
    synchronized void suspend() {
        clearProgress();
        suspended = true;
    }

    synchronized void resume() {
        suspended = false;
        drawProgress();
    }

    /** Removes the progress line for good (the follow ended). */
    synchronized void close() {
        clearProgress();
        suspended = true;
        out.flush();
    }

    String elapsed() {
        return DurationConverter.format(Duration.between(started, Instant.now()));
    }

    private void clearProgress() {
        if (progressShown) {
            out.print(CLEAR_LINE);
            progressShown = false;
        }
    }

    private void drawProgress() {
        if (terminal && !suspended) {
            out.print("\u25B8 " + status + "  " + elapsed());
            out.flush();
            progressShown = true;
        }
    }
}
