package io.jenkins.plugins.maia.agenttasks.action;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Run;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
    /** Largest transcript shown inline; the archived files hold it all. */
    static final int MAX_INLINE_TRANSCRIPT_BYTES = 512 * 1024;

    private final List<TaskRecord> tasks = new ArrayList<>();
    private transient Run<?, ?> run;

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
        return "Maia agent tasks";
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

    public synchronized List<TaskRecord> getTasks() {
        List<TaskRecord> copy = new ArrayList<>();
        for (TaskRecord t : tasks) {
            copy.add(t.copy());
        }
        return copy;
    }

    /** A step started following {@code taskId}. */
    @Restricted(NoExternalUse.class)
    public void started(String taskId, String baseUrl) {
        synchronized (this) {
            TaskRecord t = find(taskId);
            if (t == null) {
                tasks.add(new TaskRecord(taskId, baseUrl));
            } else {
                t.outcome = null;
                t.detail = null;
            }
        }
        save();
    }

    /** The task's status changed (only saved when it did, to keep build.xml writes rare). */
    @Restricted(NoExternalUse.class)
    public void status(String taskId, String status, @CheckForNull String targetBranchName) {
        boolean changed;
        synchronized (this) {
            TaskRecord t = find(taskId);
            changed = t != null && (!status.equals(t.status)
                    || (targetBranchName != null && !targetBranchName.equals(t.targetBranchName)));
            if (changed) {
                t.status = status;
                if (targetBranchName != null) {
                    t.targetBranchName = targetBranchName;
                }
            }
        }
        if (changed) {
            save();
        }
    }

    /** A step's follow of {@code taskId} ended. */
    @Restricted(NoExternalUse.class)
    public void ended(String taskId, @CheckForNull String status, String outcome, String detail,
            @CheckForNull String targetBranchName, List<String> transcriptPaths) {
        synchronized (this) {
            TaskRecord t = find(taskId);
            if (t == null) {
                return;
            }
            if (status != null) {
                t.status = status;
            }
            t.outcome = outcome;
            t.detail = detail;
            if (targetBranchName != null) {
                t.targetBranchName = targetBranchName;
            }
            if (!transcriptPaths.isEmpty()) {
                t.transcriptPaths = new ArrayList<>(transcriptPaths);
            }
        }
        save();
    }

    /**
     * The Markdown transcript of {@code task} as archived, for the page (escaped there); null when there is
     * none or the viewer may not see artifacts.
     */
    @Restricted(NoExternalUse.class)
    public @CheckForNull String transcriptText(TaskRecord task) {
        if (run == null || !run.hasPermission(Run.ARTIFACTS)) {
            return null;
        }
        String md = task.markdownPath();
        if (md == null) {
            return null;
        }
        try {
            VirtualFile file = run.getArtifactManager().root();
            for (String part : md.split("/")) {
                file = file.child(part);
            }
            if (!file.isFile()) {
                return null;
            }
            try (InputStream in = file.open()) {
                byte[] bytes = in.readNBytes(MAX_INLINE_TRANSCRIPT_BYTES + 1);
                String text = new String(bytes, 0, Math.min(bytes.length, MAX_INLINE_TRANSCRIPT_BYTES),
                        StandardCharsets.UTF_8);
                return bytes.length > MAX_INLINE_TRANSCRIPT_BYTES
                        ? text + "\n\n... (cut here; open the archived transcript for the rest)" : text;
            }
        } catch (IOException e) {
            LOGGER.log(Level.FINE, "cannot read the Maia transcript of " + run, e);
            return null;
        }
    }

    private TaskRecord find(String taskId) {
        for (TaskRecord t : tasks) {
            if (t.taskId.equals(taskId)) {
                return t;
            }
        }
        return null;
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

    /** One task of the build, as shown on the page. */
    public static final class TaskRecord {
        private final String taskId;
        private final String baseUrl;
        private String status;
        private String outcome;
        private String detail;
        private String targetBranchName;
        private List<String> transcriptPaths = new ArrayList<>();

        TaskRecord(String taskId, String baseUrl) {
            this.taskId = taskId;
            this.baseUrl = baseUrl;
        }

        TaskRecord copy() {
            TaskRecord c = new TaskRecord(taskId, baseUrl);
            c.status = status;
            c.outcome = outcome;
            c.detail = detail;
            c.targetBranchName = targetBranchName;
            c.transcriptPaths = new ArrayList<>(transcriptPaths == null ? List.of() : transcriptPaths);
            return c;
        }

        public String getTaskId() {
            return taskId;
        }

        /** The task's API address (the API documents no web page per task). */
        public String getTaskUrl() {
            return baseUrl == null ? null : baseUrl + "/v1/ai/agents/tasks/" + taskId;
        }

        public String getStatus() {
            return status == null ? "starting" : status;
        }

        public @CheckForNull String getOutcome() {
            return outcome;
        }

        public @CheckForNull String getDetail() {
            return detail;
        }

        public @CheckForNull String getTargetBranchName() {
            return targetBranchName;
        }

        public List<String> getTranscriptPaths() {
            return transcriptPaths == null ? List.of() : List.copyOf(transcriptPaths);
        }

        @CheckForNull
        String markdownPath() {
            for (String p : getTranscriptPaths()) {
                if (p.endsWith(".md")) {
                    return p;
                }
            }
            return null;
        }
    }
}
