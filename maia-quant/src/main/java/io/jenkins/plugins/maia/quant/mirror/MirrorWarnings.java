package io.jenkins.plugins.maia.quant.mirror;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tells the user about Quant failures without flooding the log: the first failure of each {@link FailureKind} is
 * passed to the caller's sink (the console, the build log) with what the mirror does about it; later ones of the
 * same kind only go to the java.util.logging FINE level.
 */
final class MirrorWarnings {
    private static final Logger LOG = Logger.getLogger(MirrorWarnings.class.getName());

    private final Consumer<String> sink;
    private final Set<FailureKind> told = EnumSet.noneOf(FailureKind.class);

    MirrorWarnings(Consumer<String> sink) {
        this.sink = sink;
    }

    /** Warns once per kind; {@code detail} is the exception's message (secret-free by the client's contract). */
    void failure(FailureKind kind, String taskTitle, String detail) {
        boolean first;
        synchronized (told) {
            first = told.add(kind);
        }
        String text = "Quant mirror: " + kind.headline() + " (task \"" + taskTitle + "\"): " + detail + ". "
                + (kind.retried() ? "The mirror keeps retrying; the Maia task is not affected."
                        : kind == FailureKind.CREDENTIALS_REFUSED
                                ? "The mirror stops writing to Quant for this run; the Maia task is not affected."
                                : "This task is no longer mirrored; the Maia task is not affected.");
        if (first) {
            tell(text + " Further failures of this kind are not reported.");
        } else {
            LOG.log(Level.FINE, text);
        }
    }

    /** A line for the user, whatever happens to the sink. */
    void tell(String line) {
        try {
            sink.accept(line);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, line);
        }
    }
}
