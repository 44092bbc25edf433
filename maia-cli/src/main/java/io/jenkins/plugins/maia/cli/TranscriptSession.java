package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.client.MaiaException;
import io.jenkins.plugins.maia.follower.follow.FollowListener;
import io.jenkins.plugins.maia.follower.follow.FollowResult;
import io.jenkins.plugins.maia.follower.follow.FollowState;
import io.jenkins.plugins.maia.follower.transcript.Redactor;
import io.jenkins.plugins.maia.follower.transcript.TranscriptWriter;
import io.jenkins.plugins.maia.follower.transcript.Transcripts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.Optional;

/**
 * {@code --transcript DIR}: the follower's transcript files plus the follow state, saved next to them as
 * {@code maia-follow-<task>.state} each time it moves on. {@code maia watch ID --transcript DIR} continues from
 * that state, so the transcript goes on where it stopped, with no event written twice.
 */
final class TranscriptSession {

    private final Path dir;
    private final String taskId;
    private final TranscriptWriter writer;
    private boolean closed;

    private TranscriptSession(Path dir, String taskId, TranscriptWriter writer) {
        this.dir = dir;
        this.taskId = taskId;
        this.writer = writer;
    }

    /** Creates {@code dir} if needed and checks that files can be written there (before any call). */
    static void checkWritable(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException | RuntimeException e) {
            throw new UsageException("Cannot use --transcript " + dir + ": cannot create the directory (" + e.getMessage() + ")");
        }
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new UsageException("Cannot use --transcript " + dir + ": not a writable directory");
        }
    }

    static TranscriptSession open(Path dir, String taskId, Collection<String> secrets) {
        try {
            return new TranscriptSession(dir, taskId, TranscriptWriter.open(dir, taskId, Redactor.of(secrets)));
        } catch (IOException e) {
            throw new MaiaException("Cannot write the transcript in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The state saved by an earlier follow of {@code taskId} in {@code dir}, if any (and readable). */
    static Optional<FollowState> savedState(Path dir, String taskId) {
        if (dir == null) {
            return Optional.empty();
        }
        Path file = stateFile(dir, taskId);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            FollowState state = FollowState.decode(Files.readString(file, StandardCharsets.UTF_8));
            return state.taskId().equals(taskId) ? Optional.of(state) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            // A damaged state file only costs a re-read from the start; the transcript may then repeat events.
            return Optional.empty();
        }
    }

    static Path stateFile(Path dir, String taskId) {
        return dir.resolve("maia-follow-" + taskId + ".state");
    }

    /** Writes the transcript and saves the state as the follow moves on. */
    FollowListener listener() {
        return FollowListener.all(writer, new FollowListener() {
            @Override
            public void onStateChanged(FollowState state) {
                saveState(state);
            }
        });
    }

    /** Ends the transcript with the result and renders .md and .html. */
    Transcripts close(FollowResult result) {
        closed = true;
        saveState(result.state());
        try {
            return writer.close(result);
        } catch (IOException e) {
            throw new MaiaException("Cannot finish the transcript in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** After a failure: closes the .jsonl without a result and renders what there is. Null if that fails too. */
    Transcripts closeUnfinished() {
        closed = true;
        try {
            writer.close();
            return TranscriptWriter.render(dir, taskId);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    void closeQuietly() {
        if (!closed) {
            closed = true;
            try {
                writer.close();
            } catch (IOException e) {
                // nothing more to save
            }
        }
    }

    private void saveState(FollowState state) {
        Path file = stateFile(dir, taskId);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, state.encode(), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // Losing the state only means a later 'watch' re-reads from the start; not worth failing the follow.
        }
    }
}
