package io.jenkins.plugins.maia.client.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One API call as the transport sees it.
 *
 * @param method HTTP method
 * @param pathSegments path below the base URL, one (unencoded) segment per element
 * @param query query parameters in order; null values are left out
 * @param jsonBody the JSON body, or null for none
 * @param retry which failures may be retried
 * @param notFoundIsDoneAfterAmbiguousAttempt for delete: a 404 that follows an attempt that may have reached
 *     the server means the earlier attempt already did the job
 */
public record ApiRequest(
        String method,
        List<String> pathSegments,
        Map<String, String> query,
        byte[] jsonBody,
        RetryMode retry,
        boolean notFoundIsDoneAfterAmbiguousAttempt) {

    /**
     * Which failures the transport may retry.
     * SAFE: calls that may run twice without harm (GET, PUT permissions, stop, delete): retried after the
     * transient statuses (408, 425, 429, 500, 502, 503, 504), timeouts and connection failures.
     * UNSAFE: calls that must not run twice (create, send message, decisions): retried only when the server
     * cannot have processed them, i.e. after 429 or a failure before the request was sent.
     */
    public enum RetryMode { SAFE, UNSAFE }

    public ApiRequest {
        pathSegments = List.copyOf(pathSegments);
        Map<String, String> copy = new LinkedHashMap<>();
        query.forEach((k, v) -> {
            if (v != null) {
                copy.put(k, v);
            }
        });
        query = java.util.Collections.unmodifiableMap(copy);
    }

    public static ApiRequest get(List<String> segments, Map<String, String> query) {
        return new ApiRequest("GET", segments, query, null, RetryMode.SAFE, false);
    }

    /** The path for messages, e.g. {@code /v1/ai/agents/tasks/123/stop}. Segments are validated ids, never secrets. */
    public String displayPath() {
        return "/" + String.join("/", pathSegments);
    }

    /** {@code POST /v1/ai/agents/tasks} */
    public String describe() {
        return method + " " + displayPath();
    }
}
