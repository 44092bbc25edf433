package io.jenkins.plugins.maia.agenttasks.connection;

import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.maia.agenttasks.credentials.QuantCredentials;
import io.jenkins.plugins.maia.agenttasks.settings.QuantMirrorSettings;
import io.jenkins.plugins.maia.client.InvalidRequestException;
import io.jenkins.plugins.maia.follower.transcript.Redactor;
import io.jenkins.plugins.maia.quant.client.QuantClient;
import io.jenkins.plugins.okhttp.api.JenkinsOkHttpClient;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Builds the {@link QuantClient} a build's mirror uses: the configured URL and organisation, the token from the
 * configured Secret text credential, and an OkHttp client that follows Jenkins' proxy configuration. All HTTP to
 * Quant goes through that client (maia-quant); this class only assembles it.
 */
@Restricted(NoExternalUse.class)
public final class QuantConnector {

    /** One connection pool for the controller's Quant clients; each call is time-bounded. */
    private static final OkHttpClient BASE = new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(10))
            .readTimeout(Duration.ofSeconds(30))
            .writeTimeout(Duration.ofSeconds(30))
            .callTimeout(Duration.ofSeconds(60))
            .build();

    private QuantConnector() {}

    /** A client for {@code run}'s mirror, and a redactor that masks Quant's token in anything written. */
    public record Connection(QuantClient client, Redactor redactor) {}

    /** @throws AbortException naming the setting to fix: no credential, an empty one, or a bad URL or organisation */
    public static Connection connect(Run<?, ?> run, QuantMirrorSettings settings) throws AbortException {
        String credentialsId = settings.credentialsId();
        if (credentialsId == null || settings.organisation() == null) {
            throw new AbortException("Maia: the Quant mirror is off: set its organisation and credential under Manage "
                    + "Jenkins » System");
        }
        String token = QuantCredentials.token(run, credentialsId);
        try {
            QuantClient client = QuantClient.builder()
                    .baseUrl(settings.url())
                    .organisation(settings.organisation())
                    .token(token)
                    .httpClient(JenkinsOkHttpClient.newClientBuilder(BASE).build())
                    .build();
            return new Connection(client, Redactor.of(List.of(token)));
        } catch (InvalidRequestException e) {
            throw new AbortException(e.getMessage()); // names the field; the token is never part of it
        }
    }
}
