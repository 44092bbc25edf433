package io.jenkins.plugins.maia.sandbox.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.maia.sandbox.scenario.Step;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of task requests that the OpenAPI schema cannot express. Each check adds one violation per problem,
 * naming the field and the fix; the engine changes nothing unless the list stays empty.
 */
final class RequestRules {

    private RequestRules() {}

    static void checkAgentName(JsonNode name, List<String> violations) {
        if (name == null || !TaskEngine.AGENT_NAME.equals(name.asText())) {
            violations.add("agentConfig.name: must be \"" + TaskEngine.AGENT_NAME + "\""
                    + (name == null ? "" : ", got " + name));
        }
    }

    static void checkUnique(List<String> tools, String field, List<String> violations) {
        Set<String> seen = new HashSet<>();
        for (String tool : tools) {
            if (!seen.add(tool)) {
                violations.add(field + ": toolName '" + tool + "' is listed more than once; entries must be unique");
            }
        }
    }

    /** The overrides a follow-up message may carry: only mode and targetBranchName (name must be the agent's). */
    static Map<String, JsonNode> followUpOverrides(JsonNode agentConfig, List<String> violations) {
        Map<String, JsonNode> overrides = new LinkedHashMap<>();
        if (agentConfig == null || agentConfig.isNull()) {
            return overrides;
        }
        if (!agentConfig.isObject()) {
            violations.add("agentConfig: must be an object like {\"name\": \"" + TaskEngine.AGENT_NAME + "\", \"mode\": \"ACT\"}");
            return overrides;
        }
        checkAgentName(agentConfig.get("name"), violations);
        agentConfig.properties().forEach(field -> {
            String key = field.getKey();
            JsonNode value = field.getValue();
            switch (key) {
                case "name" -> { }
                case "mode" -> {
                    if (value.asText().equals("PLAN") || value.asText().equals("ACT")) {
                        overrides.put(key, value);
                    } else {
                        violations.add("agentConfig.mode: must be PLAN or ACT, got " + value);
                    }
                }
                case "targetBranchName" -> {
                    if (value.isTextual() && !value.asText().isBlank()) {
                        overrides.put(key, value);
                    } else if (!value.isNull()) {
                        violations.add("agentConfig.targetBranchName: must be a non-blank branch name, got " + value);
                    }
                }
                default -> violations.add("agentConfig." + key + ": cannot be changed by a follow-up message;"
                        + " only mode and targetBranchName can");
            }
        });
        return overrides;
    }

    /** Checks every decision against the pending ones; nothing changes unless all are valid. */
    static List<Task.Resolution> checkDecisions(Task task, JsonNode decisions) {
        List<String> violations = new ArrayList<>();
        List<Task.Resolution> accepted = new ArrayList<>();
        Map<String, PendingDecision> byId = new LinkedHashMap<>();
        for (PendingDecision pending : task.pending) {
            byId.put(pending.toolId(), pending);
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < decisions.size(); i++) {
            String at = "decisions[" + i + "]";
            JsonNode decision = decisions.get(i);
            if (!decision.isObject()) {
                violations.add(at + ": must be an object with type and id");
                continue;
            }
            String type = decision.path("type").asText(null);
            String id = decision.path("id").asText(null);
            if (type == null) {
                violations.add(at + ".type: is required (\"tool\" or \"question\")");
            } else if (!type.equals("tool") && !type.equals("question")) {
                violations.add(at + ".type: must be \"tool\" or \"question\", got \"" + type + "\"");
            }
            if (id == null) {
                violations.add(at + ".id: is required (the toolId of a pending decision)");
                continue;
            }
            PendingDecision pending = byId.get(id);
            if (pending == null) {
                violations.add(at + ".id: '" + id + "' is not a pending decision of this task; pending: "
                        + String.join(", ", byId.keySet()));
                continue;
            }
            if (!seen.add(id)) {
                violations.add(at + ".id: '" + id + "' is decided more than once in this request");
                continue;
            }
            if (type == null || !type.equals(pending.type())) {
                if (type != null && (type.equals("tool") || type.equals("question"))) {
                    violations.add(at + ".type: '" + id + "' is a " + pending.type() + " decision"
                            + (pending.isQuestion() ? "; answer it with type \"question\" and answers"
                                    : "; decide it with type \"tool\" and approved"));
                }
                continue;
            }
            if (pending.isQuestion()) {
                List<String> answers = checkAnswers(pending.ask(), decision.get("answers"), at, violations);
                accepted.add(new Task.Resolution(pending, true, answers));
            } else {
                JsonNode approved = decision.get("approved");
                if (approved == null || !approved.isBoolean()) {
                    violations.add(at + ".approved: is required for a tool decision (true or false)");
                    continue;
                }
                accepted.add(new Task.Resolution(pending, approved.asBoolean(), List.of()));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidTaskRequestException(violations);
        }
        return accepted;
    }

    private static List<String> checkAnswers(Step.Ask ask, JsonNode answers, String at, List<String> violations) {
        List<Step.Question> questions = ask.questions();
        if (answers == null || !answers.isArray() || answers.isEmpty()) {
            violations.add(at + ".answers: is required for a question: one entry per question, for example"
                    + " [{\"questionIndex\": 0, \"selectedOptions\": [\"" + questions.get(0).options().get(0).label()
                    + "\"]}]");
            return List.of();
        }
        String[] summary = new String[questions.size()];
        for (int j = 0; j < answers.size(); j++) {
            String here = at + ".answers[" + j + "]";
            JsonNode answer = answers.get(j);
            JsonNode index = answer.get("questionIndex");
            if (index == null || !index.canConvertToInt() || !index.isIntegralNumber()) {
                violations.add(here + ".questionIndex: is required (0 for the first question)");
                continue;
            }
            int q = index.asInt();
            if (q < 0 || q >= questions.size()) {
                violations.add(here + ".questionIndex: " + q + " is out of range; this decision has "
                        + questions.size() + " question(s), numbered from 0");
                continue;
            }
            if (summary[q] != null) {
                violations.add(here + ".questionIndex: question " + q + " is answered more than once");
                continue;
            }
            JsonNode selected = answer.get("selectedOptions");
            if (selected == null || !selected.isArray() || selected.isEmpty()) {
                violations.add(here + ".selectedOptions: choose at least one option");
                continue;
            }
            Step.Question question = questions.get(q);
            if (!question.multiSelect() && selected.size() > 1) {
                violations.add(here + ".selectedOptions: question " + q + " allows only one option, got "
                        + selected.size());
                continue;
            }
            List<String> labels = new ArrayList<>();
            selected.forEach(option -> labels.add(option.asText()));
            String header = question.header() != null ? question.header() : question.question();
            summary[q] = header + " = " + String.join(", ", labels);
        }
        for (int q = 0; q < summary.length; q++) {
            if (summary[q] == null && violations.stream().noneMatch(v -> v.startsWith(at + ".answers"))) {
                violations.add(at + ".answers: question " + q + " ('" + questions.get(q).question()
                        + "') has no answer");
            }
        }
        return java.util.Arrays.stream(summary).map(s -> s == null ? "" : s).toList();
    }
}
