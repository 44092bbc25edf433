package io.jenkins.plugins.maia.agenttasks.credentials;

import io.jenkins.plugins.maia.agenttasks.Messages;
import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import com.cloudbees.plugins.credentials.domains.URIRequirementBuilder;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.Run;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.maia.client.AccessTokenSource;
import io.jenkins.plugins.maia.client.auth.ClientCredentialsTokenSource;
import io.jenkins.plugins.maia.client.auth.StaticToken;
import java.util.List;
import io.jenkins.plugins.maia.agenttasks.controller.MaiaController;
import okhttp3.OkHttpClient;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.springframework.security.core.Authentication;

/**
 * The two kinds of Jenkins credential a Maia step accepts, resolved each time a run needs them and never kept:
 * <ul>
 *   <li><b>Secret text</b> ({@link StringCredentials}): a bearer token, sent as is;</li>
 *   <li><b>Username with password</b> ({@link StandardUsernamePasswordCredentials}): an OAuth client ID (username)
 *       and secret (password), exchanged for tokens at the configured token URL.</li>
 * </ul>
 * Lookups go through {@link CredentialsProvider#findCredentialById(String, Class, Run, List)}, so a build sees
 * what its job may see (folder credentials included), and each use is recorded with
 * {@link CredentialsProvider#track(Run, com.cloudbees.plugins.credentials.Credentials)}.
 */
@Restricted(NoExternalUse.class)
public final class MaiaCredentials {

    /** Matches the credential kinds above, for drop-downs and checks. */
    static final CredentialsMatcher MATCHER = CredentialsMatchers.anyOf(
            CredentialsMatchers.instanceOf(StringCredentials.class),
            CredentialsMatchers.instanceOf(StandardUsernamePasswordCredentials.class));

    private MaiaCredentials() {}

    /**
     * A token source for {@code credentialsId} as {@code run} sees it, and the secret strings it holds (for the
     * redactor that keeps them out of logs and transcripts). Neither may be stored in a field that is saved.
     */
    public record Resolved(AccessTokenSource tokens, List<String> secrets) {
        @Override
        public String toString() {
            return "Resolved[" + tokens + "]"; // never the secrets
        }
    }

    public static Resolved resolve(Run<?, ?> run, String credentialsId, String baseUrl, @CheckForNull String tokenUrl,
            OkHttpClient http) throws AbortException {
        List<DomainRequirement> domain = URIRequirementBuilder.fromUri(baseUrl).build();
        StringCredentials token = CredentialsProvider.findCredentialById(credentialsId, StringCredentials.class, run,
                domain);
        if (token != null) {
            CredentialsProvider.track(run, token);
            String secret = token.getSecret().getPlainText();
            if (secret.isBlank()) {
                throw new AbortException("Maia: the Secret text credential '" + credentialsId + "' is empty. Store the "
                        + "Maia bearer token in it.");
            }
            return new Resolved(StaticToken.of(secret.strip()), List.of(secret.strip()));
        }
        StandardUsernamePasswordCredentials client = CredentialsProvider.findCredentialById(credentialsId,
                StandardUsernamePasswordCredentials.class, run, domain);
        if (client != null) {
            CredentialsProvider.track(run, client);
            String clientSecret = client.getPassword().getPlainText();
            return new Resolved(ClientCredentialsTokenSource.create(http, tokenUrl, client.getUsername(), clientSecret),
                    List.of(clientSecret));
        }
        throw new AbortException("Maia: no credential '" + credentialsId + "' that this build may use. Create a "
                + "Secret text credential (bearer token) or a Username with password credential (OAuth client ID and "
                + "secret) with this ID in the job's folder or in Jenkins, or fix credentialsId.");
    }

    /** Drop-down of the credentials usable at {@code item} (Jenkins root when null). */
    public static ListBoxModel listBox(@CheckForNull Item item, @CheckForNull String current,
            @CheckForNull String baseUrl) {
        StandardListBoxModel model = new StandardListBoxModel();
        model.includeEmptyValue();
        List<DomainRequirement> domain = URIRequirementBuilder.fromUri(Util.fixEmptyAndTrim(baseUrl)).build();
        if (item == null) {
            model.includeMatchingAs(ACL.SYSTEM2, MaiaController.jenkins(), StandardCredentials.class, domain, MATCHER);
        } else {
            model.includeMatchingAs(authenticationOf(item), item, StandardCredentials.class, domain, MATCHER);
        }
        if (current != null && !current.isBlank()) {
            model.includeCurrentValue(current);
        }
        return model;
    }

    /** What a user without Configure sees: the current value only, so saving the form does not lose it. */
    public static ListBoxModel currentValueOnly(@CheckForNull String current) {
        StandardListBoxModel model = new StandardListBoxModel();
        if (current != null && !current.isBlank()) {
            model.includeCurrentValue(current);
        }
        return model;
    }

    /** Form check: the id names a usable credential of a supported kind. Callers check permission first. */
    public static FormValidation check(@CheckForNull Item item, @CheckForNull String value, boolean emptyAllowed) {
        String id = Util.fixEmptyAndTrim(value);
        if (id == null) {
            return emptyAllowed ? FormValidation.ok()
                    : FormValidation.warning(Messages.MaiaCredentials_NoneUsesDefault());
        }
        if (id.startsWith("${") && id.endsWith("}")) {
            return FormValidation.warning(Messages.MaiaCredentials_Expression());
        }
        ListBoxModel found = item == null
                ? CredentialsProvider.listCredentialsInItemGroup(StandardCredentials.class, MaiaController.jenkins(), ACL.SYSTEM2,
                        List.of(), CredentialsMatchers.allOf(MATCHER, CredentialsMatchers.withId(id)))
                : CredentialsProvider.listCredentialsInItem(StandardCredentials.class, item, authenticationOf(item),
                        List.of(), CredentialsMatchers.allOf(MATCHER, CredentialsMatchers.withId(id)));
        if (found.isEmpty()) {
            return FormValidation.error(Messages.MaiaCredentials_NotFound(id));
        }
        return FormValidation.ok();
    }

    private static Authentication authenticationOf(Item item) {
        return item instanceof Queue.Task task ? Tasks.getAuthenticationOf2(task) : ACL.SYSTEM2;
    }
}
