package io.jenkins.plugins.maia.follower.transcript;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The last entries of a transcript, for a page (the Jenkins build page) that renders them itself: read from the
 * {@code .jsonl} by streaming it, one line in memory at a time, keeping at most {@code maxEntries} entries (the
 * latest, in file order), so a transcript of millions of events costs no more than {@code maxEntries} entries.
 *
 * <p>Entry texts are whole and NOT escaped (see {@link TranscriptEntry}): the page escapes them. What a person was
 * asked is shown in full where the task first asks it; its tool input is pretty-printed and cut at
 * {@value io.jenkins.plugins.maia.follower.decision.DecisionView#MAX_TOOL_INPUT_CHARS} characters (the .jsonl has
 * it whole). A status that repeats decisions already shown says so in a line.
 *
 * @param entries the last entries, oldest first; immutable
 * @param omitted how many earlier entries were left out to keep to {@code maxEntries}
 * @param events  how many events (lines from the API) the whole transcript holds
 */
public record TranscriptView(List<TranscriptEntry> entries, long omitted, long events) {

    public TranscriptView {
        entries = List.copyOf(entries);
        if (omitted < 0 || events < 0) {
            throw new IllegalArgumentException("omitted and events must not be negative, were " + omitted + " and "
                    + events);
        }
    }

    /**
     * Reads the transcript {@code jsonl} ({@code maia-transcript-<taskId>.jsonl}, see
     * {@link TranscriptWriter#paths}), keeping its last {@code maxEntries} entries. Safe while a follow still
     * writes it: it shows what was written so far.
     *
     * @throws IOException              if the file does not exist or cannot be read
     * @throws IllegalArgumentException if {@code maxEntries} is less than 1
     */
    public static TranscriptView read(Path jsonl, int maxEntries) throws IOException {
        Objects.requireNonNull(jsonl, "jsonl");
        requirePositive(maxEntries);
        if (!Files.isRegularFile(jsonl)) {
            throw new IOException("No transcript " + jsonl + " to read; it is written while a task is followed "
                    + "with a TranscriptWriter (maia-transcript-<taskId>.jsonl)");
        }
        try (InputStream in = Files.newInputStream(jsonl)) {
            return read(in, maxEntries);
        }
    }

    /**
     * Reads a transcript's {@code .jsonl} from {@code jsonl} (e.g. an archived artifact), keeping its last
     * {@code maxEntries} entries. The stream is read to its end and not closed. Bytes that are not UTF-8 are
     * replaced, never an error.
     *
     * @throws IllegalArgumentException if {@code maxEntries} is less than 1
     */
    public static TranscriptView read(InputStream jsonl, int maxEntries) throws IOException {
        Objects.requireNonNull(jsonl, "jsonl");
        requirePositive(maxEntries);
        EntryCollector collector = new EntryCollector(maxEntries);
        // Not closed here: closing the reader would close the caller's stream.
        BufferedReader in = new BufferedReader(new InputStreamReader(jsonl, StandardCharsets.UTF_8), 1 << 16);
        long events = TranscriptReader.read(in, List.of(collector));
        return new TranscriptView(collector.entries(), collector.omitted(), events);
    }

    /** Whether earlier entries were left out (see {@link #omitted()}). */
    public boolean cut() {
        return omitted > 0;
    }

    private static void requirePositive(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be 1 or more (how many of the last entries to "
                    + "keep), was " + maxEntries);
        }
    }
}
