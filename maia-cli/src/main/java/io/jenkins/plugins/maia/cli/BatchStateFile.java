package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.follower.graph.GraphState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code --state FILE}: the batch's progress, written whole after each change (a temporary file moved into place, so
 * a crash leaves the old or the new one, never half of either). Re-running the same command with it continues the
 * batch. It holds task ids, times and follow positions, never a credential or a message.
 */
final class BatchStateFile {

    /** The default name, beside the transcripts or in the working directory. */
    static final String DEFAULT_NAME = ".maia-batch-state.json";

    private final Path file;
    private volatile String lastFailure;

    BatchStateFile(Path file) {
        this.file = file == null ? null : file.toAbsolutePath().normalize();
    }

    /** No state file: {@code --sandbox} without {@code --state} (its tasks end with the sandbox). */
    static BatchStateFile none() {
        return new BatchStateFile(null);
    }

    /** False for {@link #none()}. */
    boolean saves() {
        return file != null;
    }

    /** {@code --state}, else beside the transcripts, else in the working directory. */
    static BatchStateFile of(Path option, Path transcriptDir) {
        if (option != null) {
            return new BatchStateFile(option);
        }
        return new BatchStateFile(transcriptDir != null ? transcriptDir.resolve(DEFAULT_NAME) : Path.of(DEFAULT_NAME));
    }

    Path path() {
        return file;
    }

    /** Checks before any call that the state can be written; a clear error naming --state otherwise. */
    void checkWritable() {
        Path dir = file.getParent();
        if (Files.isDirectory(file) || dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new UsageException("Cannot use --state " + file + ": give a file in an existing, writable directory");
        }
    }

    /** The saved progress, or an empty one when there is no file yet. */
    GraphState load() {
        if (file == null || !Files.exists(file)) {
            return GraphState.empty();
        }
        try {
            return GraphState.decode(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageException("Cannot continue from --state " + file + ": " + e.getMessage()
                    + "; delete it to start the batch afresh (tasks already created are then created again)");
        }
    }

    /** Writes {@code state}; a failure is remembered for the end of the run, not thrown into the follow. */
    synchronized void save(GraphState state) {
        if (file == null) {
            return;
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, state.encode(), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            lastFailure = null;
        } catch (IOException e) {
            lastFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /** Why the last save failed, or null when it worked. */
    String lastFailure() {
        return lastFailure;
    }
}
