package io.jenkins.plugins.maia.follower.transcript;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Renders a transcript's .jsonl into .md and .html in one streaming pass: one line in memory at a time, so a
 * transcript of millions of events renders with flat memory. Each output is written to a temporary file and
 * moved into place, so a reader never sees half a page.
 */
final class TranscriptRenderer {

    private static final int BUFFER = 1 << 16;

    private TranscriptRenderer() {}

    static Transcripts render(Transcripts paths, String taskId) throws IOException {
        Path mdTmp = paths.markdown().resolveSibling(paths.markdown().getFileName() + ".tmp");
        Path htmlTmp = paths.html().resolveSibling(paths.html().getFileName() + ".tmp");
        try (BufferedReader in = Files.newBufferedReader(paths.jsonl(), StandardCharsets.UTF_8);
                Writer md = new BufferedWriter(Files.newBufferedWriter(mdTmp, StandardCharsets.UTF_8), BUFFER);
                Writer html = new BufferedWriter(Files.newBufferedWriter(htmlTmp, StandardCharsets.UTF_8), BUFFER)) {
            List<TranscriptSink> formats = List.of(new MarkdownFormat(md), new HtmlFormat(html));
            for (TranscriptSink f : formats) {
                f.header(taskId);
            }
            long events = TranscriptReader.read(in, formats);
            for (TranscriptSink f : formats) {
                f.footer(events);
            }
        }
        Files.move(mdTmp, paths.markdown(), StandardCopyOption.REPLACE_EXISTING);
        Files.move(htmlTmp, paths.html(), StandardCopyOption.REPLACE_EXISTING);
        return paths;
    }
}
