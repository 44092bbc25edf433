package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.follower.transcript.Transcripts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * {@code --summary FILE}, or the file named by {@code GITHUB_STEP_SUMMARY} in a GitHub Actions job: a short Markdown
 * summary of the follow appended to it (outcome, branch, decisions, last agent message, error, transcripts). Text from
 * the agent is untrusted: it is masked by the caller and written so that it cannot become Markdown or HTML.
 */
final class StepSummary {

    static final String GITHUB_STEP_SUMMARY = "GITHUB_STEP_SUMMARY";

    /**
     * What the summary says.
     *
     * @param taskId      the task, or null when none was created
     * @param outcome     FINISHED, NEEDS_DECISION, ERRORED, TIMED_OUT, FAILED, ...
     * @param exitCode    the command's exit code
     * @param branch      the target branch, or null
     * @param decisions   the decisions taken, in words
     * @param lastMessage the agent's last message (masked), or null
     * @param error       what went wrong and what to do next (masked), or null
     * @param files       the transcripts, or null
     */
    record Facts(String taskId, String outcome, int exitCode, String branch, List<String> decisions,
            String lastMessage, String error, Transcripts files) {}

    private StepSummary() {}

    /** {@code --summary} if given, else {@code $GITHUB_STEP_SUMMARY}, else null (no summary). */
    static Path target(Path option, Environment env) {
        if (option != null) {
            return option;
        }
        String variable = env.get(GITHUB_STEP_SUMMARY);
        return variable == null ? null : Path.of(variable);
    }

    /** Appends the summary to {@code file}; a file that cannot be written costs a warning, never the result. */
    static void append(Path file, Facts facts, CliContext ctx) {
        try {
            Files.writeString(file, markdown(facts), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException e) {
            ctx.err().println("warning: cannot append the step summary to " + file + ": " + e.getMessage());
        }
    }

    static String markdown(Facts f) {
        StringBuilder md = new StringBuilder();
        md.append("### Maia task ").append(f.taskId() == null ? "(not created)" : code(f.taskId())).append(": ")
                .append(cell(f.outcome())).append(" (exit code ").append(f.exitCode()).append(")\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| Outcome | ").append(cell(f.outcome())).append(" |\n");
        md.append("| Branch | ").append(f.branch() == null ? "-" : code(f.branch())).append(" |\n");
        md.append("| Decisions | ").append(f.decisions().isEmpty() ? "none"
                : String.join("<br>", f.decisions().stream().map(StepSummary::cell).toList())).append(" |\n");
        if (f.error() != null && !f.error().isBlank()) {
            md.append("| Error | ").append(cell(f.error())).append(" |\n");
        }
        if (f.files() != null) {
            md.append("| Transcripts | ").append(code(f.files().markdown().toString())).append(", ")
                    .append(code(f.files().html().toString())).append(", ").append(code(f.files().jsonl().toString()))
                    .append(" |\n");
        }
        if (f.lastMessage() != null && !f.lastMessage().isBlank()) {
            md.append("\n**Last agent message**\n\n").append(fenced(f.lastMessage()));
        }
        return md.append('\n').toString();
    }

    /**
     * Text safe in a table cell: on one line, HTML special characters as entities (so nothing becomes a tag or a
     * link) and Markdown's special characters escaped.
     */
    static String cell(String text) {
        String s = TerminalText.oneLine(text, 2000);
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '|' -> sb.append("&#124;");
                // Brackets escaped, no link can form, so parentheses may stay; a cell never starts a line (no headings).
                case '\\', '`', '*', '_', '[', ']', '~' -> sb.append('\\').append(c);
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * A name or path as inline code; backticks inside would end it, so they become quotes, and a pipe is escaped as
     * GitHub's tables need even inside code.
     */
    private static String code(String text) {
        return "`" + TerminalText.oneLine(text, 500).replace('`', '\'').replace("|", "\\|") + "`";
    }

    /** A block of text as a fenced code block whose fence is longer than any run of backticks in it. */
    static String fenced(String text) {
        String body = TerminalText.clean(text);
        int longest = 0;
        int run = 0;
        for (char c : body.toCharArray()) {
            run = c == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(Math.max(3, longest + 1));
        return fence + "text\n" + body + (body.endsWith("\n") ? "" : "\n") + fence + "\n";
    }
}
