package io.jenkins.plugins.maia.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The OAuth2 client-credentials token endpoint ({@code POST /oauth/dpc/token}, form encoded: grant_type,
 * client_id, client_secret, audience; or the client credentials in HTTP Basic). Errors use RFC 6749's
 * {@code {"error", "error_description"}} shape, as token servers do, not problem+json.
 */
final class TokenEndpoint {

    static final String AUDIENCE = "https://api.matillion.com";

    private final AccessTokens tokens;
    private final String clientId;
    private final String clientSecret;
    private final Duration lifetime;

    TokenEndpoint(AccessTokens tokens, String clientId, String clientSecret, Duration lifetime) {
        this.tokens = tokens;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.lifetime = lifetime;
    }

    ApiResponse handle(ApiRequest request) {
        String contentType = request.header("content-type");
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT)
                .startsWith("application/x-www-form-urlencoded")) {
            return error(400, "invalid_request",
                    "send the token request as application/x-www-form-urlencoded");
        }
        Map<String, List<String>> form = ApiRequest.parseForm(request.bodyText());
        String grantType = first(form, "grant_type");
        String id = first(form, "client_id");
        String secret = first(form, "client_secret");
        String basic = request.header("authorization");
        if (basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded = decodeBasic(basic.substring(6).trim());
            int colon = decoded == null ? -1 : decoded.indexOf(':');
            if (colon > 0) {
                id = decoded.substring(0, colon);
                secret = decoded.substring(colon + 1);
            }
        }
        if (grantType == null) {
            return error(400, "invalid_request", "grant_type is required: send grant_type=client_credentials");
        }
        if (!grantType.equals("client_credentials")) {
            return error(400, "unsupported_grant_type", "only grant_type=client_credentials is supported");
        }
        if (id == null || secret == null) {
            return error(400, "invalid_request", "client_id and client_secret are required");
        }
        String audience = first(form, "audience");
        if (audience == null || !audience.equals(AUDIENCE)) {
            return error(400, "invalid_request", "audience must be " + AUDIENCE);
        }
        if (!same(id, clientId) || !same(secret, clientSecret)) {
            return error(401, "invalid_client", "unknown client or wrong client secret")
                    .withHeader("WWW-Authenticate", "Basic realm=\"maia-sandbox\"");
        }
        ObjectNode json = ApiResponse.JSON.createObjectNode();
        json.put("access_token", tokens.issue(lifetime));
        json.put("token_type", "Bearer");
        json.put("expires_in", Math.max(1, (lifetime.toMillis() + 999) / 1000));
        return ApiResponse.json(200, json).withHeader("Cache-Control", "no-store");
    }

    private static ApiResponse error(int status, String code, String description) {
        ObjectNode json = ApiResponse.JSON.createObjectNode();
        json.put("error", code);
        json.put("error_description", description);
        return ApiResponse.json(status, json).withHeader("Cache-Control", "no-store");
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() || values.get(0).isEmpty() ? null : values.get(0);
    }

    private static String decodeBasic(String encoded) {
        try {
            return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Constant-time comparison, as a credential check should be. */
    private static boolean same(String given, String expected) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
