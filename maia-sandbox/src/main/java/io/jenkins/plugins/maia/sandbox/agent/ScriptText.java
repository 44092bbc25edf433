package io.jenkins.plugins.maia.sandbox.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.maia.sandbox.scenario.Step;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The texts and names a task's agent writes: scenario templates filled in ({@code {n}}, {@code {count}},
 * {@code {branch}}, {@code {taskId}}), generated branch names, descriptions, the reply to a plain follow-up, and
 * fresh group and tool ids. Pure functions of the task's fields; callers hold the task's monitor.
 */
final class ScriptText {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ScriptText() {}

    /** Generates the target branch if the task asked for one and has none yet; true if it did. */
    static boolean ensureBranch(Task task) {
        JsonNode target = task.agentConfig.get("targetBranchName");
        if (target != null && !target.isNull() && !target.asText().isBlank()) {
            return false;
        }
        task.agentConfig.put("targetBranchName", "maia/" + slug(task.message) + "-" + task.id.substring(0, 8));
        return true;
    }

    static String branch(Task task) {
        JsonNode target = task.agentConfig.get("targetBranchName");
        return target == null || target.isNull() || target.asText().isBlank() ? "a new branch" : target.asText();
    }

    /** A few words of the message (without a scenario directive), lower case, joined by dashes. */
    static String slug(String message) {
        String text = message.replaceFirst("^\\s*\\[scenario:[^\\]]*\\]", "");
        String[] words = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").trim().split(" ");
        StringBuilder slug = new StringBuilder();
        for (String word : words) {
            if (word.isEmpty() || slug.length() + word.length() + 1 > 30) {
                break;
            }
            if (slug.length() > 0) {
                slug.append('-');
            }
            slug.append(word);
        }
        return slug.length() == 0 ? "task" : slug.toString();
    }

    static String fill(Task task, String text, int n, int count) {
        return text.replace("{n}", Integer.toString(n))
                .replace("{count}", Integer.toString(count))
                .replace("{branch}", branch(task))
                .replace("{taskId}", task.id);
    }

    static String fillOrNull(Task task, String text) {
        return text == null ? null : fill(task, text, 1, 1);
    }

    /** A copy of a tool's input whose top-level texts are filled in. */
    static JsonNode templated(Task task, JsonNode input) {
        if (input == null) {
            return NODES.objectNode();
        }
        JsonNode copy = input.deepCopy();
        if (copy instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (field.getValue().isTextual()) {
                    field.setValue(NODES.textNode(fill(task, field.getValue().asText(), 1, 1)));
                }
            }
        }
        return copy;
    }

    static String describe(String message) {
        if (message.length() <= TaskEngine.DESCRIPTION_LENGTH) {
            return message;
        }
        int end = TaskEngine.DESCRIPTION_LENGTH;
        if (Character.isHighSurrogate(message.charAt(end - 1))) {
            end--; // never split a surrogate pair
        }
        return message.substring(0, end);
    }

    /** What the agent plays after a follow-up message that names no scenario: a short reply, then the end. */
    static List<Step> followUpScript(String message) {
        String excerpt = message.length() > 80 ? message.substring(0, 80) + "..." : message;
        return List.of(new Step.Say("Got your follow-up: \"" + excerpt + "\". Working on it."),
                new Step.Finish("Done with the follow-up."));
    }

    static String newGroup() {
        return UUID.randomUUID().toString();
    }

    static String newToolId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "call_" + Long.toHexString(random.nextLong() | Long.MIN_VALUE).substring(0, 12)
                + Long.toHexString(random.nextLong() | Long.MIN_VALUE).substring(0, 12);
    }
}
