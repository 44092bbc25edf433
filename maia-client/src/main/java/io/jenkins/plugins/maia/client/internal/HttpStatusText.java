package io.jenkins.plugins.maia.client.internal;

import java.util.Map;

/** Standard reason phrases, because HTTP/2 responses carry none and messages read better with them. */
public final class HttpStatusText {
    private static final Map<Integer, String> PHRASES = Map.ofEntries(
            Map.entry(200, "OK"), Map.entry(201, "Created"), Map.entry(202, "Accepted"), Map.entry(204, "No Content"),
            Map.entry(301, "Moved Permanently"), Map.entry(302, "Found"), Map.entry(303, "See Other"),
            Map.entry(307, "Temporary Redirect"), Map.entry(308, "Permanent Redirect"),
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(406, "Not Acceptable"),
            Map.entry(407, "Proxy Authentication Required"), Map.entry(408, "Request Timeout"),
            Map.entry(409, "Conflict"), Map.entry(410, "Gone"), Map.entry(413, "Content Too Large"),
            Map.entry(415, "Unsupported Media Type"), Map.entry(422, "Unprocessable Content"),
            Map.entry(429, "Too Many Requests"), Map.entry(500, "Internal Server Error"),
            Map.entry(501, "Not Implemented"), Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"),
            Map.entry(504, "Gateway Timeout"));

    private HttpStatusText() {}

    /** e.g. {@code 404 Not Found}; falls back to the server's phrase, then to the bare number. */
    public static String of(int status, String serverPhrase) {
        String phrase = PHRASES.get(status);
        if (phrase == null && serverPhrase != null && !serverPhrase.isBlank()) {
            phrase = TextExcerpt.oneLine(serverPhrase, 60);
        }
        return phrase == null ? Integer.toString(status) : status + " " + phrase;
    }
}
