package io.jenkins.plugins.maia.quant.client;

import java.util.regex.Pattern;

/**
 * What a server or proxy sent (an HTML error page, garbage, a huge body) as a short single line for a message:
 * scripts, styles and tags removed, whitespace collapsed, at most 200 characters.
 */
final class BodyExcerpt {
    static final int MAX = 200;

    private static final Pattern SCRIPT_OR_STYLE = Pattern.compile("(?is)<(script|style)\\b[^>]*>.*?</\\1\\s*>");
    private static final Pattern TAG = Pattern.compile("(?s)<!--.*?-->|<[^>]*>");
    private static final Pattern SPACE = Pattern.compile("[\\s\\p{Cntrl}\\u00a0]+");

    private BodyExcerpt() {}

    static String of(String body) {
        if (body == null) {
            return "";
        }
        String text = SCRIPT_OR_STYLE.matcher(body).replaceAll(" ");
        text = TAG.matcher(text).replaceAll(" ").replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&quot;", "\"").replace("&amp;", "&");
        return oneLine(text, MAX);
    }

    /** One line, whitespace collapsed, at most {@code max} characters (an ellipsis marks a cut). */
    static String oneLine(String text, int max) {
        String line = SPACE.matcher(text == null ? "" : text).replaceAll(" ").strip();
        return line.length() > max ? line.substring(0, Math.max(0, max - 1)).stripTrailing() + "…" : line;
    }
}
