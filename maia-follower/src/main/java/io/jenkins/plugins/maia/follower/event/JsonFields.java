package io.jenkins.plugins.maia.follower.event;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Lookups in the untyped JSON the API leaves to the agent (event {@code data}, a decision's {@code toolInput}), where
 * the same thing goes by several names ({@code "question"}, {@code "text"}, {@code "prompt"}): the first name present
 * wins. Shared by {@link MessageText} and the decision views, so both read agent JSON the same way.
 */
public final class JsonFields {

    private JsonFields() {}

    /** The text of the first of {@code names} that holds a value (a string, number or boolean), or null. */
    public static String firstText(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode v = node.get(name);
            if (v != null && v.isValueNode() && !v.isNull()) {
                return v.asText();
            }
        }
        return null;
    }

    /** The first of {@code names} that is present and not JSON null, or null. */
    public static JsonNode firstNode(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode v = node.get(name);
            if (v != null && !v.isNull()) {
                return v;
            }
        }
        return null;
    }
}
