package io.jenkins.plugins.maia.agenttasks.credentials;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.Util;
import hudson.model.Run;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.maia.agenttasks.Messages;
import io.jenkins.plugins.maia.agenttasks.controller.MaiaController;
import java.util.List;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The Quant token: a Secret text credential an administrator names in the global configuration. It is looked up
 * at the Jenkins root as the system (not as the job: a job cannot swap in a credential of the same id from its
 * folder), each time a build starts mirroring, and its use is recorded on the build. Never kept.
 */
@Restricted(NoExternalUse.class)
public final class QuantCredentials {

    private QuantCredentials() {}

    /** The token held by {@code credentialsId}, recorded as used by {@code run}. */
    public static String token(Run<?, ?> run, String credentialsId) throws AbortException {
        StringCredentials c = find(credentialsId);
        if (c == null) {
            throw new AbortException(Messages.QuantCredentials_NotFound(credentialsId));
        }
        CredentialsProvider.track(run, c);
        String token = c.getSecret().getPlainText().strip();
        if (token.isEmpty()) {
            throw new AbortException(Messages.QuantCredentials_Empty(credentialsId));
        }
        return token;
    }

    /** Drop-down of the Secret text credentials at the Jenkins root. Callers check Overall/Administer first. */
    public static ListBoxModel listBox(@CheckForNull String current) {
        StandardListBoxModel model = new StandardListBoxModel();
        model.includeEmptyValue();
        model.includeAs(ACL.SYSTEM2, MaiaController.jenkins(), StringCredentials.class);
        if (current != null && !current.isBlank()) {
            model.includeCurrentValue(current);
        }
        return model;
    }

    /** Form check: empty turns the mirror off; otherwise the id must name a Secret text credential at the root. */
    public static FormValidation check(@CheckForNull String value) {
        String id = Util.fixEmptyAndTrim(value);
        if (id == null) {
            return FormValidation.ok(Messages.QuantMirror_OffWithoutCredential());
        }
        return find(id) == null ? FormValidation.error(Messages.QuantCredentials_NotFound(id)) : FormValidation.ok();
    }

    private static @CheckForNull StringCredentials find(String id) {
        return CredentialsMatchers.firstOrNull(CredentialsProvider.lookupCredentialsInItemGroup(StringCredentials.class,
                MaiaController.jenkins(), ACL.SYSTEM2, List.of()), CredentialsMatchers.withId(id));
    }
}
