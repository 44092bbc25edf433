package io.jenkins.plugins.maia.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.jenkins.plugins.maia.client.model.PendingDecision;
import io.jenkins.plugins.maia.client.model.PermissionMessage;
import io.jenkins.plugins.maia.client.model.Task;
import io.jenkins.plugins.maia.client.model.TaskEvent;
import io.jenkins.plugins.maia.follower.transcript.Redactor;
import java.util.Iterator;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What the server sent (agent messages, tool input, decisions, task descriptions) made safe to print: every known
 * secret masked first, on the whole text, and only then cleaned of control characters and cut to fit a line.
 *
 * <p>The order matters. The redacting console stream masks a secret that reaches it whole, but a line cut in the
 * middle of an echoed token would print its first half, which no later step recognises. So the console code works
 * on copies with the secrets already masked ({@link #event}, {@link #decision}, {@link #task}), and cuts with
 * {@link #oneLine}.
 */
final class ServerText {

    private static final Redactor FIELD_NAMES = Redactor.headersOnly();

    private final UnaryOperator<String> redact;

    ServerText(UnaryOperator<String> redact) {
        this.redact = redact;
    }

    static ServerText of(CliContext ctx) {
        return new ServerText(ctx::redact);
    }

    /** {@code text} masked; null stays null. */
    String redact(String text) {
        return text == null ? null : redact.apply(text);
    }

    /** Masked, then control characters removed; newlines kept. */
    String clean(String text) {
        return TerminalText.clean(redact(text));
    }

    /** Masked, then on one line and cut to {@code max} characters. */
    String oneLine(String text, int max) {
        return TerminalText.oneLine(redact(text), max);
    }

    /** A copy of {@code node} with every string masked and the values of credential-named fields replaced. */
    JsonNode tree(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            String masked = redact(node.asText());
            return masked.equals(node.asText()) ? node : TextNode.valueOf(masked);
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode value = field.getValue();
                boolean secret = FIELD_NAMES.isSecretField(field.getKey()) && value.isValueNode() && !value.isNull();
                copy.set(redact(field.getKey()), secret ? TextNode.valueOf(Redactor.MASK) : tree(value));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(v -> copy.add(tree(v)));
            return copy;
        }
        return node;
    }

    TaskEvent event(TaskEvent event) {
        return new TaskEvent(tree(event.data()), event.groupId(), event.timestamp(), tree(event.raw()));
    }

    /**
     * A pending decision for display. The {@code toolId} stays as it is: it identifies the answer, and it is never
     * cut, so the console stream masks it if it ever held a secret.
     */
    PendingDecision decision(PendingDecision p) {
        PermissionMessage m = p.permissionMessage();
        return new PendingDecision(p.type(), redact(p.toolName()), p.toolId(),
                m == null ? null : new PermissionMessage(redact(m.title()), redact(m.body())), tree(p.toolInput()));
    }

    /** A task for display: its description (the user's message) and pending decisions masked. */
    Task task(Task t) {
        return new Task(t.taskId(), t.status(), redact(t.description()), t.createdAt(), t.modifiedAt(),
                t.agentConfig(), t.grantedPermissions(), t.pendingDecisions().stream().map(this::decision).toList());
    }
}
