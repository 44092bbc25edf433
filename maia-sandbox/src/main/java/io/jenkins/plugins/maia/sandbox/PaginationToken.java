package io.jenkins.plugins.maia.sandbox;

import io.jenkins.plugins.maia.sandbox.agent.InvalidTaskRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The {@code more} / {@code paginationToken} of the messages endpoint: opaque to clients, it is the offset of the
 * next event, bound to the task it was given for.
 */
final class PaginationToken {

    private static final String VERSION = "m1";

    private PaginationToken() {}

    static String encode(String taskId, int offset) {
        String plain = VERSION + ":" + taskId + ":" + offset;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    static int decode(String taskId, String token) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            String[] parts = plain.split(":");
            if (parts.length == 3 && parts[0].equals(VERSION) && parts[1].equals(taskId)) {
                int offset = Integer.parseInt(parts[2]);
                if (offset >= 0) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException malformed) {
            // reported below
        }
        throw new InvalidTaskRequestException("paginationToken: is not a token this server gave for task " + taskId
                + "; pass the 'more' value of the previous page, or omit it to start from the first event");
    }
}
