package io.jenkins.plugins.maia.client;

import io.jenkins.plugins.maia.client.InvalidRequestException.Violation;
import io.jenkins.plugins.maia.client.internal.EndpointUrl;
import io.jenkins.plugins.maia.client.internal.RequestChecks;
import io.jenkins.plugins.maia.client.internal.Violations;
import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import java.util.List;

/**
 * The client's input rules one field at a time, for forms that check each field as it is typed (the Jenkins
 * plugin's {@code doCheck*} methods). They are the very rules {@link MaiaClient} applies before every call, with
 * the same messages, so a form cannot accept what a build would then refuse. Each method returns the
 * violations of that field, empty when it is fine; {@code field} is the name the user sees in the form.
 */
public final class FieldRules {

    private FieldRules() {}

    /**
     * Every violation of a whole create request, as {@link MaiaClient#createTask} would report them, without
     * throwing: for callers that check a configuration before they schedule any call.
     */
    public static List<Violation> createRequest(CreateTaskRequest request) {
        Violations v = new Violations();
        RequestChecks.create(request, v);
        return v.list();
    }

    /** The Maia project's ID: required, a UUID. */
    public static List<Violation> projectId(String field, String value) {
        Violations v = new Violations();
        RequestChecks.projectId(field, value, v);
        return v.list();
    }

    /** The instruction: not blank, at most {@link MaiaClient#MAX_MESSAGE_LENGTH} characters. */
    public static List<Violation> message(String field, String value) {
        Violations v = new Violations();
        RequestChecks.message(field, value, "write the instruction for the agent", v);
        return v.list();
    }

    /**
     * Exactly one of a target branch and {@code generateBranch}. Both together are refused: the API would
     * silently ignore {@code generateBranch}.
     */
    public static List<Violation> branches(String targetField, String targetBranchName, String generateField,
            boolean generateBranch) {
        Violations v = new Violations();
        RequestChecks.branches(targetField, targetBranchName, generateField, generateBranch, v);
        return v.list();
    }

    /** Tool names: none blank, none listed twice. Null means "none" and is fine. */
    public static List<Violation> toolNames(String field, List<String> names) {
        Violations v = new Violations();
        RequestChecks.tools(field, names, v);
        return v.list();
    }

    /** An API or token URL: https, or plain http to loopback only; no user info, query or fragment. */
    public static List<Violation> endpointUrl(String field, String url) {
        Violations v = new Violations();
        EndpointUrl.check(field, url, Region.EU1.baseUrl(), v);
        return v.list();
    }
}
