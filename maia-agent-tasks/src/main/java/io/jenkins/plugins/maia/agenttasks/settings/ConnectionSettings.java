package io.jenkins.plugins.maia.agenttasks.settings;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.Util;
import io.jenkins.plugins.maia.client.Region;
import java.io.Serializable;
import java.util.Locale;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Where a run talks to and with which credential: the global defaults overridden by the job's own options.
 * Holds only names and URLs, never a secret, so it may be kept in a running step's saved state.
 */
@Restricted(NoExternalUse.class)
public record ConnectionSettings(String region, String baseUrl, String tokenUrl, String credentialsId)
        implements Serializable {

    public ConnectionSettings {
        region = Util.fixEmptyAndTrim(region);
        baseUrl = Util.fixEmptyAndTrim(baseUrl);
        tokenUrl = Util.fixEmptyAndTrim(tokenUrl);
        credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    /**
     * These defaults with a job's own values on top. A job that sets either {@code region} or {@code baseUrl}
     * replaces both defaults, so a job-level region is not silently overridden by a global base URL.
     */
    public ConnectionSettings overriddenBy(@CheckForNull String jobRegion, @CheckForNull String jobBaseUrl,
            @CheckForNull String jobCredentialsId) {
        String r = Util.fixEmptyAndTrim(jobRegion);
        String u = Util.fixEmptyAndTrim(jobBaseUrl);
        boolean jobChoseServer = r != null || u != null;
        String c = Util.fixEmptyAndTrim(jobCredentialsId);
        return new ConnectionSettings(jobChoseServer ? r : region, jobChoseServer ? u : baseUrl, tokenUrl,
                c != null ? c : credentialsId);
    }

    /** The API's base URL: {@code baseUrl} if set, else the region's. */
    public String resolveBaseUrl() throws AbortException {
        if (baseUrl != null) {
            return baseUrl;
        }
        if (region == null) {
            throw new AbortException("Maia: no server configured. Set region (EU1 or US1) or baseUrl on the step, "
                    + "or a default under Manage Jenkins » System » Maia AI Agent Tasks.");
        }
        return parseRegion(region).baseUrl();
    }

    public String requireCredentialsId() throws AbortException {
        if (credentialsId == null) {
            throw new AbortException("Maia: credentialsId is missing. Pass credentialsId (a Secret text credential "
                    + "holding a bearer token, or a Username with password credential holding an OAuth client ID "
                    + "and secret), or set a default credential under Manage Jenkins » System » Maia AI Agent Tasks.");
        }
        return credentialsId;
    }

    static Region parseRegion(String value) throws AbortException {
        try {
            return Region.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new AbortException("Maia: region '" + value + "' is unknown. Use EU1 or US1, or set baseUrl instead.");
        }
    }
}
