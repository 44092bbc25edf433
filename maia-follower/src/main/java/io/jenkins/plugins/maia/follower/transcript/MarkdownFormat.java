package io.jenkins.plugins.maia.follower.transcript;

import io.jenkins.plugins.maia.follower.decision.DecisionView;
import io.jenkins.plugins.maia.follower.event.MessageText;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Markdown: who said what as block quotes, tool calls and results in code fences, decisions and status as short
 * lines. What the agent asked (tool, title, body, each question with its options, or the tool input) follows the
 * status that asks it; a pause for a person is a section of its own, never a result. Agent text is untrusted and
 * is shown as text, never as markup (see {@link #inline}): no HTML, no link, no image, no emphasis and no list or
 * heading comes from the agent. Fences are longer than any run of backticks inside them, so the agent cannot close
 * them.
 */
final class MarkdownFormat implements TranscriptSink {

    private final Writer out;

    MarkdownFormat(Writer out) {
        this.out = out;
    }

    @Override
    public void header(String taskId) throws IOException {
        out.write("# Maia task " + inline(taskId) + "\n\n");
    }

    @Override
    public void event(long line, String time, MessageText text) throws IOException {
        String when = when(time);
        switch (text.kind()) {
            case AGENT -> quote(when + "**Agent**", text.text());
            case USER -> quote(when + "**User**", text.text());
            case TOOL_CALL -> fenced(when + "**Tool call** " + named(text), text.text());
            case TOOL_RESULT -> fenced(when + "**Tool result** " + named(text), text.text());
            case SYSTEM -> quote(when + "*System*", text.text());
            case STATUS -> out.write("*" + when + "Server status:* " + inline(text.text()) + "\n\n");
            case ERROR -> quote(when + "**Error**", text.text());
            case RESULT -> quote(when + "**Agent, final summary**", text.text());
            case OTHER -> fenced(when + "*Event*", text.text());
        }
    }

    @Override
    public void status(long line, String time, String status, List<DecisionView> pending, boolean shownAbove)
            throws IOException {
        out.write("*" + when(time) + "Status:* **" + inline(status) + "**");
        if (pending.isEmpty()) {
            out.write("\n\n");
        } else if (shownAbove) {
            out.write(" · still waiting for the same " + TranscriptSink.decisions(pending.size()) + " (above)\n\n");
        } else {
            out.write(" · waiting for " + TranscriptSink.decisions(pending.size()) + ":\n\n");
            asked(pending);
        }
    }

    @Override
    public void decision(long line, String time, DecisionMade decision) throws IOException {
        out.write("*" + when(time) + "Decision:* " + tool(decision.toolName(), decision.toolId()) + " **"
                + decision.verdict().words() + "**");
        if (!decision.decidedBy().isEmpty()) {
            out.write(" by " + inline(decision.decidedBy()));
        }
        if (decision.answers().isEmpty()) {
            out.write("\n\n");
            return;
        }
        out.write(":\n\n");
        for (DecisionMade.Answer a : decision.answers()) {
            out.write("- question " + a.questionIndex() + (a.question().isEmpty() ? "" : " (" + inline(a.question())
                    + ")") + ": " + bold(String.join(", ", a.selected())) + "\n");
        }
        out.write("\n");
    }

    @Override
    public void pause(long line, String time, List<DecisionView> waitingFor, boolean shownAbove, String detail)
            throws IOException {
        out.write("---\n\n## Paused: waiting for "
                + (waitingFor.isEmpty() ? "a decision" : TranscriptSink.decisions(waitingFor.size())) + "\n\n");
        if (!time.isEmpty()) {
            out.write("*" + inline(time) + "*\n\n");
        }
        if (shownAbove) {
            for (DecisionView v : waitingFor) {
                out.write("- " + tool(v.toolName(), v.toolId()) + ": " + inline(v.title()));
                for (DecisionView.Question q : v.questions()) {
                    out.write(" · question " + q.index() + ": " + inline(q.text()));
                }
                out.write("\n");
            }
            out.write(waitingFor.isEmpty() ? "" : "\n");
        } else {
            asked(waitingFor);
        }
        if (!detail.isEmpty()) {
            out.write(inline(detail) + "\n\n");
        }
    }

    @Override
    public void result(long line, String time, String outcome, String detail, String targetBranch)
            throws IOException {
        out.write("---\n\n## Result: " + inline(outcome) + "\n\n");
        if (!detail.isEmpty()) {
            out.write(inline(detail) + "\n\n");
        }
        if (!targetBranch.isEmpty()) {
            out.write("Target branch: " + code(targetBranch) + "\n\n");
        }
    }

    @Override
    public void unreadable(long line) throws IOException {
        out.write("*(line " + line + " of the .jsonl could not be read)*\n\n");
    }

    @Override
    public void footer(long events) throws IOException {
        out.write("*" + events + " events.*\n");
    }

    /** Everything a person is asked: tool, title, body, each question with its options, or the tool input. */
    private void asked(List<DecisionView> pending) throws IOException {
        for (DecisionView v : pending) {
            out.write("**Asked:** " + tool(v.toolName(), v.toolId()) + " · " + bold(v.title()) + "\n\n");
            if (!v.body().isBlank()) {
                quoteLines(v.body());
            }
            for (DecisionView.Question q : v.questions()) {
                out.write("Question " + q.index() + (q.header().isBlank() ? "" : " · " + inline(q.header())) + ": "
                        + inline(q.text()) + (q.multiSelect() ? " *(several answers allowed)*" : "") + "\n\n");
                for (int i = 0; i < q.options().size(); i++) {
                    String description = q.optionDescriptions().get(i);
                    out.write("- " + bold(q.options().get(i))
                            + (description.isBlank() ? "" : ": " + inline(description)) + "\n");
                }
                out.write(q.options().isEmpty() ? "" : "\n");
            }
            if (v.questions().isEmpty() && !v.toolInput().isBlank()) {
                fenced("Tool input:", v.toolInput());
            }
        }
    }

    private void quote(String who, String text) throws IOException {
        out.write(who + "\n\n");
        quoteLines(text);
    }

    private void quoteLines(String text) throws IOException {
        for (String line : TranscriptSink.cut(text).split("\n", -1)) {
            out.write("> " + inline(line) + "\n");
        }
        out.write("\n");
    }

    private void fenced(String what, String text) throws IOException {
        out.write(what + "\n\n");
        if (text.isEmpty()) {
            return;
        }
        String body = neutralise(TranscriptSink.cut(text));
        String fence = "`".repeat(Math.max(3, longestBacktickRun(body) + 1));
        out.write(fence + "\n" + body + "\n" + fence + "\n\n");
    }

    private static String when(String time) {
        return time.isEmpty() ? "" : inline(time) + " · ";
    }

    /** A tool call's or result's tool as code and its id as text, each when the event says. */
    private static String named(MessageText text) {
        String name = text.toolName() == null || text.toolName().isBlank() ? "" : code(text.toolName());
        String id = text.toolId() == null || text.toolId().isBlank() ? "" : "(" + inline(text.toolId()) + ")";
        return name.isEmpty() || id.isEmpty() ? name + id : name + " " + id;
    }

    /** {@code `git_push` (c9)}: the tool as code, its id as text. */
    private static String tool(String toolName, String toolId) {
        String name = toolName == null || toolName.isBlank() ? "(unnamed tool)" : code(toolName);
        return toolId == null || toolId.isBlank() ? name : name + " (" + inline(toolId) + ")";
    }

    /** Agent text in bold; blank text shows as {@code (empty)} rather than a stray {@code ****}. */
    private static String bold(String s) {
        String text = s == null ? "" : s.strip();
        return text.isEmpty() ? "(empty)" : "**" + inline(text) + "**";
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
