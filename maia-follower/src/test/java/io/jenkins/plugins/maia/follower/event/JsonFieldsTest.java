package io.jenkins.plugins.maia.follower.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The first of several names that agent JSON may use for one thing. */
class JsonFieldsTest {

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void firstTextTakesTheFirstNameHoldingAValueAndSkipsNullsAndObjects() throws Exception {
        JsonNode node = json("{\"question\":null,\"text\":{\"nested\":1},\"prompt\":\"Which table?\",\"title\":\"t\"}");

        assertThat(JsonFields.firstText(node, "question", "text", "prompt", "title")).isEqualTo("Which table?");
        assertThat(JsonFields.firstText(json("{\"n\":3,\"b\":true}"), "n")).isEqualTo("3");
        assertThat(JsonFields.firstText(node, "missing", "other")).isNull();
    }

    @Test
    void firstNodeTakesTheFirstNamePresentAndNotNullWhateverItHolds() throws Exception {
        JsonNode node = json("{\"options\":null,\"choices\":[\"a\",\"b\"]}");

        assertThat(JsonFields.firstNode(node, "options", "choices")).isEqualTo(json("[\"a\",\"b\"]"));
        assertThat(JsonFields.firstNode(node, "options")).isNull();
    }
}
