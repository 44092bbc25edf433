package io.jenkins.plugins.maia.client.internal;

import java.nio.charset.StandardCharsets;

/** A successful (2xx) answer, body fully read. */
public record ApiResponse(int status, String statusText, String contentType, byte[] body) {

    public boolean hasBody() {
        return body.length > 0 && !new String(body, StandardCharsets.UTF_8).isBlank();
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
