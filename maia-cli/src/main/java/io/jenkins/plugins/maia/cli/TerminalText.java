package io.jenkins.plugins.maia.cli;

/**
 * Agent text is untrusted: it could carry ANSI escape sequences or control characters that rewrite the
 * user's terminal. Everything that came from the server goes through {@link #clean} before it is printed.
 */
public final class TerminalText {
    private TerminalText() {}

    /** Keeps printable text, newlines and tabs; every other control character becomes U+FFFD. */
    public static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\t') {
                sb.append(c);
            } else if (c == '\r') {
                // Dropped: a bare CR would let text overwrite the line before it.
                continue;
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || (c >= '\u202A' && c <= '\u202E')
                    || (c >= '\u2066' && c <= '\u2069')) {
                sb.append('\uFFFD');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** {@link #clean} on one line: newlines become spaces, and the result is cut to {@code max} characters. */
    public static String oneLine(String text, int max) {
        String s = clean(text).replace('\n', ' ').replace('\t', ' ').strip();
        return s.length() <= max ? s : s.substring(0, Math.max(0, max - 1)) + "\u2026";
    }
}
