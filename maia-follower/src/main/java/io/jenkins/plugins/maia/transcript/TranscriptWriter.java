package io.jenkins.plugins.maia.transcript;

import io.jenkins.plugins.maia.client.model.Decision;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskEvent;
import io.jenkins.plugins.maia.follow.FollowListener;
import io.jenkins.plugins.maia.follow.FollowResult;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Streams a followed task to {@code maia-transcript-<taskId>.jsonl}: every event exactly as received (redacted),
 * one JSON object per line, plus decisions, status changes and the final result as extra lines marked with a
 * {@code "maia"} field ({@code {"maia":"decision",...}}), so the raw event lines stay untouched. The file is
 * opened in append mode, so a resumed follow continues it. {@link #close(FollowResult)} (or {@link #render})
 * writes {@code .md} and {@code .html} by streaming the {@code .jsonl}, with flat memory.
 */
public final class TranscriptWriter implements FollowListener, Closeable {

    private TranscriptWriter() {}

    /** Opens (appending) the transcript of {@code taskId} in {@code dir}, creating the directory if needed. */
    public static TranscriptWriter open(Path dir, String taskId, Redactor redactor) throws IOException {
        throw new UnsupportedOperationException("being implemented");
    }

    /** Renders {@code .md} and {@code .html} from an existing {@code .jsonl} in {@code dir}. */
    public static Transcripts render(Path dir, String taskId) throws IOException {
        throw new UnsupportedOperationException("being implemented");
    }

    /** The file names used for {@code taskId} in {@code dir}. */
    public static Transcripts paths(Path dir, String taskId) {
        throw new UnsupportedOperationException("being implemented");
    }

    @Override
    public void onEvent(TaskEvent event) {}

    @Override
    public void onStatus(Task task) {}

    @Override
    public void onDecision(PendingDecision pending, Decision decision, String decidedBy) {}

    /** Writes the final result line, closes the .jsonl and renders .md and .html. */
    public Transcripts close(FollowResult result) throws IOException {
        throw new UnsupportedOperationException("being implemented");
    }

    /** Closes the .jsonl without a result line (the follow may be resumed later). */
    @Override
    public void close() throws IOException {}
}
