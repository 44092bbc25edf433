package io.jenkins.plugins.maia.follower.decision;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A tool name or a glob of tool names: {@code *} stands for any run of characters, {@code ?} for one; everything
 * else matches itself, case-sensitively, as the API's tool names do ({@code git_*} matches {@code git_push} and
 * {@code git_commit}; {@code *} matches every tool).
 *
 * @param text the name or glob as written
 */
public record ToolGlob(String text) {

    public ToolGlob {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new IllegalArgumentException("a tool name or glob must not be blank");
        }
        text = text.strip();
    }

    /** Whether {@code toolName} is this name or matches this glob; a decision without a tool name matches only {@code *}. */
    public boolean matches(String toolName) {
        if (toolName == null) {
            return text.equals("*");
        }
        return isName() ? text.equals(toolName) : regex().matcher(toolName).matches();
    }

    /** Whether it is a plain name, without {@code *} or {@code ?}. */
    public boolean isName() {
        return text.indexOf('*') < 0 && text.indexOf('?') < 0;
    }

    private Pattern regex() {
        StringBuilder sb = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    sb.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                sb.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            sb.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(sb.toString(), Pattern.DOTALL);
    }

    @Override
    public String toString() {
        return text;
    }
}
