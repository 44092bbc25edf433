package io.jenkins.plugins.maia.agenttasks.pipeline;

import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.maia.agenttasks.credentials.MaiaCredentials;
import io.jenkins.plugins.maia.agenttasks.forms.FieldChecks;
import io.jenkins.plugins.maia.agenttasks.forms.FormAccess;
import io.jenkins.plugins.maia.agenttasks.quant.QuantMirrorChecks;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * What the Maia steps share: their context, and form support for the options of {@link MaiaStepBase} plus the
 * {@code message} and {@code grantedPermissions} both steps have, in the Snippet Generator. Every method is POST-only and
 * needs Item/Configure on the job (Overall/Administer at the root): checks answer 403 otherwise, fills answer with
 * no data.
 */
public abstract class MaiaStepDescriptor extends StepDescriptor {

    @Override
    public Set<? extends Class<?>> getRequiredContext() {
        return Set.of(Run.class, TaskListener.class);
    }

    @POST
    public FormValidation doCheckMessage(@AncestorInPath Item item, @QueryParameter String value) {
        FormAccess.checkConfigure(item);
        return FieldChecks.message(value);
    }

    @POST
    public FormValidation doCheckGrantedPermissions(@AncestorInPath Item item, @QueryParameter String value) {
        FormAccess.checkConfigure(item);
        return FieldChecks.toolNames("grantedPermissions", value);
    }

    @POST
    public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId,
            @QueryParameter String baseUrl) {
        if (!FormAccess.canConfigure(item)) {
            return MaiaCredentials.currentValueOnly(credentialsId);
        }
        return MaiaCredentials.listBox(item, credentialsId, baseUrl);
    }

    @POST
    public FormValidation doCheckCredentialsId(@AncestorInPath Item item, @QueryParameter String value) {
        FormAccess.checkConfigure(item);
        return MaiaCredentials.check(item, value, false);
    }

    @POST
    public ListBoxModel doFillRegionItems(@AncestorInPath Item item) {
        return FormAccess.canConfigure(item) ? FieldChecks.regionItems(true) : new ListBoxModel();
    }

    @POST
    public FormValidation doCheckBaseUrl(@AncestorInPath Item item, @QueryParameter String value) {
        FormAccess.checkConfigure(item);
        return FieldChecks.baseUrl("baseUrl", value);
    }

    @POST
    public FormValidation doCheckApproveTools(@AncestorInPath Item item, @QueryParameter String value) {
        FormAccess.checkConfigure(item);
        return FieldChecks.toolNames("approveTools", value);
    }

    @POST
    public FormValidation doCheckApproveToolsForTask(@AncestorInPath Item item, @QueryParameter String value) {
        FormAccess.checkConfigure(item);
        return FieldChecks.toolNames("approveToolsForTask", value);
    }

    @POST
    public FormValidation doCheckRejectTools(@AncestorInPath Item item, @QueryParameter String value) {
        FormAccess.checkConfigure(item);
        return FieldChecks.toolNames("rejectTools", value);
    }

    @POST
    public ListBoxModel doFillOnDecisionItems(@AncestorInPath Item item) {
        return FormAccess.canConfigure(item) ? FieldChecks.onDecisionItems(true) : new ListBoxModel();
    }

    @POST
    public ListBoxModel doFillOnDecisionTimeoutItems(@AncestorInPath Item item) {
        ListBoxModel items = new ListBoxModel();
        if (FormAccess.canConfigure(item)) {
            items.add("Fail; the task stays paused (default)", "");
            items.add("Reject the tools and go on", "reject");
            items.add("Stop the task", "stop");
        }
        return items;
    }

    @POST
    public FormValidation doCheckSubmitter(@AncestorInPath Item item, @QueryParameter String value,
            @QueryParameter String onDecision) {
        FormAccess.checkConfigure(item);
        return FieldChecks.submitter(value, onDecision);
    }

    @POST
    public FormValidation doCheckTimeout(@AncestorInPath Item item, @QueryParameter String value) {
        FormAccess.checkConfigure(item);
        return FieldChecks.intInRange("timeout", value, 0, FieldChecks.MAX_TIMEOUT_MINUTES);
    }

    @POST
    public FormValidation doCheckQuantTaskList(@AncestorInPath Item item, @QueryParameter String value) {
        FormAccess.checkConfigure(item);
        return QuantMirrorChecks.taskList(value);
    }
}
