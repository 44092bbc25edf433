package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.client.MaiaClient;
import io.jenkins.plugins.maia.client.Region;
import io.jenkins.plugins.maia.client.RetryPolicy;
import io.jenkins.plugins.maia.client.auth.AccessTokenSource;
import io.jenkins.plugins.maia.client.auth.ClientCredentialsTokenSource;
import io.jenkins.plugins.maia.client.auth.StaticToken;
import okhttp3.OkHttpClient;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Where the API is and who calls it: {@code --base-url} or {@code --region}, {@code --token-url}, and
 * credentials from the environment only (never from options, which end up in shell history and process
 * lists).
 */
public final class ConnectionOptions {

    public static final String MAIA_TOKEN = "MAIA_TOKEN";
    public static final String MAIA_CLIENT_ID = "MAIA_CLIENT_ID";
    public static final String MAIA_CLIENT_SECRET = "MAIA_CLIENT_SECRET";

    @ArgGroup(exclusive = true)
    Server server;

    static final class Server {
        @Option(names = "--base-url", paramLabel = "URL", required = true,
                description = "API server URL, e.g. https://eu1.api.matillion.com/dpc (paths are appended).")
        String baseUrl;

        @Option(names = "--region", paramLabel = "eu1|us1", required = true,
                description = "Shortcut for the region's base URL: eu1 or us1.")
        Region region;
    }

    @Option(names = "--token-url", paramLabel = "URL",
            description = "OAuth token endpoint for MAIA_CLIENT_ID/MAIA_CLIENT_SECRET (default: ${DEFAULT-VALUE}).",
            defaultValue = ClientCredentialsTokenSource.DEFAULT_TOKEN_URL)
    String tokenUrl;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "4",
            description = "Retries of a failed safe call (429, 5xx, connection) before giving up (default: ${DEFAULT-VALUE}).")
    int retries;

    /** True when the user named a server (so {@code --sandbox} can refuse the combination). */
    public boolean serverGiven() {
        return server != null;
    }

    /** True when {@code --token-url} was changed from its default. */
    public boolean tokenUrlGiven() {
        return !ClientCredentialsTokenSource.DEFAULT_TOKEN_URL.equals(tokenUrl);
    }

    /** Builds a client for the configured server with credentials from the environment. */
    public MaiaClient connect(CliContext ctx) {
        if (server == null) {
            throw new UsageException("Missing server: give --base-url URL or --region eu1|us1");
        }
        OkHttpClient http = ctx.http();
        AccessTokenSource credentials = credentials(ctx, http);
        return connect(ctx, server.baseUrl, server.region, credentials, http);
    }

    /** Builds a client for an explicit server and credentials (used by {@code --sandbox}). */
    public MaiaClient connect(CliContext ctx, String baseUrl, Region region, AccessTokenSource credentials, OkHttpClient http) {
        if (retries < 0 || retries > 20) {
            throw new UsageException("--retries must be between 0 and 20, was " + retries);
        }
        MaiaClient.Builder builder = MaiaClient.builder().tokenSource(credentials).httpClient(http).retryPolicy(retryPolicy());
        if (region != null) {
            builder.region(region);
            ctx.debug("server: " + region.baseUrl());
        } else {
            builder.baseUrl(baseUrl);
            ctx.debug("server: " + baseUrl);
        }
        return builder.build();
    }

    private RetryPolicy retryPolicy() {
        RetryPolicy d = RetryPolicy.defaults();
        return new RetryPolicy(retries + 1, d.initialBackoff(), d.maxBackoff(), d.maxRetryAfter());
    }

    /** MAIA_TOKEN, or MAIA_CLIENT_ID + MAIA_CLIENT_SECRET; both or neither is an error naming the variables. */
    AccessTokenSource credentials(CliContext ctx, OkHttpClient http) {
        Environment env = ctx.env();
        String token = env.get(MAIA_TOKEN);
        String clientId = env.get(MAIA_CLIENT_ID);
        String clientSecret = env.get(MAIA_CLIENT_SECRET);
        ctx.addSecret(token);
        ctx.addSecret(clientSecret);
        if (token != null && (clientId != null || clientSecret != null)) {
            throw new UsageException("Both " + MAIA_TOKEN + " and " + MAIA_CLIENT_ID + "/" + MAIA_CLIENT_SECRET
                    + " are set: unset one of them so it is clear which credentials to use");
        }
        if (token != null) {
            ctx.debug("credentials: bearer token from " + MAIA_TOKEN);
            return StaticToken.of(token);
        }
        if (clientId != null && clientSecret != null) {
            ctx.debug("credentials: OAuth client credentials, client id " + clientId + ", token URL " + tokenUrl);
            return ClientCredentialsTokenSource.create(http, tokenUrl, clientId, clientSecret);
        }
        if (clientId != null) {
            throw new UsageException(MAIA_CLIENT_ID + " is set but " + MAIA_CLIENT_SECRET + " is not: set both (OAuth client credentials)");
        }
        if (clientSecret != null) {
            throw new UsageException(MAIA_CLIENT_SECRET + " is set but " + MAIA_CLIENT_ID + " is not: set both (OAuth client credentials)");
        }
        throw new UsageException("No credentials: set " + MAIA_TOKEN + " (a bearer token) or " + MAIA_CLIENT_ID + " and "
                + MAIA_CLIENT_SECRET + " (OAuth client credentials) in the environment");
    }
}
