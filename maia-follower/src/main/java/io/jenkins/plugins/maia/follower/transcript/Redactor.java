package io.jenkins.plugins.maia.follower.transcript;

import io.jenkins.plugins.maia.follower.event.TextRedactor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from text before it is written anywhere: each given secret (tokens, client secrets), the
 * value of any {@code Authorization:} header, any {@code Bearer xyz} credential, and (in JSON) the values of
 * fields named like credentials ({@code authorization}, {@code access_token}, {@code client_secret},
 * {@code password}, ...). Each becomes {@value #MASK}.
 *
 * <p>Secrets shorter than {@value #MIN_SECRET_LENGTH} characters are ignored: masking every "a" would destroy
 * the transcript without protecting anything real. Immutable and thread-safe.
 */
public final class Redactor implements TextRedactor {

    public static final String MASK = "****";
    public static final int MIN_SECRET_LENGTH = 4;

    /**
     * A {@code Bearer} credential, but not the plain words that follow "bearer" in prose and protocol text ("a bearer
     * token", "Bearer realm=..."): masking those would make messages about credentials unreadable and protect nothing.
     */
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer)(\\s+)(?!(?:tokens?|credentials?|auth|"
            + "authentication|authorization|header|scheme|realm|value|string)[.,;:!?)]*(?![A-Za-z0-9\\-._~+/]))[A-Za-z0-9\\-._~+/]+=*");
    private static final Pattern AUTHORIZATION = Pattern.compile("(?i)\\b(authorization)(\\s*[:=]\\s*)[^\\r\\n\"]+");
    private static final Set<String> SECRET_FIELDS = Set.of("authorization", "proxy-authorization", "access_token",
            "accesstoken", "refresh_token", "id_token", "client_secret", "clientsecret", "password", "api_key",
            "apikey", "x-api-key", "secret", "token");

    private final List<String> secrets;

    private Redactor(List<String> secrets) {
        this.secrets = secrets;
    }

    /** Masks {@code secrets} (null and short entries ignored) plus Authorization and Bearer values. */
    public static Redactor of(Collection<String> secrets) {
        List<String> list = new ArrayList<>();
        if (secrets != null) {
            for (String s : secrets) {
                if (s != null && s.length() >= MIN_SECRET_LENGTH && !list.contains(s)) {
                    list.add(s);
                }
            }
        }
        // Longest first, so a secret containing another is masked whole.
        list.sort(Comparator.comparingInt(String::length).reversed());
        return new Redactor(List.copyOf(list));
    }

    /** Masks only Authorization and Bearer values. */
    public static Redactor headersOnly() {
        return new Redactor(List.of());
    }

    /** {@code text} with every secret masked; null stays null. */
    @Override
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : secrets) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        out = replace(AUTHORIZATION, out);
        out = replace(BEARER, out);
        return out;
    }

    /** Cheap test whether {@link #redact} could change {@code text}. */
    public boolean mayContainSecret(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        for (String secret : secrets) {
            if (text.contains(secret)) {
                return true;
            }
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("bearer") || lower.contains("authorization")) {
            return true;
        }
        for (String field : SECRET_FIELDS) {
            if (lower.contains(field)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a JSON field of this name holds a credential, so its whole value is masked. */
    public boolean isSecretField(String fieldName) {
        return fieldName != null && SECRET_FIELDS.contains(fieldName.toLowerCase(Locale.ROOT));
    }

    private static String replace(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        do {
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + m.group(2) + MASK));
        } while (m.find());
        m.appendTail(sb);
        return sb.toString();
    }

    @Override
    public String toString() {
        return "Redactor[" + secrets.size() + " secrets]"; // never the secrets themselves
    }
}
