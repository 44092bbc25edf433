package io.jenkins.plugins.maia.client.internal;

import java.util.regex.Pattern;

/**
 * Turns whatever a server or proxy sent (an HTML error page, garbage, a huge body) into a short, single-line,
 * readable excerpt for an error message: scripts, styles and tags removed, common entities decoded,
 * whitespace collapsed, length capped.
 */
public final class TextExcerpt {
    /** Longest excerpt of a body that goes into a message. */
    public static final int MAX_EXCERPT = 200;

    private static final Pattern SCRIPT_OR_STYLE =
            Pattern.compile("(?is)<(script|style)\\b[^>]*>.*?</\\1\\s*>");
    private static final Pattern COMMENT = Pattern.compile("(?s)<!--.*?-->");
    private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");
    private static final Pattern SPACE = Pattern.compile("[\\s\\p{Cntrl}\\u00a0]+");

    private TextExcerpt() {}

    /** The readable text of {@code body}, tags stripped, at most {@link #MAX_EXCERPT} characters. */
    public static String of(String body) {
        if (body == null) {
            return "";
        }
        String text = body;
        if (looksLikeMarkup(text)) {
            text = SCRIPT_OR_STYLE.matcher(text).replaceAll(" ");
            text = COMMENT.matcher(text).replaceAll(" ");
            text = TAG.matcher(text).replaceAll(" ");
            text = text.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">")
                    .replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
        }
        return oneLine(text, MAX_EXCERPT);
    }

    /** One line, whitespace collapsed, at most {@code max} characters (an ellipsis marks a cut). */
    public static String oneLine(String text, int max) {
        String line = SPACE.matcher(text).replaceAll(" ").strip();
        if (line.length() > max) {
            line = line.substring(0, Math.max(0, max - 1)).stripTrailing() + "…";
        }
        return line;
    }

    private static boolean looksLikeMarkup(String text) {
        int lt = text.indexOf('<');
        return lt >= 0 && text.indexOf('>', lt) > lt;
    }
}
