package io.jenkins.plugins.maia.agenttasks.config;

import io.jenkins.plugins.maia.agenttasks.settings.FollowSettings;
import io.jenkins.plugins.maia.agenttasks.settings.ConnectionSettings;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.Util;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.maia.agenttasks.credentials.MaiaCredentials;
import io.jenkins.plugins.maia.agenttasks.settings.MaiaDefaults;
import io.jenkins.plugins.maia.agenttasks.forms.FieldChecks;
import io.jenkins.plugins.maia.agenttasks.forms.FormAccess;
import jenkins.model.GlobalConfiguration;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Controller-wide defaults for every Maia step and build step: where the API is, which credential to use when a
 * job names none, how often to poll, the default timeout and the account's request budget. Configured under
 * Manage Jenkins » System, or with Configuration as Code under {@code unclassified: maia:}. Not the plugin's
 * name: {@code maiaAgentTasks} is a Pipeline step, and Declarative looks a name up as a symbol before as a step.
 *
 * <p>Values are stored as entered; {@link #connectionDefaults()} and {@link #followDefaults()} turn them into the
 * settings a run uses, so a bad value is reported where it is used, naming the field and the fix.
 */
@Extension
@Symbol("maia")
public class MaiaGlobalConfiguration extends GlobalConfiguration implements MaiaDefaults {

    public static final int DEFAULT_POLL_INITIAL_SECONDS = 1;
    public static final int DEFAULT_POLL_MAX_SECONDS = 15;
    public static final int DEFAULT_TIMEOUT_MINUTES = 120;
    public static final int DEFAULT_REQUESTS_PER_MINUTE = 60;
    public static final int DEFAULT_BURST = 5;

    private String region;
    private String baseUrl;
    private String tokenUrl;
    private String credentialsId;
    private int pollInitialSeconds = DEFAULT_POLL_INITIAL_SECONDS;
    private int pollMaxSeconds = DEFAULT_POLL_MAX_SECONDS;
    private int defaultTimeoutMinutes = DEFAULT_TIMEOUT_MINUTES;
    private int requestsPerMinute = DEFAULT_REQUESTS_PER_MINUTE;
    private int burst = DEFAULT_BURST;
    private int giveUpAfterMinutes = FollowSettings.DEFAULT_GIVE_UP_AFTER_MINUTES;

    public MaiaGlobalConfiguration() {
        load();
    }

    public static @NonNull MaiaGlobalConfiguration get() {
        return ExtensionList.lookupSingleton(MaiaGlobalConfiguration.class);
    }

    /** The settings a run starts from before its own step options override them. */
    @Override
    public @NonNull ConnectionSettings connectionDefaults() {
        return new ConnectionSettings(region, baseUrl, tokenUrl, credentialsId);
    }

    @Override
    public @NonNull FollowSettings followDefaults() {
        return new FollowSettings(pollInitialSeconds, pollMaxSeconds, defaultTimeoutMinutes, requestsPerMinute, burst,
                giveUpAfterMinutes);
    }

    public @CheckForNull String getRegion() {
        return region;
    }

    /** {@code EU1} or {@code US1}; ignored when {@link #getBaseUrl() baseUrl} is set. */
    @DataBoundSetter
    public void setRegion(String region) {
        String r = Util.fixEmptyAndTrim(region);
        if (r != null) {
            try {
                new ConnectionSettings(r, null, null, null).resolveBaseUrl();
            } catch (hudson.AbortException e) {
                throw new IllegalArgumentException(e.getMessage().replaceFirst("^Maia: ", ""), e);
            }
        }
        this.region = r;
        save();
    }

    public @CheckForNull String getBaseUrl() {
        return baseUrl;
    }

    @DataBoundSetter
    public void setBaseUrl(String baseUrl) {
        FieldChecks.requireValid(FieldChecks.baseUrl("baseUrl", baseUrl));
        this.baseUrl = Util.fixEmptyAndTrim(baseUrl);
        save();
    }

    public @CheckForNull String getTokenUrl() {
        return tokenUrl;
    }

    /** OAuth token endpoint for client-ID/secret credentials; empty means Matillion's. */
    @DataBoundSetter
    public void setTokenUrl(String tokenUrl) {
        FieldChecks.requireValid(FieldChecks.baseUrl("tokenUrl", tokenUrl));
        this.tokenUrl = Util.fixEmptyAndTrim(tokenUrl);
        save();
    }

    public @CheckForNull String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
        save();
    }

    public int getPollInitialSeconds() {
        return pollInitialSeconds;
    }

    @DataBoundSetter
    public void setPollInitialSeconds(int pollInitialSeconds) {
        FieldChecks.requireValid(FieldChecks.intInRange("pollInitialSeconds", String.valueOf(pollInitialSeconds), 1, 60));
        this.pollInitialSeconds = pollInitialSeconds;
        save();
    }

    public int getPollMaxSeconds() {
        return pollMaxSeconds;
    }

    @DataBoundSetter
    public void setPollMaxSeconds(int pollMaxSeconds) {
        FieldChecks.requireValid(FieldChecks.intInRange("pollMaxSeconds", String.valueOf(pollMaxSeconds), 1, 600));
        this.pollMaxSeconds = pollMaxSeconds;
        save();
    }

    public int getDefaultTimeoutMinutes() {
        return defaultTimeoutMinutes;
    }

    /** 0 = no deadline. */
    @DataBoundSetter
    public void setDefaultTimeoutMinutes(int defaultTimeoutMinutes) {
        FieldChecks.requireValid(FieldChecks.intInRange("defaultTimeoutMinutes", String.valueOf(defaultTimeoutMinutes),
                0, FieldChecks.MAX_TIMEOUT_MINUTES));
        this.defaultTimeoutMinutes = defaultTimeoutMinutes;
        save();
    }

    public int getRequestsPerMinute() {
        return requestsPerMinute;
    }

    @DataBoundSetter
    public void setRequestsPerMinute(int requestsPerMinute) {
        FieldChecks.requireValid(FieldChecks.intInRange("requestsPerMinute", String.valueOf(requestsPerMinute), 1,
                100_000));
        this.requestsPerMinute = requestsPerMinute;
        save();
    }

    public int getBurst() {
        return burst;
    }

    @DataBoundSetter
    public void setBurst(int burst) {
        FieldChecks.requireValid(FieldChecks.intInRange("burst", String.valueOf(burst), 1, 10_000));
        this.burst = burst;
        save();
    }

    public int getGiveUpAfterMinutes() {
        return giveUpAfterMinutes;
    }

    /** Minutes that calls to Maia may fail in a row before a step fails with the last cause (a step may override). */
    @DataBoundSetter
    public void setGiveUpAfterMinutes(int giveUpAfterMinutes) {
        FieldChecks.requireValid(FieldChecks.intInRange("giveUpAfterMinutes", String.valueOf(giveUpAfterMinutes), 1,
                FieldChecks.MAX_TIMEOUT_MINUTES));
        this.giveUpAfterMinutes = giveUpAfterMinutes;
        save();
    }

    @POST
    public FormValidation doCheckGiveUpAfterMinutes(@QueryParameter String value) {
        FormAccess.checkAdminister();
        return FieldChecks.intInRange("giveUpAfterMinutes", value, 1, FieldChecks.MAX_TIMEOUT_MINUTES);
    }

    // ---- form support: POST only; checks answer 403 without Overall/Administer, fills answer with no data ----

    @POST
    public ListBoxModel doFillRegionItems() {
        return FormAccess.canAdminister() ? FieldChecks.regionItems(true) : new ListBoxModel();
    }

    @POST
    public ListBoxModel doFillCredentialsIdItems(@QueryParameter String credentialsId, @QueryParameter String baseUrl) {
        if (!FormAccess.canAdminister()) {
            return MaiaCredentials.currentValueOnly(credentialsId);
        }
        return MaiaCredentials.listBox((Item) null, credentialsId, baseUrl);
    }

    @POST
    public FormValidation doCheckBaseUrl(@QueryParameter String value) {
        FormAccess.checkAdminister();
        return FieldChecks.baseUrl("baseUrl", value);
    }

    @POST
    public FormValidation doCheckTokenUrl(@QueryParameter String value) {
        FormAccess.checkAdminister();
        return FieldChecks.baseUrl("tokenUrl", value);
    }

    @POST
    public FormValidation doCheckCredentialsId(@QueryParameter String value) {
        FormAccess.checkAdminister();
        return MaiaCredentials.check(null, value, true);
    }

    @POST
    public FormValidation doCheckPollInitialSeconds(@QueryParameter String value) {
        FormAccess.checkAdminister();
        return FieldChecks.intInRange("pollInitialSeconds", value, 1, 60);
    }

    @POST
    public FormValidation doCheckPollMaxSeconds(@QueryParameter String value, @QueryParameter String pollInitialSeconds) {
        FormAccess.checkAdminister();
        return FieldChecks.pollMax(value, pollInitialSeconds);
    }

    @POST
    public FormValidation doCheckDefaultTimeoutMinutes(@QueryParameter String value) {
        FormAccess.checkAdminister();
        return FieldChecks.intInRange("defaultTimeoutMinutes", value, 0, FieldChecks.MAX_TIMEOUT_MINUTES);
    }

    @POST
    public FormValidation doCheckRequestsPerMinute(@QueryParameter String value) {
        FormAccess.checkAdminister();
        return FieldChecks.intInRange("requestsPerMinute", value, 1, 100_000);
    }

    @POST
    public FormValidation doCheckBurst(@QueryParameter String value) {
        FormAccess.checkAdminister();
        return FieldChecks.intInRange("burst", value, 1, 10_000);
    }
}
