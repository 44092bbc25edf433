package io.jenkins.plugins.maia.client.internal;

import io.jenkins.plugins.maia.client.ApiLimits;
import io.jenkins.plugins.maia.client.model.AgentConfig;
import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.client.model.Decision;
import io.jenkins.plugins.maia.client.model.FollowUpMessage;
import io.jenkins.plugins.maia.client.model.Mode;
import io.jenkins.plugins.maia.client.model.QuestionAnswer;
import io.jenkins.plugins.maia.client.model.QuestionDecision;
import io.jenkins.plugins.maia.client.model.TaskQuery;
import io.jenkins.plugins.maia.client.model.ToolDecision;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Input rules checked before any call. Each rule names the field as the user knows it and says how to fix it;
 * all violations of one input are reported together. These are the documented API rules plus a few the API
 * would otherwise get wrong silently (targetBranchName together with generateBranch: the API ignores
 * generateBranch).
 */
public final class RequestChecks {
    private static final ApiLimits LIMITS = ApiLimits.MAIA;
    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private RequestChecks() {}

    public static boolean isUuid(String value) {
        return value != null && UUID.matcher(value).matches();
    }

    public static void checkCreate(CreateTaskRequest request) {
        Violations v = new Violations();
        create(request, v);
        v.throwIfAny();
    }

    /** Adds every violation of a create request to {@code v}. */
    public static void create(CreateTaskRequest request, Violations v) {
        if (request == null) {
            v.add("request", "is missing; build one with CreateTaskRequest.builder()");
            return;
        }
        message("message", request.message(), "write the instruction for the agent", v);
        AgentConfig c = request.agentConfig();
        if (c == null) {
            v.add("agentConfig", "is missing; set the project, environment, branches and mode");
        } else {
            if (isBlank(c.name())) {
                v.add("agentConfig.name", "is missing; use " + AgentConfig.DATA_ENGINEER_AGENT);
            }
            if (c.mode() == null) {
                v.add("agentConfig.mode", "is missing; use ACT (the agent makes changes) or PLAN (a plan only)");
            } else if (c.mode() == Mode.UNKNOWN) {
                v.add("agentConfig.mode", "is UNKNOWN, which is only ever read, never sent; use ACT or PLAN");
            }
            projectId("agentConfig.projectId", c.projectId(), v);
            if (isBlank(c.sourceBranchName())) {
                v.add("agentConfig.sourceBranchName", "is missing; name the branch the agent starts from, e.g. main");
            }
            if (isBlank(c.environmentName())) {
                v.add("agentConfig.environmentName", "is missing; name the environment the agent runs pipelines in");
            }
            branches("agentConfig.targetBranchName", c.targetBranchName(), "agentConfig.generateBranch",
                    Boolean.TRUE.equals(c.generateBranch()), v);
        }
        tools("grantedPermissions", request.grantedPermissions() == null ? null
                : request.grantedPermissions().stream().map(t -> t == null ? null : t.toolName()).toList(), v);
    }

    public static void checkQuery(TaskQuery query) {
        Violations v = new Violations();
        if (query.page() != null && query.page() < 0) {
            v.add("page", "is " + query.page() + "; pages count from 0");
        }
        if (query.size() != null && (query.size() < 1 || query.size() > LIMITS.maxListPageSize())) {
            v.add("size", "is " + query.size() + "; use 1 to " + LIMITS.maxListPageSize());
        }
        if (query.status() == io.jenkins.plugins.maia.client.model.TaskStatus.UNKNOWN) {
            v.add("status", "is UNKNOWN, which is only ever read; filter by RUNNING, STOPPING, STOPPED or ERRORED");
        }
        if (query.createdAfter() != null && query.createdBefore() != null
                && query.createdAfter().isAfter(query.createdBefore())) {
            v.add("createdAfter", "is later than createdBefore, so nothing could match; swap them");
        }
        v.throwIfAny();
    }

    public static void checkTaskId(String taskId) {
        Violations v = new Violations();
        taskId(taskId, v);
        v.throwIfAny();
    }

    public static void checkMessages(String taskId, int limit) {
        Violations v = new Violations();
        taskId(taskId, v);
        if (limit < 1 || limit > LIMITS.maxMessagesPageSize()) {
            v.add("limit", "is " + limit + "; use 1 to " + LIMITS.maxMessagesPageSize());
        }
        v.throwIfAny();
    }

    public static void checkFollowUp(String taskId, FollowUpMessage message) {
        Violations v = new Violations();
        taskId(taskId, v);
        if (message == null) {
            v.add("message", "is missing; write the follow-up instruction").throwIfAny();
            return;
        }
        message("message", message.message(), "write the follow-up instruction", v);
        if (message.mode() == Mode.UNKNOWN) {
            v.add("agentConfig.mode", "is UNKNOWN; use ACT or PLAN, or leave it unset to keep the task's mode");
        }
        if (message.targetBranchName() != null && message.targetBranchName().isBlank()) {
            v.add("agentConfig.targetBranchName", "is blank; give a branch name or leave it unset");
        }
        tools("grantedPermissions", message.grantedTools(), v);
        v.throwIfAny();
    }

    public static void checkDecisions(String taskId, List<Decision> decisions) {
        Violations v = new Violations();
        taskId(taskId, v);
        if (decisions == null || decisions.isEmpty()) {
            v.add("decisions", "is empty; submit at least one decision for a pending decision of the task");
            v.throwIfAny();
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < decisions.size(); i++) {
            Decision d = decisions.get(i);
            String at = "decisions[" + i + "]";
            if (d == null) {
                v.add(at, "is missing; remove the empty entry");
                continue;
            }
            if (isBlank(d.id())) {
                v.add(at + ".id", "is blank; use the toolId of the pending decision");
            } else if (!seen.add(d.id())) {
                v.add(at + ".id", Violations.quote(d.id()) + " is decided twice; send one decision per pending decision");
            }
            if (d instanceof ToolDecision tool && tool.approved() && tool.scope() == null) {
                v.add(at + ".scope", "is missing; approve for ONCE (this call) or CONVERSATION (the rest of the task)");
            }
            if (d instanceof QuestionDecision question) {
                answers(at, question, v);
            }
        }
        v.throwIfAny();
    }

    public static void checkPermissions(String taskId, List<String> toolNames) {
        Violations v = new Violations();
        taskId(taskId, v);
        if (toolNames == null) {
            v.add("grantedPermissions", "is missing; pass the complete list of tools (an empty list clears it)");
        } else {
            tools("grantedPermissions", toolNames, v);
        }
        v.throwIfAny();
    }

    private static void answers(String at, QuestionDecision question, Violations v) {
        List<QuestionAnswer> answers = question.answers();
        if (answers.isEmpty()) {
            v.add(at + ".answers", "is empty; answer each question of the pending question");
            return;
        }
        Set<Integer> indexes = new HashSet<>();
        for (int j = 0; j < answers.size(); j++) {
            QuestionAnswer a = answers.get(j);
            String where = at + ".answers[" + j + "]";
            if (a == null) {
                v.add(where, "is missing; remove the empty entry");
                continue;
            }
            if (a.questionIndex() < 0) {
                v.add(where + ".questionIndex", "is " + a.questionIndex() + "; questions count from 0");
            } else if (!indexes.add(a.questionIndex())) {
                v.add(where + ".questionIndex", "question " + a.questionIndex() + " is answered twice; answer it once");
            }
            if (a.selectedOptions().isEmpty() || a.selectedOptions().stream().anyMatch(RequestChecks::isBlank)) {
                v.add(where + ".selectedOptions", "needs at least one option and no blank ones; pick from the question's options");
            }
        }
    }

    /** Required, a UUID. */
    public static void projectId(String field, String value, Violations v) {
        if (isBlank(value)) {
            v.add(field, "is missing; give the Maia project's ID (a UUID)");
        } else if (!isUuid(value)) {
            v.add(field, Violations.quote(value)
                    + " is not a UUID; give the project's ID such as a1b2c3d4-e5f6-7890-abcd-ef1234567890, not its name");
        }
    }

    /** Exactly one of a (non-blank) target branch and generateBranch. */
    public static void branches(String targetField, String target, String generateField, boolean generate,
            Violations v) {
        if (target != null && target.isBlank()) {
            v.add(targetField, "is blank; give a branch name, or leave it unset and set " + generateField + " to true");
        } else if (target == null && !generate) {
            v.add(targetField, "is missing; give the branch the agent writes to, or set " + generateField
                    + " to true to let the agent name one");
        } else if (target != null && generate) {
            v.add(generateField, "cannot be combined with " + targetField + " (the API would silently ignore "
                    + generateField + "); set only one of them");
        }
    }

    public static void message(String field, String message, String fix, Violations v) {
        if (isBlank(message)) {
            v.add(field, "is blank; " + fix);
        } else if (message.length() > LIMITS.maxMessageLength()) {
            v.add(field, "is " + message.length() + " characters, more than " + LIMITS.maxMessageLength()
                    + "; shorten it (put long context into files of the project, e.g. .matillion/maia/rules)");
        }
    }

    private static void taskId(String taskId, Violations v) {
        if (isBlank(taskId)) {
            v.add("taskId", "is missing; use the taskId returned by create or list");
        } else if (!isUuid(taskId)) {
            v.add("taskId", Violations.quote(taskId) + " is not a UUID; use the taskId returned by create or list");
        }
    }

    public static void tools(String field, List<String> names, Violations v) {
        if (names == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (isBlank(name)) {
                v.add(field + "[" + i + "].toolName", "is blank; name a tool such as git_commit, or remove the entry");
            } else if (!seen.add(name)) {
                v.add(field + "[" + i + "].toolName", Violations.quote(name) + " is listed twice; list each tool once");
            }
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
