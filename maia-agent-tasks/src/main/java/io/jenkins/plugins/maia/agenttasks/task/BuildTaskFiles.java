package io.jenkins.plugins.maia.agenttasks.task;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.maia.follower.follow.FollowState;
import io.jenkins.plugins.maia.follower.transcript.Redactor;
import io.jenkins.plugins.maia.follower.transcript.TranscriptWriter;
import io.jenkins.plugins.maia.follower.transcript.Transcripts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The one owner of what a build keeps on the controller for one task, in {@code <build dir>/maia/<taskId>/}: the
 * paused follow a Jenkins input answers ({@code paused.json}), the follower's last state, so a later
 * {@code maiaAgentMessage} in the same build does not repeat old messages ({@code last-state.json}), and the
 * transcript being written. It lives and dies with the build, survives a controller restart, and needs no
 * workspace or agent. No secret is written here: the credential is named, the follow state holds none.
 */
@Restricted(NoExternalUse.class)
public final class BuildTaskFiles {

    /** A task id as the API issues them (a UUID); anything else is refused before it becomes a path. */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final String PAUSED = "paused.json";
    private static final String LAST_STATE = "last-state.json";

    private final Path dir;
    private final String taskId;

    private BuildTaskFiles(Path dir, String taskId) {
        this.dir = dir;
        this.taskId = taskId;
    }

    /** The files of {@code taskId} in {@code run}; a clear error if the id could not name a directory. */
    public static BuildTaskFiles of(Run<?, ?> run, String taskId) throws AbortException {
        return new BuildTaskFiles(run.getRootDir().toPath().resolve("maia").resolve(checkTaskId(taskId)), taskId);
    }

    /** {@code taskId} if it can name a directory; a clear error otherwise. */
    public static String checkTaskId(String taskId) throws AbortException {
        if (taskId == null || !SAFE_ID.matcher(taskId).matches() || taskId.contains("..")) {
            throw new AbortException("Maia: taskId '" + taskId + "' is not a task id. Pass the id a task was "
                    + "created with (result.taskId of maiaAgentTask, or MAIA_TASK_ID).");
        }
        return taskId;
    }

    public Path dir() {
        return dir;
    }

    /** Keeps the pause (atomically: a reader sees the old file or the new one, never half of one). */
    public void savePaused(PausedFollow paused) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, PAUSED, ".tmp");
        Files.writeString(tmp, JSON.writeValueAsString(paused), StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(PAUSED), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The pause this build keeps for the task; a clear error if it keeps none. */
    public PausedFollow loadPaused() throws IOException {
        Path file = dir.resolve(PAUSED);
        if (!Files.isRegularFile(file)) {
            throw new AbortException("Maia: this build has no task " + taskId + " waiting for a decision. The resume "
                    + "step only continues a task this build's maiaAgentTask or maiaAgentMessage paused; to continue "
                    + "another task, use maiaAgentMessage.");
        }
        return JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), PausedFollow.class);
    }

    /** Forgets the pause once its answers were handed over (a second resume must not answer again). */
    public void deletePaused() throws IOException {
        Files.deleteIfExists(dir.resolve(PAUSED));
    }

    public void saveLastState(FollowState state) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(LAST_STATE), state.encode(), StandardCharsets.UTF_8);
    }

    /** The state the last follow of this task in this build ended with; null when there was none or it is unreadable. */
    public @CheckForNull FollowState lastState() {
        try {
            Path file = dir.resolve(LAST_STATE);
            return Files.isRegularFile(file) ? FollowState.decode(Files.readString(file, StandardCharsets.UTF_8))
                    : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Opens (or continues) the task's transcript here. */
    public TranscriptWriter openTranscript(Redactor redactor) throws IOException {
        return TranscriptWriter.open(dir, taskId, redactor);
    }

    /** Renders the {@code .md} and {@code .html} from the {@code .jsonl} written so far (a follow without a result). */
    public Transcripts renderTranscript() throws IOException {
        return TranscriptWriter.render(dir, taskId);
    }
}
