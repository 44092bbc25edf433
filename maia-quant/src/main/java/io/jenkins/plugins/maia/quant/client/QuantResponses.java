package io.jenkins.plugins.maia.quant.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.maia.client.MaiaException;
import io.jenkins.plugins.maia.quant.model.DependencyGraph;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads 2xx bodies into the records. A body that is empty or not the expected JSON gives a {@link MaiaException}
 * naming the call, what was expected and a short excerpt of what came, never a parser's stack trace.
 */
final class QuantResponses {
    private QuantResponses() {}

    static JsonNode object(QuantCall call, String body, String what) {
        if (body == null || body.isBlank()) {
            throw new MaiaException("Quant answered " + call.describe() + " with an empty body; expected " + what);
        }
        JsonNode node;
        try {
            node = QuantJson.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw malformed(call, body, what, BodyExcerpt.oneLine(String.valueOf(e.getOriginalMessage()), 120));
        }
        if (node == null || !node.isObject()) {
            throw malformed(call, body, what, "not a JSON object");
        }
        return node;
    }

    static <T> T read(QuantCall call, String body, Class<T> type, String what) {
        JsonNode node = object(call, body, what);
        try {
            return QuantJson.mapper().treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String reason = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw malformed(call, body, what, BodyExcerpt.oneLine(String.valueOf(reason), 120));
        }
    }

    /**
     * The graph endpoint types {@code graph} only as "an object" (its example is the string {@code '{}'}), so it is
     * read leniently: entries that are objects become nodes, anything else is left out.
     */
    static DependencyGraph graph(QuantCall call, String body) {
        JsonNode node = object(call, body, "a dependency graph");
        Map<String, DependencyGraph.Node> nodes = new LinkedHashMap<>();
        JsonNode graph = node.get("graph");
        if (graph != null && graph.isObject()) {
            for (Map.Entry<String, JsonNode> e : graph.properties()) {
                if (e.getValue().isObject()) {
                    try {
                        nodes.put(e.getKey(), QuantJson.mapper().treeToValue(e.getValue(), DependencyGraph.Node.class));
                    } catch (JsonProcessingException | IllegalArgumentException ignored) {
                        // One unreadable entry does not spoil the rest of the graph.
                    }
                }
            }
        }
        try {
            ObjectNode rest = ((ObjectNode) node).deepCopy();
            rest.remove("graph");
            DependencyGraph head = QuantJson.mapper().treeToValue(rest, DependencyGraph.class);
            return new DependencyGraph(head.taskListId(), head.taskCount(), head.roots(), head.leaves(), nodes);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw malformed(call, body, "a dependency graph", BodyExcerpt.oneLine(String.valueOf(e.getMessage()), 120));
        }
    }

    private static MaiaException malformed(QuantCall call, String body, String what, String reason) {
        return new MaiaException("Quant answered " + call.describe() + " with a body that is not " + what + " ("
                + reason + "): " + BodyExcerpt.of(body));
    }
}
