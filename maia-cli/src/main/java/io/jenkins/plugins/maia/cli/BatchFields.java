package io.jenkins.plugins.maia.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fields of a batch file and what each takes. A field is the camelCase of a {@code maia run} long option
 * ({@code --project-id} is {@code projectId}); connection, credential and output options are refused in the file, each
 * with the reason and where to give it instead.
 */
final class BatchFields {

    private BatchFields() {}

    /** The shape of a field's value. */
    enum Kind { TEXT, FLAG, LIST, ANSWERS, DURATION, MODE, ON_DECISION, PATH, COUNT, RULES, ON_DECISION_TIMEOUT }

    /** Where a field may stand: in a task or under defaults, or under defaults only (it is about the whole batch). */
    enum Scope { TASK, BATCH }

    record Field(String name, Kind kind, Scope scope, String option) {}

    /** The fields a task may set, and {@code defaults} too (except the message, which is each task's own). */
    static final Map<String, Field> FIELDS = fields(
            new Field("projectId", Kind.TEXT, Scope.TASK, "--project-id"),
            new Field("environment", Kind.TEXT, Scope.TASK, "--environment"),
            new Field("sourceBranch", Kind.TEXT, Scope.TASK, "--source-branch"),
            new Field("targetBranch", Kind.TEXT, Scope.TASK, "--target-branch"),
            new Field("generateBranch", Kind.FLAG, Scope.TASK, "--generate-branch"),
            new Field("mode", Kind.MODE, Scope.TASK, "--mode"),
            new Field("workingDirectory", Kind.TEXT, Scope.TASK, "--working-directory"),
            new Field("graphId", Kind.TEXT, Scope.TASK, "--graph-id"),
            new Field("grant", Kind.LIST, Scope.TASK, "--grant"),
            new Field("message", Kind.TEXT, Scope.TASK, "--message"),
            new Field("messageFile", Kind.PATH, Scope.TASK, "--message-file"),
            new Field("approve", Kind.LIST, Scope.TASK, "--approve"),
            new Field("approveForTask", Kind.LIST, Scope.TASK, "--approve-for-task"),
            new Field("reject", Kind.LIST, Scope.TASK, "--reject"),
            new Field("answer", Kind.ANSWERS, Scope.TASK, "--answer"),
            new Field("timeout", Kind.DURATION, Scope.TASK, "--timeout"),
            new Field("pollInterval", Kind.DURATION, Scope.TASK, "--poll-interval"),
            new Field("maxPollInterval", Kind.DURATION, Scope.TASK, "--max-poll-interval"),
            new Field("giveUpAfter", Kind.DURATION, Scope.TASK, "--give-up-after"),
            new Field("failOnRejection", Kind.FLAG, Scope.TASK, "--fail-on-rejection"),
            new Field("rules", Kind.RULES, Scope.TASK, "--rules"),
            new Field("decisionTimeout", Kind.DURATION, Scope.TASK, "--decision-timeout"),
            new Field("onDecisionTimeout", Kind.ON_DECISION_TIMEOUT, Scope.TASK, "--on-decision-timeout"),
            new Field("onDecision", Kind.ON_DECISION, Scope.BATCH, "--on-decision"),
            new Field("onWaiting", Kind.TEXT, Scope.BATCH, "--on-waiting"),
            new Field("transcript", Kind.PATH, Scope.BATCH, "--transcript"),
            new Field("requestsPerMinute", Kind.COUNT, Scope.BATCH, "--requests-per-minute"));

    /** The fields of a task besides {@link #FIELDS}. */
    static final List<String> TASK_ONLY = List.of("id", "dependsOn");

    /** The fields at the top of the file. */
    static final List<String> TOP = List.of("defaults", "tasks", "maxConcurrent", "failFast");

    /** Fields a batch file must not hold, with why and where they go instead. */
    private static final Map<String, String> REFUSED = refused();

    private static Map<String, Field> fields(Field... all) {
        Map<String, Field> map = new LinkedHashMap<>();
        for (Field f : all) {
            map.put(f.name(), f);
        }
        return map;
    }

    private static Map<String, String> refused() {
        Map<String, String> map = new LinkedHashMap<>();
        String connection = "connection options come from the command line or the environment, never from the file: ";
        map.put("baseUrl", connection + "pass --base-url URL or set MAIA_BASE_URL");
        map.put("region", connection + "pass --region eu1|us1 or set MAIA_REGION");
        map.put("tokenUrl", connection + "pass --token-url URL or set MAIA_TOKEN_URL");
        map.put("retries", connection + "pass --retries N");
        String credentials = "credentials come only from the environment, never from a file that may be committed: "
                + "remove it and set MAIA_TOKEN, or MAIA_CLIENT_ID and MAIA_CLIENT_SECRET";
        for (String name : List.of("token", "maiaToken", "clientId", "clientSecret", "maiaClientId",
                "maiaClientSecret", "password", "secret", "credentials")) {
            map.put(name, credentials);
        }
        map.put("quantToken", "credentials come only from the environment, never from a file that may be committed: "
                + "remove it and set QUANT_TOKEN");
        // The board is where the whole batch is reported, so it is chosen by whoever runs it, as the Maia server is.
        for (String[] quant : new String[][] {{"quantOrg", "--quant-org ORG"}, {"quantUrl", "--quant-url URL"},
                {"quantTaskList", "--quant-task-list ID"}, {"quantWait", "--quant-wait D"}}) {
            map.put(quant[0], "the Quant mirror is set on the command line, never from the file: pass " + quant[1]
                    + " to maia batch");
        }
        for (String option : List.of("json", "jsonl", "summary", "sandbox", "scenario", "verbose", "state")) {
            map.put(option, "an option of the command, not of the file: pass --" + option + " to maia batch");
        }
        return map;
    }

    /** Why {@code name} is refused in a batch file, or empty when it is not one of the refused fields. */
    static Optional<String> refusal(String name) {
        return Optional.ofNullable(REFUSED.get(name));
    }

    /** The problem with an unknown field {@code name} at {@code path}, with the nearest of {@code known}. */
    static String unknown(String path, String name, List<String> known) {
        return path + ": unknown field" + NearestNames.nearest(name, known).map(n -> " (did you mean " + n + "?)")
                .orElse("; the fields are " + String.join(", ", known));
    }

    /** The names a task may hold. */
    static List<String> taskNames() {
        List<String> names = new ArrayList<>(TASK_ONLY);
        FIELDS.values().stream().filter(f -> f.scope() == Scope.TASK).forEach(f -> names.add(f.name()));
        return names;
    }

    /** The names {@code defaults} may hold. */
    static List<String> defaultNames() {
        return FIELDS.keySet().stream().filter(n -> !n.equals("message") && !n.equals("messageFile")).toList();
    }
}
