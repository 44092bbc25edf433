package io.jenkins.plugins.maia.agenttasks.archive;

import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.maia.follower.transcript.Transcripts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.util.BuildListenerAdapter;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Archives a task's transcript files as build artifacts under {@code maia/}, through the build's
 * {@link jenkins.model.ArtifactManager} (so external artifact storage works), copying from the controller
 * directory the transcript was written to; no workspace or agent is needed.
 */
@Restricted(NoExternalUse.class)
public final class TranscriptArchiver {

    /** The artifact folder of every Maia transcript. */
    public static final String ARTIFACT_DIR = "maia";

    private TranscriptArchiver() {}

    /** @return the artifact paths archived (relative to the build's artifacts), in jsonl, md, html order */
    public static List<String> archive(Run<?, ?> run, Transcripts files, TaskListener listener)
            throws IOException, InterruptedException {
        Path dir = files.jsonl().getParent();
        Map<String, String> artifacts = new LinkedHashMap<>();
        for (Path p : List.of(files.jsonl(), files.markdown(), files.html())) {
            Path name = p == null ? null : p.getFileName();
            // Only files written side by side in the task's directory are archived, by their bare names.
            if (name != null && dir != null && dir.equals(p.getParent()) && Files.isRegularFile(p)) {
                artifacts.put(ARTIFACT_DIR + "/" + name, name.toString());
            }
        }
        if (artifacts.isEmpty() || dir == null) {
            return List.of();
        }
        run.pickArtifactManager().archive(new FilePath(dir.toFile()), new Launcher.LocalLauncher(listener),
                BuildListenerAdapter.wrap(listener), artifacts);
        return new ArrayList<>(artifacts.keySet());
    }
}
