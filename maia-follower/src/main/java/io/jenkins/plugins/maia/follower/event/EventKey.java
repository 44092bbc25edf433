package io.jenkins.plugins.maia.follower.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.maia.client.model.TaskEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;

/**
 * A short, stable identity of a message event: SHA-256 of its timestamp, groupId and canonical data (object
 * fields sorted, numbers normalised), cut to 128 bits, base64url (22 characters). The API gives events no id;
 * this key lets a follower verify, on re-reading a page, that the event it delivered last is still where it was.
 */
public final class EventKey {

    private EventKey() {}

    /** The key of {@code event}. */
    public static String of(TaskEvent event) {
        String timestamp = "";
        JsonNode raw = event.raw();
        if (raw != null && raw.hasNonNull("timestamp")) {
            timestamp = raw.get("timestamp").asText();
        } else if (event.timestamp() != null) {
            timestamp = event.timestamp().toString();
        }
        StringBuilder sb = new StringBuilder(128);
        sb.append(timestamp).append('\u0000').append(event.groupId() == null ? "" : event.groupId()).append('\u0000');
        canonical(event.data(), sb);
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
        byte[] digest = sha.digest(sb.toString().getBytes(StandardCharsets.UTF_8));
        byte[] cut = new byte[16];
        System.arraycopy(digest, 0, cut, 0, cut.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(cut);
    }

    private static void canonical(JsonNode node, StringBuilder sb) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            sb.append('n');
        } else if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            sb.append('{');
            for (String name : names) {
                quote(name, sb);
                sb.append(':');
                canonical(node.get(name), sb);
                sb.append(',');
            }
            sb.append('}');
        } else if (node.isArray()) {
            sb.append('[');
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                canonical(it.next(), sb);
                sb.append(',');
            }
            sb.append(']');
        } else if (node.isNumber()) {
            sb.append('#').append(node.decimalValue().stripTrailingZeros().toPlainString());
        } else if (node.isBoolean()) {
            sb.append(node.booleanValue() ? 't' : 'f');
        } else {
            quote(node.asText(), sb);
        }
    }

    private static void quote(String s, StringBuilder sb) {
        sb.append('"').append(s.length()).append(':').append(s).append('"');
    }
}
