package io.jenkins.plugins.maia.client.internal;

import java.util.regex.Pattern;

/**
 * Last line of defence for messages built from server text: a proxy or token endpoint may echo the request,
 * so every known secret and any {@code Bearer ...} value is masked before the text reaches an exception.
 */
public final class Redaction {
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9\\-._~+/=]+");
    private static final String MASK = "****";

    private Redaction() {}

    public static String redact(String text, String... secrets) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 4) {
                out = out.replace(secret, MASK);
            }
        }
        return BEARER.matcher(out).replaceAll("$1" + MASK);
    }
}
