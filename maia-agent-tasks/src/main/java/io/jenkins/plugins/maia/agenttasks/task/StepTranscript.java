package io.jenkins.plugins.maia.agenttasks.task;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.maia.agenttasks.archive.TranscriptArchiver;
import io.jenkins.plugins.maia.follower.follow.FollowResult;
import io.jenkins.plugins.maia.follower.transcript.Redactor;
import io.jenkins.plugins.maia.follower.transcript.TranscriptWriter;
import io.jenkins.plugins.maia.follower.transcript.Transcripts;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * One step's transcript: opened when the follow starts, written by the follow (it is a listener), then closed and
 * archived with the build once, whichever thread gets there first (the follow's end, a failure, a shutdown).
 */
@Restricted(NoExternalUse.class)
final class StepTranscript {

    private static final Logger LOGGER = Logger.getLogger(StepTranscript.class.getName());
    private final AtomicReference<TranscriptWriter> writer = new AtomicReference<>();

    /** Opens the transcript of {@code taskId} in the build's directory; the writer listens to the follow. */
    TranscriptWriter open(Run<?, ?> run, String taskId, Redactor redactor) throws IOException {
        TranscriptWriter w = BuildTaskFiles.of(run, taskId).openTranscript(redactor);
        writer.set(w);
        return w;
    }

    /**
     * Closes and archives the transcript (rendered from the kept events when the follow gave no result); the
     * archived paths, none when there was no transcript or it could not be archived (said on the console).
     */
    List<String> finish(Run<?, ?> run, String taskId, @CheckForNull FollowResult result, TaskListener listener,
            Consumer<String> console) {
        TranscriptWriter w = writer.getAndSet(null);
        if (w == null) {
            return List.of();
        }
        try {
            Transcripts files;
            if (result != null) {
                files = w.close(result);
            } else {
                w.close();
                files = BuildTaskFiles.of(run, taskId).renderTranscript();
            }
            return TranscriptArchiver.archive(run, files, listener);
        } catch (IOException e) {
            console.accept("Maia: the transcript of task " + taskId + " could not be archived: " + e.getMessage());
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** Closes the transcript without archiving it (the step continues after a restart, or failed to start). */
    void closeQuietly() {
        TranscriptWriter w = writer.getAndSet(null);
        if (w != null) {
            try {
                w.close();
            } catch (IOException e) {
                LOGGER.log(Level.FINE, "closing a Maia transcript", e);
            }
        }
    }
}
