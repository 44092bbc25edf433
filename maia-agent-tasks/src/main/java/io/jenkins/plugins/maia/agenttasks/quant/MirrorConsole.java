package io.jenkins.plugins.maia.agenttasks.quant;

import io.jenkins.plugins.maia.follower.event.TextRedactor;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where a build's mirror tells the user something (its one warning per kind of failure, the closing lines): the
 * console of the step that attached a task last, the build's own log at its end, then the Jenkins log once the
 * build log is closed. Lines are masked; a console that cannot be written any more falls back to the Jenkins log.
 */
final class MirrorConsole implements Consumer<String> {

    private static final Logger LOGGER = Logger.getLogger(MirrorConsole.class.getName());

    private final TextRedactor secrets;
    private volatile Consumer<String> target;

    MirrorConsole(TextRedactor secrets, Consumer<String> first) {
        this.secrets = secrets;
        this.target = first;
    }

    void switchTo(Consumer<String> console) {
        this.target = console;
    }

    /** From now on to the Jenkins log, naming the build (its log is closed). */
    void toJenkinsLog(String build) {
        this.target = line -> LOGGER.log(Level.WARNING, "{0}: {1}", new Object[] {build, line});
    }

    @Override
    public void accept(String line) {
        String masked = secrets.redact(line);
        try {
            target.accept(masked);
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, masked);
        }
    }
}
