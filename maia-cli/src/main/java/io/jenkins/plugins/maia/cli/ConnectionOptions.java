package io.jenkins.plugins.maia.cli;

import io.jenkins.plugins.maia.client.InvalidRequestException;
import io.jenkins.plugins.maia.client.MaiaClient;
import io.jenkins.plugins.maia.client.Region;
import io.jenkins.plugins.maia.client.RetryPolicy;
import io.jenkins.plugins.maia.client.AccessTokenSource;
import io.jenkins.plugins.maia.client.auth.ClientCredentialsTokenSource;
import io.jenkins.plugins.maia.client.auth.StaticToken;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Where the API is and who calls it: {@code --base-url} or {@code --region}, {@code --token-url} (each with an
 * environment default, the option winning), and credentials from the environment only (never from options, which
 * end up in shell history and process lists).
 */
public final class ConnectionOptions {

    public static final String MAIA_TOKEN = "MAIA_TOKEN";
    public static final String MAIA_CLIENT_ID = "MAIA_CLIENT_ID";
    public static final String MAIA_CLIENT_SECRET = "MAIA_CLIENT_SECRET";
    public static final String MAIA_BASE_URL = "MAIA_BASE_URL";
    public static final String MAIA_REGION = "MAIA_REGION";
    public static final String MAIA_TOKEN_URL = "MAIA_TOKEN_URL";

    @ArgGroup(exclusive = true)
    Server server;

    static final class Server {
        @Option(names = "--base-url", paramLabel = "URL", required = true,
                description = "API server URL, e.g. https://eu1.api.matillion.com/dpc (paths are appended). "
                        + "Default: $MAIA_BASE_URL.")
        String baseUrl;

        @Option(names = "--region", paramLabel = "eu1|us1", required = true, completionCandidates = RegionNames.class,
                description = "Shortcut for the region's base URL: eu1 or us1. Default: $MAIA_REGION.")
        Region region;
    }

    /** Completion offers the region ids as they are typed. */
    static final class RegionNames extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        RegionNames() {
            super(Arrays.stream(Region.values()).map(Region::id).toList());
        }
    }

    @Option(names = "--token-url", paramLabel = "URL",
            description = "OAuth token endpoint for MAIA_CLIENT_ID/MAIA_CLIENT_SECRET (default: $MAIA_TOKEN_URL, else "
                    + ClientCredentialsTokenSource.DEFAULT_TOKEN_URL + ", which serves Matillion's servers only).")
    String tokenUrl;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "4",
            description = "Retries of a one-off call that fails in a way safe to repeat (429, 5xx, no connection): "
                    + "the create of run, the first read of watch, every task and tasks command (default: "
                    + "${DEFAULT-VALUE}). It does not bound the polls of run and watch: --give-up-after does.")
    int retries;

    /** The server and token URL this invocation used, for next steps that must work when pasted. */
    private final List<String> used = new ArrayList<>();

    /** True when the user named a server with an option (so {@code --sandbox} can refuse the combination). */
    public boolean serverGiven() {
        return server != null;
    }

    /** True when {@code --token-url} was given. */
    public boolean tokenUrlGiven() {
        return tokenUrl != null;
    }

    /**
     * The options that reach the same server again, e.g. {@code [--base-url, URL, --token-url, URL]} (empty before
     * {@link #connect}): every command printed as a next step carries them, so it works pasted into another shell.
     */
    public List<String> reconnectOptions() {
        return List.copyOf(used);
    }

    /** Builds a client for the configured server with credentials from the environment. */
    public MaiaClient connect(CliContext ctx) {
        Environment env = ctx.env();
        String baseUrl = server != null ? server.baseUrl : null;
        Region region = server != null ? server.region : null;
        if (server == null) {
            String envUrl = env.get(MAIA_BASE_URL);
            String envRegion = env.get(MAIA_REGION);
            if (envUrl != null && envRegion != null) {
                throw new UsageException("Both " + MAIA_BASE_URL + " and " + MAIA_REGION + " are set: unset one, or give "
                        + "--base-url or --region (an option wins over the environment)");
            }
            if (envUrl == null && envRegion == null) {
                throw new UsageException("Missing server: give --base-url URL or --region eu1|us1 (or set "
                        + MAIA_BASE_URL + " or " + MAIA_REGION + ")");
            }
            baseUrl = envUrl;
            region = envRegion == null ? null : regionFromEnvironment(envRegion);
            if (envUrl != null) {
                ctx.nameField("baseUrl", MAIA_BASE_URL);
            }
        }
        String effectiveTokenUrl = tokenUrl != null ? tokenUrl : env.get(MAIA_TOKEN_URL);
        if (tokenUrl == null && effectiveTokenUrl != null) {
            ctx.nameField("tokenUrl", MAIA_TOKEN_URL);
        }
        OkHttpClient http = ctx.http();
        AccessTokenSource credentials = credentials(ctx, http, region == null ? baseUrl : region.baseUrl(), effectiveTokenUrl);
        used.clear();
        used.addAll(region != null ? List.of("--region", region.id()) : List.of("--base-url", baseUrl));
        if (effectiveTokenUrl != null) {
            used.addAll(List.of("--token-url", effectiveTokenUrl));
        }
        return connect(ctx, baseUrl, region, credentials, http);
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
        if (used.isEmpty()) {
            used.addAll(List.of("--base-url", baseUrl));
        }
        return builder.build();
    }

    private static Region regionFromEnvironment(String value) {
        try {
            return Region.fromId(value);
        } catch (InvalidRequestException e) {
            throw new UsageException(MAIA_REGION + ": '" + TerminalText.oneLine(value, 40)
                    + "' is not a region; set it to eu1 or us1, or unset it and give --base-url");
        }
    }

    private RetryPolicy retryPolicy() {
        RetryPolicy d = RetryPolicy.defaults();
        return new RetryPolicy(retries + 1, d.initialBackoff(), d.maxBackoff(), d.maxRetryAfter());
    }

    /**
     * MAIA_TOKEN, or MAIA_CLIENT_ID + MAIA_CLIENT_SECRET; both or neither is an error naming the variables. Client
     * credentials for a server that is not Matillion's need a token URL: the default one would refuse them after
     * every retry, so that is an error naming {@code --token-url} before any call.
     */
    AccessTokenSource credentials(CliContext ctx, OkHttpClient http, String serverUrl, String effectiveTokenUrl) {
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
            if (effectiveTokenUrl == null && !isMatillion(serverUrl)) {
                throw new UsageException(MAIA_CLIENT_ID + "/" + MAIA_CLIENT_SECRET + " with the server " + serverUrl
                        + " need its token endpoint: give --token-url URL (or set " + MAIA_TOKEN_URL + "); the default, "
                        + ClientCredentialsTokenSource.DEFAULT_TOKEN_URL + ", issues tokens for Matillion's servers only");
            }
            String url = effectiveTokenUrl == null ? ClientCredentialsTokenSource.DEFAULT_TOKEN_URL : effectiveTokenUrl;
            ctx.debug("credentials: OAuth client credentials, client id " + clientId + ", token URL " + url);
            return ClientCredentialsTokenSource.create(http, url, clientId, clientSecret);
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

    /** True for Matillion's own hosts; an unparsable URL is left to the client, which names the option. */
    static boolean isMatillion(String serverUrl) {
        HttpUrl url = serverUrl == null ? null : HttpUrl.parse(serverUrl.strip());
        if (url == null) {
            return true;
        }
        String host = url.host().toLowerCase(Locale.ROOT);
        return host.equals("matillion.com") || host.endsWith(".matillion.com");
    }
}
