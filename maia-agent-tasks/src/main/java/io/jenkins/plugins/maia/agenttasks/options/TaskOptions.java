package io.jenkins.plugins.maia.agenttasks.options;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.Util;
import io.jenkins.plugins.maia.agenttasks.quant.QuantMirrorChecks;
import io.jenkins.plugins.maia.agenttasks.settings.ConnectionSettings;
import io.jenkins.plugins.maia.agenttasks.settings.MaiaDefaults;
import io.jenkins.plugins.maia.follower.decision.DecisionPolicy;
import io.jenkins.plugins.maia.follower.decision.DecisionRules;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The options every Maia step and build step shares, checked and normalised once when the step starts, so a
 * resumed step uses exactly what it started with. No secret: the credential is named, never held.
 *
 * @param timeoutMinutes     0 = no deadline
 * @param failOnRejection    a task that finished after a tool was rejected makes the build UNSTABLE
 * @param giveUpAfterMinutes how long calls may fail in a row before the step fails with the last cause; 0 = the
 *                           follower's default (5 minutes)
 * @param quantTaskList      the Quant task list the task is mirrored to; null = {@code <job full name>#<build number>}
 */
@Restricted(NoExternalUse.class)
public record TaskOptions(
        ConnectionSettings connection,
        List<String> approveOnce,
        List<String> approveForTask,
        List<String> reject,
        OnDecision onDecision,
        String submitter,
        int timeoutMinutes,
        boolean transcript,
        boolean stopOnAbort,
        boolean failOnRejection,
        int giveUpAfterMinutes,
        HumanGate humanGate,
        Object rules,
        String quantTaskList) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Tool names as the API spells them (git_push, query_warehouse, ...); not an enum on purpose. */
    private static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_.:\\-]+");

    /** Options with neither failOnRejection nor a give-up time of their own. */
    public TaskOptions(ConnectionSettings connection, List<String> approveOnce, List<String> approveForTask,
            List<String> reject, OnDecision onDecision, String submitter, int timeoutMinutes, boolean transcript,
            boolean stopOnAbort) {
        this(connection, approveOnce, approveForTask, reject, onDecision, submitter, timeoutMinutes, transcript,
                stopOnAbort, false, 0);
    }

    /** Options that ask one person with no decision timeout (freestyle builds ask nobody). */
    public TaskOptions(ConnectionSettings connection, List<String> approveOnce, List<String> approveForTask,
            List<String> reject, OnDecision onDecision, String submitter, int timeoutMinutes, boolean transcript,
            boolean stopOnAbort, boolean failOnRejection, int giveUpAfterMinutes) {
        this(connection, approveOnce, approveForTask, reject, onDecision, submitter, timeoutMinutes, transcript,
                stopOnAbort, failOnRejection, giveUpAfterMinutes, HumanGate.DEFAULT, null, null);
    }

    public TaskOptions {
        approveOnce = new ArrayList<>(approveOnce == null ? List.of() : approveOnce);
        approveForTask = new ArrayList<>(approveForTask == null ? List.of() : approveForTask);
        reject = new ArrayList<>(reject == null ? List.of() : reject);
        submitter = Util.fixEmptyAndTrim(submitter);
        humanGate = humanGate == null ? HumanGate.DEFAULT : humanGate;
        quantTaskList = Util.fixEmptyAndTrim(quantTaskList);
    }

    /** These options asking people as {@code gate} says. */
    public TaskOptions withHumanGate(HumanGate gate) {
        return new TaskOptions(connection, approveOnce, approveForTask, reject, onDecision, submitter, timeoutMinutes,
                transcript, stopOnAbort, failOnRejection, giveUpAfterMinutes, gate, rules, quantTaskList);
    }

    /** These options with decision {@code rules} checked by {@link StepRules#check} (plain values, or null). */
    public TaskOptions withRules(Object checkedRules) {
        return new TaskOptions(connection, approveOnce, approveForTask, reject, onDecision, submitter, timeoutMinutes,
                transcript, stopOnAbort, failOnRejection, giveUpAfterMinutes, humanGate, checkedRules,
                quantTaskList);
    }

    /**
     * These options mirrored to the Quant task list {@code taskList} (null or empty: the default list).
     *
     * @throws AbortException naming quantTaskList and the fix when it is not one line of 1 to 500 characters
     */
    public TaskOptions withQuantTaskList(@CheckForNull String taskList) throws AbortException {
        String problem = QuantMirrorChecks.taskListProblem(taskList);
        if (problem != null) {
            throw new AbortException("Maia: " + problem);
        }
        return new TaskOptions(connection, approveOnce, approveForTask, reject, onDecision, submitter, timeoutMinutes,
                transcript, stopOnAbort, failOnRejection, giveUpAfterMinutes, humanGate, rules, taskList);
    }

    /** The follower's decision rules: the step's {@code rules}, matched before the approve and reject lists. */
    public DecisionRules decisionRules() {
        return StepRules.rules(rules);
    }

    /**
     * The options of a job's step, on top of the global defaults; a clear error naming the option for anything
     * wrong. Runs on the CPS thread: no I/O ({@code defaults} are the in-memory global settings).
     *
     * @param defaults the controller-wide defaults the step passes in
     * @param timeout  minutes; 0 = the global default
     */
    public static TaskOptions resolve(MaiaDefaults defaults, @CheckForNull String region, @CheckForNull String baseUrl,
            @CheckForNull String credentialsId, @CheckForNull String approveTools,
            @CheckForNull String approveToolsForTask, @CheckForNull String rejectTools,
            @CheckForNull String onDecision, boolean inputAllowed, @CheckForNull String submitter, int timeout,
            boolean transcript, boolean stopOnAbort, boolean failOnRejection, int giveUpAfter) throws AbortException {
        ConnectionSettings connection = defaults.connectionDefaults().overriddenBy(region, baseUrl, credentialsId);
        connection.resolveBaseUrl();
        connection.requireCredentialsId();
        if (timeout < 0) {
            throw new AbortException("Maia: timeout must be 0 (the global default) or a number of minutes, was "
                    + timeout + ".");
        }
        if (giveUpAfter < 0) {
            throw new AbortException("Maia: giveUpAfter must be 0 (the default, 5 minutes) or a number of minutes, was "
                    + giveUpAfter + ".");
        }
        int minutes = timeout > 0 ? timeout : defaults.followDefaults().defaultTimeoutMinutes();
        return new TaskOptions(connection,
                toolNames("approveTools", approveTools),
                toolNames("approveToolsForTask", approveToolsForTask),
                toolNames("rejectTools", rejectTools),
                OnDecision.parse(onDecision, inputAllowed ? OnDecision.INPUT : OnDecision.FAIL, inputAllowed),
                submitter, minutes, transcript, stopOnAbort, failOnRejection, giveUpAfter);
    }

    /** The follower's policy for these options (an adapter: the rules themselves live in the follower). */
    public DecisionPolicy decisionPolicy() {
        return new DecisionPolicy(Set.copyOf(approveOnce), Set.copyOf(approveForTask), Set.copyOf(reject), Map.of(),
                onDecision.fallback());
    }

    /**
     * Parses a list of tool names separated by commas or spaces ({@code "git_push, query_warehouse"}).
     *
     * @param field the option's name, for the error message
     */
    public static List<String> toolNames(String field, @CheckForNull String text) throws AbortException {
        String t = Util.fixEmptyAndTrim(text);
        if (t == null) {
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        for (String token : t.split("[,\\s]+")) {
            if (token.isEmpty()) {
                continue;
            }
            if (!TOOL_NAME.matcher(token).matches()) {
                throw new AbortException("Maia: " + field + " contains '" + token + "', which is not a tool name. "
                        + "List tool names separated by commas, e.g. 'git_commit, git_push'.");
            }
            names.add(token);
        }
        return List.copyOf(names);
    }
}
