package io.jenkins.plugins.maia.agenttasks.config;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.maia.agenttasks.credentials.QuantCredentials;
import io.jenkins.plugins.maia.agenttasks.forms.FieldChecks;
import io.jenkins.plugins.maia.agenttasks.forms.FormAccess;
import io.jenkins.plugins.maia.agenttasks.quant.QuantMirrorChecks;
import io.jenkins.plugins.maia.agenttasks.settings.QuantMirrorSettings;
import jenkins.model.GlobalConfiguration;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Where builds mirror their Maia tasks: a Quant AI Task Management board (Quant's URL, the organisation, a Secret
 * text credential with Quant's token). Off unless the organisation and the credential are set. Configured under
 * Manage Jenkins » System, or with Configuration as Code under {@code unclassified: maiaQuantMirror:}.
 *
 * <p>A page of its own rather than more fields on the Maia configuration: the mirror is optional, talks to another
 * service with another credential, and is read by another part of the plugin ({@code quant}).
 */
@Extension
@Symbol("maiaQuantMirror")
public class QuantMirrorConfiguration extends GlobalConfiguration implements QuantMirrorSettings.Source {

    private String url;
    private String organisation;
    private String credentialsId;

    public QuantMirrorConfiguration() {
        load();
    }

    @Override
    public @NonNull QuantMirrorSettings quantMirrorSettings() {
        return new QuantMirrorSettings(url, organisation, credentialsId);
    }

    /** Quant's URL; empty means {@value QuantMirrorSettings#DEFAULT_URL}. */
    public @CheckForNull String getUrl() {
        return url;
    }

    @DataBoundSetter
    public void setUrl(String url) {
        FieldChecks.requireValid(QuantMirrorChecks.url(url));
        this.url = Util.fixEmptyAndTrim(url);
        save();
    }

    public @CheckForNull String getOrganisation() {
        return organisation;
    }

    @DataBoundSetter
    public void setOrganisation(String organisation) {
        FieldChecks.requireValid(QuantMirrorChecks.organisation(organisation));
        this.organisation = Util.fixEmptyAndTrim(organisation);
        save();
    }

    public @CheckForNull String getCredentialsId() {
        return credentialsId;
    }

    /** A Secret text credential (at the Jenkins root) holding Quant's API token. */
    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
        save();
    }

    /** The default URL, shown in the form as the placeholder's text. */
    public String getDefaultUrl() {
        return QuantMirrorSettings.DEFAULT_URL;
    }

    // ---- form support: POST only; checks answer 403 without Overall/Administer, fills answer with no data ----

    @POST
    public FormValidation doCheckUrl(@QueryParameter String value) {
        FormAccess.checkAdminister();
        return QuantMirrorChecks.url(value);
    }

    @POST
    public FormValidation doCheckOrganisation(@QueryParameter String value) {
        FormAccess.checkAdminister();
        return QuantMirrorChecks.organisation(value);
    }

    @POST
    public FormValidation doCheckCredentialsId(@QueryParameter String value) {
        FormAccess.checkAdminister();
        return QuantCredentials.check(value);
    }

    @POST
    public ListBoxModel doFillCredentialsIdItems(@QueryParameter String credentialsId) {
        if (!FormAccess.canAdminister()) {
            return new ListBoxModel();
        }
        return QuantCredentials.listBox(credentialsId);
    }
}
