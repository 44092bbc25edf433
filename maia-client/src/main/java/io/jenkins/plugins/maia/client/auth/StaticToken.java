package io.jenkins.plugins.maia.client.auth;

import io.jenkins.plugins.maia.client.AccessTokenSource;
import io.jenkins.plugins.maia.client.internal.Violations;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A fixed bearer token (e.g. from {@code MAIA_TOKEN} or a Jenkins secret text credential). Surrounding
 * whitespace (a trailing newline from a file) and a leading {@code Bearer } are removed. A token expires
 * after 30 minutes at Matillion, so long jobs should use {@link ClientCredentialsTokenSource}.
 */
public final class StaticToken implements AccessTokenSource {
    private final String token;
    private final String identity;

    private StaticToken(String token) {
        this.token = token;
        this.identity = "token:" + sha256Hex(token).substring(0, 12);
    }

    /**
     * @throws io.jenkins.plugins.maia.client.InvalidRequestException naming {@code token} when it is blank or
     *     contains characters that cannot go into an HTTP header (the message never quotes the token)
     */
    public static StaticToken of(String token) {
        Violations v = new Violations();
        String t = token == null ? "" : token.strip();
        if (t.regionMatches(true, 0, "Bearer ", 0, 7)) {
            t = t.substring(7).strip();
        }
        if (t.isEmpty()) {
            v.add("token", "is missing; set the access token (for example in MAIA_TOKEN)");
        } else if (!t.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            v.add("token", "contains spaces or characters that cannot be sent in an HTTP header; copy the token again");
        }
        v.throwIfAny();
        return new StaticToken(t);
    }

    @Override
    public String accessToken() {
        return token;
    }

    /** Nothing to forget: a static token cannot be renewed. */
    @Override
    public void invalidate(String refused) {}

    /** {@code token:} and the first 12 hex digits of the token's SHA-256: stable, and reveals nothing useful. */
    @Override
    public String identity() {
        return identity;
    }

    @Override
    public String toString() {
        return "StaticToken[" + identity + ", token=****]";
    }

    static String sha256Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
