package io.jenkins.plugins.maia.agenttasks.connection;

import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.maia.client.InvalidRequestException;
import io.jenkins.plugins.maia.client.MaiaClient;
import io.jenkins.plugins.maia.agenttasks.settings.ConnectionSettings;
import io.jenkins.plugins.maia.agenttasks.credentials.MaiaCredentials;
import io.jenkins.plugins.maia.follower.transcript.Redactor;
import io.jenkins.plugins.okhttp.api.JenkinsOkHttpClient;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Builds the {@link MaiaClient} a run uses: the API address from the settings, the credential resolved for the
 * run, and an OkHttp client from the okhttp-api plugin that follows Jenkins' proxy configuration. All HTTP goes
 * through the client; this class only assembles it.
 */
@Restricted(NoExternalUse.class)
public final class MaiaConnector {

    /**
     * One connection pool and dispatcher for the controller; every client is a {@code newBuilder()} of it, which
     * shares them. Timeouts bound each call, because calls run on Jenkins' shared timer threads.
     */
    private static final OkHttpClient BASE = new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(10))
            .readTimeout(Duration.ofSeconds(30))
            .writeTimeout(Duration.ofSeconds(30))
            .callTimeout(Duration.ofSeconds(60))
            .build();

    private MaiaConnector() {}

    /** A client for {@code run}, plus a redactor that masks the credential's secrets in anything written. */
    public record Connection(MaiaClient client, Redactor redactor) {}

    public static Connection connect(Run<?, ?> run, ConnectionSettings settings) throws AbortException {
        String baseUrl = settings.resolveBaseUrl();
        String credentialsId = settings.requireCredentialsId();
        OkHttpClient http = JenkinsOkHttpClient.newClientBuilder(BASE).build();
        MaiaCredentials.Resolved credential = MaiaCredentials.resolve(run, credentialsId, baseUrl,
                settings.tokenUrl(), http);
        try {
            MaiaClient client = MaiaClient.builder()
                    .baseUrl(baseUrl)
                    .tokenSource(credential.tokens())
                    .httpClient(http)
                    .build();
            return new Connection(client, Redactor.of(credential.secrets()));
        } catch (InvalidRequestException e) {
            throw new AbortException("Maia: " + e.getMessage());
        }
    }
}
