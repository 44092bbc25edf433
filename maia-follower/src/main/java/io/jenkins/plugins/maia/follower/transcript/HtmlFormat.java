package io.jenkins.plugins.maia.follower.transcript;

import io.jenkins.plugins.maia.follower.event.MessageText;
import java.io.IOException;
import java.io.Writer;

/**
 * A self-contained HTML page: inline CSS only, no script, no links, no external resources, and a
 * Content-Security-Policy that forbids anything else. Agent output is untrusted, so every string goes through
 * {@link #escape}: {@code & < > " '} become entities and control characters become U+FFFD.
 */
final class HtmlFormat implements TranscriptFormat {

    private static final String CSS = "body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;"
            + "padding:0 1em;color:#222;background:#fff}h1{font-size:1.4em}"
            + ".e{margin:.8em 0;padding:.5em .8em;border-left:4px solid #ccc;background:#fafafa}"
            + ".agent{border-color:#3b7ddd}.user{border-color:#2e9e5b}.tool{border-color:#c98a1b}"
            + ".status,.decision{border-color:#888;background:#f3f3f3;font-size:.9em}"
            + ".meta{color:#666;font-size:.8em;margin-bottom:.3em}"
            + ".text{white-space:pre-wrap;overflow-wrap:anywhere}"
            + "pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:0;font-size:.85em}"
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
    public void event(String time, MessageText text) throws IOException {
        String css;
        String who;
        boolean pre;
        switch (text.kind()) {
            case AGENT -> { css = "agent"; who = "Agent"; pre = false; }
            case USER -> { css = "user"; who = "User"; pre = false; }
            case TOOL_CALL -> { css = "tool"; who = "Tool call " + nullToEmpty(text.toolName()); pre = true; }
            case TOOL_RESULT -> { css = "tool"; who = "Tool result " + nullToEmpty(text.toolName()); pre = true; }
            default -> { css = "other"; who = "Event"; pre = true; }
        }
        String body = text.text();
        if (body.length() > MarkdownFormat.MAX_BLOCK_CHARS) {
            body = body.substring(0, MarkdownFormat.MAX_BLOCK_CHARS) + "\n... ("
                    + (body.length() - MarkdownFormat.MAX_BLOCK_CHARS) + " more characters in the .jsonl)";
        }
        out.write("<div class=\"e " + css + "\"><div class=\"meta\">" + escape(time) + (time.isEmpty() ? "" : " · ")
                + escape(who) + "</div>");
        out.write(pre ? "<pre>" + escape(body) + "</pre>" : "<div class=\"text\">" + escape(body) + "</div>");
        out.write("</div>\n");
    }

    @Override
    public void status(String time, String status, String pending) throws IOException {
        out.write("<div class=\"e status\"><div class=\"meta\">" + escape(time) + "</div>Status: <b>" + escape(status)
                + "</b>" + (pending.isEmpty() ? "" : " (waiting for: " + escape(pending) + ")") + "</div>\n");
    }

    @Override
    public void decision(String time, String toolName, String toolId, String what, String decidedBy)
            throws IOException {
        out.write("<div class=\"e decision\"><div class=\"meta\">" + escape(time) + "</div>Decision on <code>"
                + escape(toolName) + "</code> (" + escape(toolId) + "): <b>" + escape(what) + "</b> by "
                + escape(decidedBy) + "</div>\n");
    }

    @Override
    public void result(String time, String outcome, String detail, String targetBranch) throws IOException {
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
    public void unreadable(long lineNumber) throws IOException {
        out.write("<div class=\"e other\">(line " + lineNumber + " of the .jsonl could not be read)</div>\n");
    }

    @Override
    public void footer(long events) throws IOException {
        out.write("<p class=\"meta\">" + events + " events.</p>\n</body></html>\n");
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
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
