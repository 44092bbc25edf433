package io.jenkins.plugins.maia.agenttasks.quant;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.maia.follower.event.TextRedactor;
import io.jenkins.plugins.maia.quant.mirror.MirrorEntry;
import io.jenkins.plugins.maia.quant.mirror.MirrorReport;
import io.jenkins.plugins.maia.quant.mirror.MirroredTask;
import io.jenkins.plugins.maia.quant.mirror.QuantMirror;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * One build's mirror to one Quant task list ({@link BuildQuantMirrors#forBuild}): the maia-quant
 * {@link QuantMirror} writing on the plugin's Quant threads, and the build's tasks on it by key (a graph task's id,
 * or the Maia task id). Every method returns at once; nothing here waits for Quant.
 *
 * <p>For a step that runs a task graph: {@link #declare} each graph task, dependencies first, before any of them
 * starts (they show as {@code pending}, with their dependencies); a {@code TaskRun} whose host gives a
 * {@link QuantPlacement} with the same key then moves that Quant task on; {@link #skipped} or {@link #aborted} for
 * graph tasks that never run.
 */
@Restricted(NoExternalUse.class)
public final class BuildQuantMirror {

    private final QuantMirror mirror;
    private final MirrorScheduler scheduler;
    private final MirrorConsole console;
    private final BuildSecrets secrets;
    private final String buildUrl;
    private final Map<String, MirroredTask> tasks = new LinkedHashMap<>(); // guarded by this
    /** A graph task's key by its Maia task id, so its resumed follow (which names no graph task) finds it. */
    private final Map<String, String> keysByMaiaTask = new LinkedHashMap<>(); // guarded by this

    BuildQuantMirror(QuantMirror mirror, MirrorScheduler scheduler, MirrorConsole console, BuildSecrets secrets,
            String buildUrl) {
        this.mirror = mirror;
        this.scheduler = scheduler;
        this.console = console;
        this.secrets = secrets;
        this.buildUrl = buildUrl;
    }

    public String taskListId() {
        return mirror.taskListId();
    }

    /** The build's absolute URL (relative when Jenkins' URL is not configured), as the tasks' metadata gives it. */
    public String buildUrl() {
        return buildUrl;
    }

    /**
     * A graph task that has not started: {@code pending} on the board, its {@code dependsOn} the Quant ids of the
     * graph tasks {@code dependsOn} names (declared before it). Declaring a key twice returns the first.
     *
     * @param whoMayAnswer who may answer its decisions, for a blocked reason ({@link #whoMayAnswer})
     * @throws io.jenkins.plugins.maia.client.InvalidRequestException when a dependency was not declared before
     */
    public synchronized MirroredTask declare(String key, String message, @CheckForNull String projectId,
            @CheckForNull String mode, @CheckForNull String targetBranchName, List<String> dependsOn,
            String whoMayAnswer) {
        MirroredTask known = tasks.get(key);
        if (known != null) {
            return known;
        }
        MirroredTask t = mirror.add(new MirrorEntry(key, message, projectId, mode, targetBranchName, buildUrl,
                dependsOn, whoMayAnswer));
        tasks.put(key, t);
        return t;
    }

    /** The task declared or attached under {@code key}, if any. */
    public synchronized @CheckForNull MirroredTask task(String key) {
        return tasks.get(key);
    }

    /** {@code cancelled}: the graph task never ran ({@code reason}: e.g. its dependency did not finish). */
    public void skipped(String key, String reason) {
        MirroredTask t = task(key);
        if (t != null) {
            t.skipped(reason);
        }
    }

    /** {@code cancelled}: the graph task was stopped with the run ({@code reason}: e.g. failFast, an abort). */
    public void aborted(String key, String reason) {
        MirroredTask t = task(key);
        if (t != null) {
            t.aborted(reason);
        }
    }

    /**
     * The Maia task of {@code request} was created or is followed again: its declared task moves to
     * {@code in_progress}, or a Quant task is added for it ({@code continuing}: one an earlier controller session
     * may have created is looked for first). {@code console} gets the mirror's warnings from now on.
     */
    synchronized MirroredTask attach(MirrorRequest request, TextRedactor maiaSecrets, Consumer<String> stepConsole) {
        secrets.add(maiaSecrets);
        console.switchTo(stepConsole);
        QuantPlacement placement = request.placement();
        String key = placement == null ? keysByMaiaTask.getOrDefault(request.maiaTaskId(), request.maiaTaskId())
                : placement.key();
        MirroredTask t = tasks.get(key);
        if (t == null) {
            List<String> dependsOn = placement == null ? List.of()
                    : placement.dependsOn().stream().filter(tasks::containsKey).toList();
            MirrorEntry entry = new MirrorEntry(key, request.message(), request.projectId(), request.mode(),
                    request.targetBranchName(), buildUrl, dependsOn, request.whoMayAnswer());
            t = request.continuing() ? mirror.addStarted(entry, request.maiaTaskId()) : mirror.add(entry);
            tasks.put(key, t);
        }
        t.started(request.maiaTaskId());
        keysByMaiaTask.put(request.maiaTaskId(), key);
        return t;
    }

    /** Who may answer a paused task's decisions, for its blocked reason on the board. */
    public static String whoMayAnswer(boolean asksInput, @CheckForNull String submitter) {
        if (!asksInput) {
            return "nobody in Jenkins (the step does not ask for input): answer in Maia, then continue the task "
                    + "with maiaAgentMessage";
        }
        return (submitter == null ? "anyone who may build the job" : "the step's submitter (" + submitter + ")")
                + ", on the build's Paused for Input page";
    }

    /** The build ended: what could not be written so far, without waiting (the build log closes now). */
    MirrorReport failingNow() {
        return mirror.failingNow();
    }

    QuantMirror mirror() {
        return mirror;
    }

    MirrorScheduler scheduler() {
        return scheduler;
    }

    MirrorConsole console() {
        return console;
    }
}
