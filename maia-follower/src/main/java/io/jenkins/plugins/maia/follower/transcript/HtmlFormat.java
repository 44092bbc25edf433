package io.jenkins.plugins.maia.follower.transcript;

import io.jenkins.plugins.maia.follower.decision.DecisionView;
import io.jenkins.plugins.maia.follower.event.MessageText;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * A self-contained HTML page: inline CSS only, no script, no links, no external resources, and a
 * Content-Security-Policy that forbids anything else. Agent output is untrusted, so every string goes through
 * {@link #escape}: {@code & < > " '} become entities and control characters become U+FFFD.
 */
final class HtmlFormat implements TranscriptSink {

    private static final String CSS = "body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;"
            + "padding:0 1em;color:#222;background:#fff}h1{font-size:1.4em}"
            + ".e{margin:.8em 0;padding:.5em .8em;border-left:4px solid #ccc;background:#fafafa}"
            + ".agent{border-color:#3b7ddd}.user{border-color:#2e9e5b}.tool{border-color:#c98a1b}"
            + ".status,.decision{border-color:#888;background:#f3f3f3;font-size:.9em}"
            + ".error{border-color:#c62828;background:#fdf1f1}"
            + ".meta{color:#666;font-size:.8em;margin-bottom:.3em}"
            + ".text{white-space:pre-wrap;overflow-wrap:anywhere}"
            + "pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:0;font-size:.85em}"
            + ".asked{border-color:#b5469b;background:#fdf6fb}.asked p{margin:.3em 0}.q{margin:.5em 0 0 .5em}"
            + "ul{margin:.3em 0;padding-left:1.5em}"
            + ".pause{margin:1.5em 0;padding:.5em 1em;border:2px dashed #b5469b}.pause h2{font-size:1.1em}"
            + ".result{margin-top:2em;padding:1em;border:2px solid #444}";

    private final Writer out;

    HtmlFormat(Writer out) {
        this.out = out;
    }

    @Override
    public void header(String taskId) throws IOException {
        out.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
                + "'unsafe-inline'\">\n<meta name=\"referrer\" content=\"no-referrer\">\n<title>Maia task "
                + escape(taskId) + "</title>\n<style>" + CSS + "</style></head>\n<body>\n<h1>Maia task <code>"
                + escape(taskId) + "</code></h1>\n");
    }

    @Override
    public void event(long line, String time, MessageText text) throws IOException {
        String css;
        String who;
        boolean pre;
        switch (text.kind()) {
            case AGENT -> { css = "agent"; who = "Agent"; pre = false; }
            case USER -> { css = "user"; who = "User"; pre = false; }
            case TOOL_CALL -> { css = "tool"; who = "Tool call " + named(text); pre = true; }
            case TOOL_RESULT -> { css = "tool"; who = "Tool result " + named(text); pre = true; }
            case SYSTEM -> { css = "other"; who = "System"; pre = false; }
            case STATUS -> { css = "status"; who = "Server status"; pre = false; }
            case ERROR -> { css = "error"; who = "Error"; pre = false; }
            case RESULT -> { css = "agent"; who = "Agent, final summary"; pre = false; }
            default -> { css = "other"; who = "Event"; pre = true; }
        }
        String body = TranscriptSink.cut(text.text());
        out.write("<div class=\"e " + css + "\"><div class=\"meta\">" + escape(time) + (time.isEmpty() ? "" : " · ")
                + escape(who) + "</div>");
        out.write(pre ? "<pre>" + escape(body) + "</pre>" : "<div class=\"text\">" + escape(body) + "</div>");
        out.write("</div>\n");
    }

    @Override
    public void status(long line, String time, String status, List<DecisionView> pending, boolean shownAbove)
            throws IOException {
        out.write("<div class=\"e status\"><div class=\"meta\">" + escape(time) + "</div>Status: <b>"
                + escape(status) + "</b>");
        if (!pending.isEmpty()) {
            out.write(shownAbove ? " · still waiting for the same " + TranscriptSink.decisions(pending.size())
                    + " (above)" : " · waiting for " + TranscriptSink.decisions(pending.size()) + ":");
        }
        out.write("</div>\n");
        if (!shownAbove) {
            asked(pending);
        }
    }

    @Override
    public void decision(long line, String time, DecisionMade decision) throws IOException {
        out.write("<div class=\"e decision\"><div class=\"meta\">" + escape(time) + "</div>Decision on "
                + tool(decision.toolName(), decision.toolId()) + ": <b>" + decision.verdict().words() + "</b>");
        if (!decision.decidedBy().isEmpty()) {
            out.write(" by " + escape(decision.decidedBy()));
        }
        if (!decision.answers().isEmpty()) {
            out.write("<ul>");
            for (DecisionMade.Answer a : decision.answers()) {
                out.write("<li>question " + a.questionIndex() + (a.question().isEmpty() ? ""
                        : " (" + escape(a.question()) + ")") + ": <b>" + escape(String.join(", ", a.selected()))
                        + "</b></li>");
            }
            out.write("</ul>");
        }
        out.write("</div>\n");
    }

    @Override
    public void pause(long line, String time, List<DecisionView> waitingFor, boolean shownAbove, String detail)
            throws IOException {
        out.write("<div class=\"pause\"><h2>Paused: waiting for "
                + (waitingFor.isEmpty() ? "a decision" : TranscriptSink.decisions(waitingFor.size())) + "</h2>");
        if (!time.isEmpty()) {
            out.write("<div class=\"meta\">" + escape(time) + "</div>");
        }
        if (shownAbove) {
            out.write("<ul>");
            for (DecisionView v : waitingFor) {
                out.write("<li>" + tool(v.toolName(), v.toolId()) + ": " + escape(v.title()));
                for (DecisionView.Question q : v.questions()) {
                    out.write(" · question " + q.index() + ": " + escape(q.text()));
                }
                out.write("</li>");
            }
            out.write("</ul>\n");
        } else {
            out.write("\n");
            asked(waitingFor);
        }
        if (!detail.isEmpty()) {
            out.write("<p>" + escape(detail) + "</p>");
        }
        out.write("</div>\n");
    }

    @Override
    public void result(long line, String time, String outcome, String detail, String targetBranch)
            throws IOException {
        out.write("<div class=\"result\"><h2>Result: " + escape(outcome) + "</h2>");
        if (!detail.isEmpty()) {
            out.write("<p>" + escape(detail) + "</p>");
        }
        if (!targetBranch.isEmpty()) {
            out.write("<p>Target branch: <code>" + escape(targetBranch) + "</code></p>");
        }
        out.write("</div>\n");
    }

    @Override
    public void unreadable(long line) throws IOException {
        out.write("<div class=\"e other\">(line " + line + " of the .jsonl could not be read)</div>\n");
    }

    @Override
    public void footer(long events) throws IOException {
        out.write("<p class=\"meta\">" + events + " events.</p>\n</body></html>\n");
    }

    /** Everything a person is asked: tool, title, body, each question with its options, or the tool input. */
    private void asked(List<DecisionView> pending) throws IOException {
        for (DecisionView v : pending) {
            out.write("<div class=\"e asked\"><div class=\"meta\">Asked · " + tool(v.toolName(), v.toolId())
                    + "</div><p><b>" + escape(v.title()) + "</b></p>");
            if (!v.body().isBlank()) {
                out.write("<div class=\"text\">" + escape(TranscriptSink.cut(v.body())) + "</div>");
            }
            for (DecisionView.Question q : v.questions()) {
                out.write("<div class=\"q\"><p>Question " + q.index()
                        + (q.header().isBlank() ? "" : " · <i>" + escape(q.header()) + "</i>") + ": "
                        + escape(TranscriptSink.cut(q.text()))
                        + (q.multiSelect() ? " <span class=\"meta\">(several answers allowed)</span>" : "") + "</p>");
                if (!q.options().isEmpty()) {
                    out.write("<ul>");
                    for (int i = 0; i < q.options().size(); i++) {
                        String description = q.optionDescriptions().get(i);
                        out.write("<li><b>" + escape(q.options().get(i)) + "</b>"
                                + (description.isBlank() ? "" : " · " + escape(TranscriptSink.cut(description)))
                                + "</li>");
                    }
                    out.write("</ul>");
                }
                out.write("</div>");
            }
            if (v.questions().isEmpty() && !v.toolInput().isBlank()) {
                out.write("<div class=\"meta\">Tool input</div><pre>" + escape(TranscriptSink.cut(v.toolInput()))
                        + "</pre>");
            }
            out.write("</div>\n");
        }
    }

    /** {@code <code>git_push</code> (c9)}: the tool as code, its id as text. */
    private static String tool(String toolName, String toolId) {
        String name = toolName == null || toolName.isBlank() ? "(unnamed tool)" : "<code>" + escape(toolName)
                + "</code>";
        return toolId == null || toolId.isBlank() ? name : name + " (" + escape(toolId) + ")";
    }

    /** A tool call's or result's tool and id as plain text (escaped with the rest of its heading). */
    private static String named(MessageText text) {
        String name = text.toolName() == null ? "" : text.toolName();
        return text.toolId() == null || text.toolId().isBlank() ? name : name + " (" + text.toolId() + ")";
    }

    /** HTML-escapes untrusted text for element content and attribute values. */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> ((c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f)) ? "\uFFFD" : null;
            };
            if (rep != null && sb == null) {
                sb = new StringBuilder(s.length() + 32).append(s, 0, i);
            }
            if (sb != null) {
                if (rep != null) {
                    sb.append(rep);
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? s : sb.toString();
    }
}
