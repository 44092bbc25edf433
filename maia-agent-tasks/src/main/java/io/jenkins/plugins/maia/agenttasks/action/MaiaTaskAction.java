package io.jenkins.plugins.maia.agenttasks.action;

import io.jenkins.plugins.maia.agenttasks.Messages;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Functions;
import hudson.model.Run;
import hudson.util.CopyOnWriteList;
import io.jenkins.plugins.maia.follower.transcript.TranscriptView;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.RunAction2;
import jenkins.util.VirtualFile;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * "Maia agent tasks" on a build's page: each task the build ran, its status, outcome and target branch, and its
 * transcript. Saved with the build; holds ids and status text only (the transcript itself is an artifact).
 * Agent text is shown through escape-by-default Jelly.
 */
public final class MaiaTaskAction implements RunAction2 {

    private static final Logger LOGGER = Logger.getLogger(MaiaTaskAction.class.getName());
    /** Most transcript entries shown on the page; the archived files hold them all. */
    static final int MAX_SHOWN_ENTRIES = 500;

    /** Replaced whole on every change (copy-on-write), so {@code build.xml} is written from a consistent list. */
    private final CopyOnWriteList<MaiaTaskRecord> tasks = new CopyOnWriteList<>();
    /** The build's {@code maiaAgentTasks} graphs; null in builds saved before there were any. */
    private volatile CopyOnWriteList<MaiaTaskGraph> graphs;
    private transient Run<?, ?> run;
    /**
     * Guards changes of {@link #graphs}: an object of its own (the action is handed to every caller), and static,
     * as XStream does not run field initialisers when it loads a build (graph changes are rare and short).
     */
    private static final Object GRAPH_LOCK = new Object();

    /** The build's action, added on first use. */
    @Restricted(NoExternalUse.class)
    public static MaiaTaskAction of(Run<?, ?> run) {
        synchronized (MaiaTaskAction.class) {
            MaiaTaskAction action = run.getAction(MaiaTaskAction.class);
            if (action == null) {
                action = new MaiaTaskAction();
                run.addAction(action);
            }
            return action;
        }
    }

    @Override
    public String getIconFileName() {
        return "symbol-document-text";
    }

    @Override
    public String getDisplayName() {
        return Messages.MaiaTaskAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return "maia";
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    public Run<?, ?> getRun() {
        return run;
    }

    public List<MaiaTaskRecord> getTasks() {
        return tasks.getView();
    }

    public List<MaiaTaskGraph> getGraphs() {
        CopyOnWriteList<MaiaTaskGraph> g = graphs;
        return g == null ? List.of() : g.getView();
    }

    /** The graph {@code graphId}, or null. */
    @Restricted(NoExternalUse.class)
    public @CheckForNull MaiaTaskGraph graph(String graphId) {
        return getGraphs().stream().filter(g -> g.getGraphId().equals(graphId)).findFirst().orElse(null);
    }

    /** Adds a graph under a new id of this build ({@code tasks-1}, {@code tasks-2}, ...); not saved yet. */
    @Restricted(NoExternalUse.class)
    public MaiaTaskGraph addGraph(java.util.function.Function<String, MaiaTaskGraph> make) {
        synchronized (GRAPH_LOCK) {
            List<MaiaTaskGraph> list = new ArrayList<>(getGraphs());
            MaiaTaskGraph graph = make.apply("tasks-" + (list.size() + 1));
            list.add(graph);
            replaceGraphs(list);
            return graph;
        }
    }

    /** Replaces the graph of the same id; not saved yet (see {@link #saveBuild()}). */
    @Restricted(NoExternalUse.class)
    public void graphChanged(MaiaTaskGraph changed) {
        synchronized (GRAPH_LOCK) {
            List<MaiaTaskGraph> list = new ArrayList<>(getGraphs());
            list.replaceAll(g -> g.getGraphId().equals(changed.getGraphId()) ? changed : g);
            replaceGraphs(list);
        }
    }

    private void replaceGraphs(List<MaiaTaskGraph> list) {
        CopyOnWriteList<MaiaTaskGraph> next = new CopyOnWriteList<>();
        next.replaceBy(list);
        graphs = next;
    }

    /** Writes {@code build.xml}; callers run it off the Pipeline's thread (it is disk I/O). */
    @Restricted(NoExternalUse.class)
    public void saveBuild() {
        save();
    }

    /** A step started (or resumed) following {@code taskId}. */
    @Restricted(NoExternalUse.class)
    public void started(String taskId, String baseUrl) {
        update(taskId, t -> t == null ? MaiaTaskRecord.started(taskId, baseUrl) : t.following(), true);
    }

    /** The task's status changed (saved only when it did, to keep build.xml writes rare). */
    @Restricted(NoExternalUse.class)
    public void status(String taskId, String status, @CheckForNull String targetBranchName) {
        update(taskId, t -> t == null ? null : t.withStatus(status, targetBranchName), false);
    }

    /** A decision of {@code taskId} was settled (by a rule or a person): {@code line} says what, how and by whom. */
    @Restricted(NoExternalUse.class)
    public void decided(String taskId, String line) {
        update(taskId, t -> t == null ? null : t.withDecision(line), true);
    }

    /** A step's follow of {@code taskId} ended. */
    @Restricted(NoExternalUse.class)
    public void ended(String taskId, @CheckForNull String status, String outcome, String detail,
            @CheckForNull String targetBranchName, List<String> transcriptPaths) {
        update(taskId, t -> t == null ? null : t.ended(status, outcome, detail, targetBranchName, transcriptPaths),
                true);
    }

    /**
     * Replaces the record of {@code taskId} with {@code change} applied to it (null when there is none yet; a null
     * result changes nothing), then saves the build if anything changed.
     */
    private void update(String taskId, UnaryOperator<MaiaTaskRecord> change, boolean alwaysSave) {
        boolean changed;
        synchronized (this) {
            List<MaiaTaskRecord> list = new ArrayList<>(tasks.getView());
            int i = indexOf(list, taskId);
            MaiaTaskRecord before = i < 0 ? null : list.get(i);
            MaiaTaskRecord after = change.apply(before);
            if (after == null) {
                return;
            }
            changed = before == null || alwaysSave || !Objects.equals(before.rawStatus(), after.rawStatus())
                    || !Objects.equals(before.getTargetBranchName(), after.getTargetBranchName());
            if (i < 0) {
                list.add(after);
            } else {
                list.set(i, after);
            }
            tasks.replaceBy(list);
        }
        if (changed) {
            save();
        }
    }

    private static int indexOf(List<MaiaTaskRecord> list, String taskId) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).getTaskId().equals(taskId)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The last {@value #MAX_SHOWN_ENTRIES} entries of {@code task}'s archived transcript, for the page (which escapes
     * every text); null when there is none or the viewer may not see artifacts. Read from the artifact, so it works
     * with external artifact managers, with flat memory whatever the transcript's size.
     */
    @Restricted(NoExternalUse.class)
    public @CheckForNull TranscriptView transcript(MaiaTaskRecord task) {
        // As Run.doArtifact: Run/Artifacts is checked only where that permission is switched on; otherwise whoever
        // sees the build sees its artifacts (MockAuthorizationStrategy's administrators did not see the conversation).
        if (run == null || Functions.isArtifactsPermissionEnabled() && !run.hasPermission(Run.ARTIFACTS)) {
            return null;
        }
        String jsonl = task.transcriptPath(".jsonl");
        if (jsonl == null) {
            return null;
        }
        try {
            VirtualFile file = run.getArtifactManager().root();
            for (String part : jsonl.split("/")) {
                file = file.child(part);
            }
            if (!file.isFile()) {
                return null;
            }
            try (InputStream in = file.open()) {
                return TranscriptView.read(in, MAX_SHOWN_ENTRIES);
            }
        } catch (IOException e) {
            LOGGER.log(Level.FINE, "cannot read the Maia transcript of a build", e);
            return null;
        }
    }

    private void save() {
        if (run == null) {
            return;
        }
        try {
            run.save();
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "cannot save " + run + " after a Maia status change", e);
        }
    }
}
