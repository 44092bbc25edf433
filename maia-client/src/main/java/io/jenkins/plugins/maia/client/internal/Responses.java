package io.jenkins.plugins.maia.client.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.jenkins.plugins.maia.client.MaiaException;
import io.jenkins.plugins.maia.client.model.MessagePage;
import io.jenkins.plugins.maia.client.model.TaskEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads successful response bodies into the models. A body that is empty where one is required, or that is
 * not the expected JSON, gives a {@link MaiaException} that says which call, what status, what was expected
 * and a short excerpt of what came instead, never a parser stack trace.
 */
public final class Responses {
    private Responses() {}

    /** The body as a JSON object; {@code what} names what was expected, e.g. "a task". */
    public static JsonNode object(ApiRequest req, ApiResponse resp, String what) {
        if (!resp.hasBody()) {
            throw new MaiaException("The Maia API answered " + resp.statusText() + " to " + req.describe()
                    + " with an empty body; expected " + what);
        }
        JsonNode node;
        try {
            node = MaiaJson.mapper().readTree(resp.body());
        } catch (JsonProcessingException e) {
            throw malformed(req, resp, what, TextExcerpt.oneLine(String.valueOf(e.getOriginalMessage()), 120));
        } catch (java.io.IOException e) {
            throw malformed(req, resp, what, e.getClass().getSimpleName());
        }
        if (node == null || !node.isObject()) {
            throw malformed(req, resp, what, "not a JSON object");
        }
        return node;
    }

    /** The body converted to {@code type}. */
    public static <T> T read(ApiRequest req, ApiResponse resp, Class<T> type, String what) {
        JsonNode node = object(req, resp, what);
        try {
            return MaiaJson.mapper().treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String reason = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw malformed(req, resp, what, TextExcerpt.oneLine(String.valueOf(reason), 120));
        }
    }

    /**
     * A messages page. Each event keeps the whole JSON node as received ({@link TaskEvent#raw()}); an event
     * whose timestamp cannot be read still comes through, with a null timestamp.
     */
    public static MessagePage messages(ApiRequest req, ApiResponse resp) {
        JsonNode node = object(req, resp, "a page of task messages");
        JsonNode results = node.get("results");
        List<TaskEvent> events = new ArrayList<>();
        if (results != null && results.isArray()) {
            for (JsonNode event : results) {
                events.add(event(event));
            }
        } else if (results != null && !results.isNull()) {
            throw malformed(req, resp, "a page of task messages", "results is not an array");
        }
        JsonNode more = node.get("more");
        String token = more == null || more.isNull() || more.isContainerNode() ? null : more.asText();
        return new MessagePage(events, token == null || token.isEmpty() ? null : token);
    }

    public static TaskEvent event(JsonNode event) {
        if (!event.isObject()) {
            return new TaskEvent(event, null, null, event);
        }
        JsonNode data = event.has("data") ? event.get("data") : NullNode.getInstance();
        JsonNode group = event.get("groupId");
        JsonNode ts = event.get("timestamp");
        return new TaskEvent(data,
                group == null || group.isNull() || group.isContainerNode() ? null : group.asText(),
                ts != null && ts.isTextual() ? LenientInstants.parse(ts.asText()) : null,
                event);
    }

    public static MaiaException malformed(ApiRequest req, ApiResponse resp, String what, String reason) {
        String type = resp.contentType() == null ? "no content type" : resp.contentType();
        return new MaiaException("The Maia API answered " + resp.statusText() + " to " + req.describe()
                + " with a body that is not " + what + " (" + reason + "; " + type + "): "
                + TextExcerpt.of(resp.bodyText()));
    }
}
