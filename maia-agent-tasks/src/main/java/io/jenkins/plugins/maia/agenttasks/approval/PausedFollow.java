package io.jenkins.plugins.maia.agenttasks.approval;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.maia.agenttasks.task.TaskFiles;
import io.jenkins.plugins.maia.agenttasks.task.TaskOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * A follow that ended with NEEDS_DECISION and waits for a Jenkins input: everything the resume step needs,
 * kept in the build's own directory ({@code <build dir>/maia/<taskId>/paused.json}) rather than passed through
 * the Pipeline script, so a script can only resume tasks this build paused and cannot alter their settings.
 * No secret in it (the credential is named, the follow state holds none).
 *
 * @param followState             the follower's {@code FollowState.encode()} text
 * @param pausedAtMillis          when the follow paused (epoch millis)
 * @param deadlineRemainingMillis time left until the step's deadline when it paused; null = no deadline. Time
 *                                spent waiting for a human does not count against the agent's timeout.
 * @param fields                  the input's parameters, to map the submitted values back
 */
@Restricted(NoExternalUse.class)
public record PausedFollow(String taskId, TaskOptions options, String followState, long pausedAtMillis,
        Long deadlineRemainingMillis, List<InputField> fields) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final String FILE = "paused.json";

    public PausedFollow {
        fields = new ArrayList<>(fields == null ? List.of() : fields);
    }

    public void save(Run<?, ?> run) throws IOException {
        Path dir = TaskFiles.taskDir(run, taskId);
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, FILE, ".tmp");
        Files.writeString(tmp, JSON.writeValueAsString(this), StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The paused follow of {@code taskId} in this build; a clear error if this build paused none. */
    public static PausedFollow load(Run<?, ?> run, String taskId) throws IOException {
        Path file = TaskFiles.taskDir(run, taskId).resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new AbortException("Maia: this build has no task " + taskId + " waiting for a decision. The resume "
                    + "step only continues a task this build's maiaAgentTask or maiaAgentMessage paused; to continue "
                    + "another task, use maiaAgentMessage.");
        }
        return JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), PausedFollow.class);
    }

    /** Forgets the pause once the answers were handed to a new follow (a second resume must not re-answer). */
    public static void delete(Run<?, ?> run, String taskId) throws IOException {
        Files.deleteIfExists(TaskFiles.taskDir(run, taskId).resolve(FILE));
    }
}
