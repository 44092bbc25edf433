package io.jenkins.plugins.maia.agenttasks.quant;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.maia.agenttasks.connection.QuantConnector;
import io.jenkins.plugins.maia.agenttasks.controller.MaiaController;
import io.jenkins.plugins.maia.agenttasks.settings.QuantMirrorSettings;
import io.jenkins.plugins.maia.client.InvalidRequestException;
import io.jenkins.plugins.maia.quant.mirror.MirrorReport;
import io.jenkins.plugins.maia.quant.mirror.QuantMirror;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import jenkins.util.SystemProperties;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The running builds' Quant mirrors: one per build and task list, created when the build's first step attaches a
 * task, closed when the build completes ({@link QuantMirrorRunListener}). Kept in memory only: after a controller
 * restart a resumed step attaches its task again, and the mirror finds the Quant task it had created.
 */
@Restricted(NoExternalUse.class)
public final class BuildQuantMirrors {

    /** How long the last states may still be written after the build; then the Jenkins log says what was not. */
    static final Duration CLOSE_GRACE = QuantMirror.DEFAULT_CLOSE_GRACE;

    /** Build id + task list -> the mirror, or empty when it could not be opened (said once on the console). */
    private static final Map<String, Optional<BuildQuantMirror>> OPEN = new ConcurrentHashMap<>();

    private BuildQuantMirrors() {}

    /**
     * The mirror of {@code run} to {@code quantTaskList} (null: {@code <job full name>#<build number>}); null when
     * mirroring is off or cannot start (no credential, a bad setting: said once on {@code console}, the build goes
     * on). Looks up the credential: call it on a Maia thread, not a CPS VM or request thread.
     */
    public static @CheckForNull BuildQuantMirror forBuild(Run<?, ?> run, @CheckForNull String quantTaskList,
            Consumer<String> console) {
        QuantMirrorSettings settings = MaiaController.quantMirrorSettings();
        if (!settings.enabled()) {
            return null;
        }
        String taskList = quantTaskList != null ? quantTaskList : run.getParent().getFullName() + "#" + run.getNumber();
        return OPEN.computeIfAbsent(run.getExternalizableId() + "\n" + taskList,
                k -> open(run, settings, taskList, console)).orElse(null);
    }

    private static Optional<BuildQuantMirror> open(Run<?, ?> run, QuantMirrorSettings settings, String taskList,
            Consumer<String> console) {
        ScheduledExecutorService threads = MaiaController.quantMirrorThreads();
        if (threads == null) {
            return Optional.empty(); // shutting down
        }
        QuantConnector.Connection connection;
        try {
            connection = QuantConnector.connect(run, settings);
        } catch (AbortException e) {
            console.accept("Quant mirror: off for this build: " + e.getMessage() + " (Manage Jenkins » System » Maia: "
                    + "mirror tasks to a Quant task board). The Maia tasks are not affected.");
            return Optional.empty();
        }
        BuildSecrets secrets = new BuildSecrets(connection.redactor());
        MirrorConsole mirrorConsole = new MirrorConsole(secrets, console);
        MirrorScheduler scheduler = new MirrorScheduler(threads);
        try {
            QuantMirror mirror = QuantMirror.builder()
                    .client(connection.client())
                    .taskListId(taskList)
                    .createdBy("jenkins")
                    .redactor(secrets)
                    .warnings(mirrorConsole)
                    .scheduler(scheduler)
                    .minUpdateInterval(minUpdateInterval())
                    .build();
            mirrorConsole.accept("Quant mirror: Maia tasks of this build go to task list " + taskList
                    + " (organisation " + settings.organisation() + " at " + connection.client().baseUrl() + ")");
            return Optional.of(new BuildQuantMirror(mirror, scheduler, mirrorConsole, secrets, buildUrl(run)));
        } catch (InvalidRequestException e) {
            console.accept("Quant mirror: off for this build: " + e.getMessage() + ". The Maia tasks are not affected.");
            return Optional.empty();
        }
    }

    /**
     * The build completed: says on its log, without waiting, which final states could not be written so far,
     * then lets the mirrors finish on their own threads for {@link #CLOSE_GRACE} (the Jenkins log gets what is
     * still not written then) and stops them. Called on the thread that completes the build: never waits.
     */
    static void buildEnded(Run<?, ?> run, TaskListener listener) {
        String prefix = run.getExternalizableId() + "\n";
        List<BuildQuantMirror> ending = new ArrayList<>();
        OPEN.keySet().removeIf(k -> {
            if (k.startsWith(prefix)) {
                Optional<BuildQuantMirror> m = OPEN.get(k);
                m.ifPresent(ending::add);
                return true;
            }
            return false;
        });
        for (BuildQuantMirror m : ending) {
            m.console().switchTo(listener.getLogger()::println);
            MirrorReport failing = m.failingNow();
            failing.lines().forEach(m.console());
            if (!failing.complete()) {
                m.console().accept("Quant mirror: the mirror keeps trying for " + CLOSE_GRACE.toSeconds() + " s after "
                        + "the build; the Jenkins log says which final states were still not written then.");
            }
            m.console().toJenkinsLog(run.getFullDisplayName());
            m.mirror().drain().copy().orTimeout(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((report, timedOut) -> {
                        MirrorReport last = report != null ? report : m.failingNow();
                        last.lines().forEach(m.console());
                        m.scheduler().shutdownNow();
                    });
        }
    }

    private static String buildUrl(Run<?, ?> run) {
        String root = MaiaController.jenkins().getRootUrl();
        return root == null ? run.getUrl() : root + run.getUrl();
    }

    /**
     * At most one write per task in this interval; 5 s ({@link QuantMirror#MIN_UPDATE_INTERVAL}) unless
     * {@code -Dio.jenkins.plugins.maia.agenttasks.quant.BuildQuantMirrors.minUpdateMillis=N} (tests, diagnosis).
     */
    static Duration minUpdateInterval() {
        long millis = SystemProperties.getLong(BuildQuantMirrors.class.getName() + ".minUpdateMillis", 0L);
        return millis > 0 ? Duration.ofMillis(millis) : QuantMirror.MIN_UPDATE_INTERVAL;
    }
}
