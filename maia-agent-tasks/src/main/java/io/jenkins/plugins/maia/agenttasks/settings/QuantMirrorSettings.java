package io.jenkins.plugins.maia.agenttasks.settings;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Util;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Where builds mirror their Maia tasks to a Quant task board: Quant's URL, the organisation and the id of a Secret
 * text credential holding Quant's token. Names only, never the token. The mirror is off unless both the organisation
 * and the credential are set.
 */
@Restricted(NoExternalUse.class)
public record QuantMirrorSettings(@NonNull String url, @CheckForNull String organisation,
        @CheckForNull String credentialsId) {

    /** Quant's public cloud, the first server of the vendor's document. */
    public static final String DEFAULT_URL = "https://dashboard.quantcdn.io";

    /** Mirroring is off. */
    public static final QuantMirrorSettings OFF = new QuantMirrorSettings(DEFAULT_URL, null, null);

    public QuantMirrorSettings {
        url = Util.fixEmptyAndTrim(url) == null ? DEFAULT_URL : url.trim();
        organisation = Util.fixEmptyAndTrim(organisation);
        credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    /** Both the organisation and the credential are set. */
    public boolean enabled() {
        return organisation != null && credentialsId != null;
    }

    /** What provides the settings (the global configuration); the controller facade finds it by this interface. */
    public interface Source {
        @NonNull
        QuantMirrorSettings quantMirrorSettings();
    }
}
