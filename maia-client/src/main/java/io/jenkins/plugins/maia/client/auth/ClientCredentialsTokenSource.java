package io.jenkins.plugins.maia.client.auth;

import okhttp3.OkHttpClient;

/**
 * OAuth2 client credentials: form POST of grant_type, client_id, client_secret and audience to the token
 * URL; the token is cached and refreshed before it expires (30 minutes unless {@code expires_in} says).
 */
public final class ClientCredentialsTokenSource implements AccessTokenSource {

    /** Matillion's token endpoint, the same for every region. */
    public static final String DEFAULT_TOKEN_URL = "https://id.core.matillion.com/oauth/dpc/token";
    /** The audience Matillion's own Terraform provider sends. */
    public static final String DEFAULT_AUDIENCE = "https://api.matillion.com";

    // TODO(foundation issue): implementation pending.
    private ClientCredentialsTokenSource() {}

    /** tokenUrl null = {@link #DEFAULT_TOKEN_URL}. */
    public static ClientCredentialsTokenSource create(OkHttpClient http, String tokenUrl, String clientId, String clientSecret) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public String accessToken() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public void invalidate(String token) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public String identity() {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
