package io.jenkins.plugins.maia.follower.transcript;

import io.jenkins.plugins.maia.follower.event.MessageText;
import java.io.IOException;
import java.io.Writer;

/**
 * Markdown: who said what as block quotes, tool calls and results in code fences, decisions and status as
 * short bold lines. Agent text is untrusted and is shown as text, never as markup (see {@link #inline}): no
 * HTML, no link, no image, no emphasis and no list or heading comes from the agent. Fences are longer than any
 * run of backticks inside them, so the agent cannot close them.
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

    /**
     * Text outside code, on one line, shown literally by any Markdown viewer:
     * <ul>
     *   <li>{@code <} and {@code &} become entities (every Markdown flavour decodes those, not all honour a
     *       backslash before them), so no HTML tag or entity comes from the agent;</li>
     *   <li>{@code \ ` * _ { } [ ] |} get a backslash everywhere: without a literal {@code [} there is no link,
     *       image or reference definition ({@code [x](javascript:...)}, {@code ![x](http://tracker/)}), without
     *       {@code `}, {@code *} or {@code _} no code span or emphasis, without {@code |} no table cell, without
     *       braces no attribute list of the viewers that have them;</li>
     *   <li>at the start of the text, the block markers {@code # + - >} and a number followed by {@code .} or
     *       {@code )} are escaped, so the text cannot become a heading, a list or a nested quote.</li>
     * </ul>
     * Other punctuation ({@code ( ) ! . -} inside a line) stays as it is: it forms nothing without the characters
     * above, and the {@code .md} stays readable.
     */
    static String inline(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        int start = blockStart(s);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (i == start) {
                int digits = leadingDigits(s, i);
                if (digits > 0 && digits < 10 && i + digits < s.length()
                        && (s.charAt(i + digits) == '.' || s.charAt(i + digits) == ')')) {
                    // "1. text" or "1) text" would start an ordered list.
                    sb.append(s, i, i + digits).append('\\').append(s.charAt(i + digits));
                    i += digits;
                    continue;
                }
                if (c == '#' || c == '+' || c == '-') {
                    sb.append('\\').append(c);
                    continue;
                }
                if (c == '>') {
                    sb.append("&gt;");
                    continue;
                }
            }
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '&' -> sb.append("&amp;");
                case '\\', '`', '*', '_', '{', '}', '[', ']', '|' -> sb.append('\\').append(c);
                case '\n', '\r' -> sb.append(' ');
                default -> sb.append(isControl(c) ? '\uFFFD' : c);
            }
        }
        return sb.toString();
    }

    /** Index of the first character that is not a space or tab (where a block marker would be read). */
    private static int blockStart(String s) {
        int i = 0;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static int leadingDigits(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i - from;
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
