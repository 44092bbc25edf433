package io.jenkins.plugins.maia.client.auth;

/** A fixed bearer token (e.g. from {@code MAIA_TOKEN} or a Jenkins secret text credential). */
public final class StaticToken implements AccessTokenSource {
    // TODO(foundation issue): implementation pending.
    private StaticToken() {}

    public static StaticToken of(String token) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public String accessToken() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public void invalidate(String token) {}

    @Override
    public String identity() {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
