package io.jenkins.plugins.maia.transcript;

import io.jenkins.plugins.maia.follow.MessageText;
import java.io.IOException;
import java.io.Writer;

/**
 * Markdown: who said what as block quotes, tool calls and results in code fences, decisions and status as
 * short bold lines. Agent text is untrusted: outside code fences {@code <} and {@code &} are written as entities
 * (a Markdown viewer that allows inline HTML gets no tags from the agent), and fences are longer than any run
 * of backticks inside them, so the agent cannot close them.
 */
final class MarkdownFormat implements TranscriptFormat {

    static final int MAX_BLOCK_CHARS = 4_000;

    private final Writer out;

    MarkdownFormat(Writer out) {
        this.out = out;
    }

    @Override
    public void header(String taskId) throws IOException {
        out.write("# Maia task " + inline(taskId) + "\n\n");
    }

    @Override
    public void event(String time, MessageText text) throws IOException {
        String when = time.isEmpty() ? "" : inline(time) + " · ";
        switch (text.kind()) {
            case AGENT -> quote(when + "**Agent**", text.text());
            case USER -> quote(when + "**User**", text.text());
            case TOOL_CALL -> fenced(when + "**Tool call** " + code(text.toolName()), text.text());
            case TOOL_RESULT -> fenced(when + "**Tool result** " + code(text.toolName()), text.text());
            case OTHER -> fenced(when + "*Event*", text.text());
        }
    }

    @Override
    public void status(String time, String status, String pending) throws IOException {
        out.write("*" + (time.isEmpty() ? "" : inline(time) + " · ") + "Status:* **" + inline(status) + "**");
        if (!pending.isEmpty()) {
            out.write(" (waiting for: " + inline(pending) + ")");
        }
        out.write("\n\n");
    }

    @Override
    public void decision(String time, String toolName, String toolId, String what, String decidedBy)
            throws IOException {
        out.write("*" + (time.isEmpty() ? "" : inline(time) + " · ") + "Decision:* " + code(toolName) + " ("
                + inline(toolId) + ") **" + inline(what) + "** by " + inline(decidedBy) + "\n\n");
    }

    @Override
    public void result(String time, String outcome, String detail, String targetBranch) throws IOException {
        out.write("---\n\n## Result: " + inline(outcome) + "\n\n");
        if (!detail.isEmpty()) {
            out.write(inline(detail) + "\n\n");
        }
        if (!targetBranch.isEmpty()) {
            out.write("Target branch: " + code(targetBranch) + "\n\n");
        }
    }

    @Override
    public void unreadable(long lineNumber) throws IOException {
        out.write("*(line " + lineNumber + " of the .jsonl could not be read)*\n\n");
    }

    @Override
    public void footer(long events) throws IOException {
        out.write("*" + events + " events.*\n");
    }

    private void quote(String who, String text) throws IOException {
        out.write(who + "\n\n");
        String body = cut(text);
        for (String line : body.split("\n", -1)) {
            out.write("> " + inline(line) + "\n");
        }
        out.write("\n");
    }

    private void fenced(String what, String text) throws IOException {
        out.write(what + "\n\n");
        if (text.isEmpty()) {
            return;
        }
        String body = neutralise(cut(text));
        String fence = "`".repeat(Math.max(3, longestBacktickRun(body) + 1));
        out.write(fence + "\n" + body + "\n" + fence + "\n\n");
    }

    private static String cut(String text) {
        return text.length() <= MAX_BLOCK_CHARS ? text
                : text.substring(0, MAX_BLOCK_CHARS) + "\n... (" + (text.length() - MAX_BLOCK_CHARS)
                        + " more characters in the .jsonl)";
    }

    private static String code(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        String ticks = "`".repeat(longestBacktickRun(s) + 1);
        return ticks + " " + neutralise(s.replace('\n', ' ')) + " " + ticks;
    }

    /** Text outside code: no HTML tags or entities from the agent, one line. */
    static String inline(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '&' -> sb.append("&amp;");
                case '\n', '\r' -> sb.append(' ');
                default -> sb.append(isControl(c) ? '\uFFFD' : c);
            }
        }
        return sb.toString();
    }

    private static boolean isControl(char c) {
        return (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f);
    }

    private static String neutralise(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(isControl(c) ? '\uFFFD' : c);
        }
        return sb.toString();
    }

    private static int longestBacktickRun(String s) {
        int best = 0;
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '`') {
                run++;
                best = Math.max(best, run);
            } else {
                run = 0;
            }
        }
        return best;
    }
}
