package io.jenkins.plugins.maia.client;

import java.io.IOException;

/**
 * Where the client gets its bearer token. Implementations (in {@code auth}): {@link io.jenkins.plugins.maia.client.auth.StaticToken} and
 * {@link io.jenkins.plugins.maia.client.auth.ClientCredentialsTokenSource}. Implementations never put the token in {@code toString()},
 * logs or exception messages.
 */
public interface AccessTokenSource {

    /**
     * A currently valid access token (may be cached). Transient failures (endpoint unreachable, 429, 5xx) are
     * reported as an {@link IOException} or a {@link io.jenkins.plugins.maia.client.MaiaTransportException}, which
     * the client retries like a connection failure; a refusal as another
     * {@link io.jenkins.plugins.maia.client.MaiaException}, which it does not.
     */
    String accessToken() throws IOException;

    /** The server refused {@code token} (401): forget it so the next {@link #accessToken()} gets a new one. */
    void invalidate(String token);

    /**
     * A stable, non-secret name for the account behind this source, used to share one rate budget among
     * all callers of the same account (e.g. the OAuth client id, or a short hash of a static token).
     */
    String identity();
}
