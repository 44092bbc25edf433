package io.jenkins.plugins.maia.quant.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One call as the transport sees it.
 *
 * @param method         HTTP method
 * @param pathSegments   the path below the base URL, one unencoded segment per element
 * @param query          query parameters in order; null values are left out
 * @param jsonBody       the JSON body, or null
 * @param safe           whether the call may run twice without harm (retried after 408/425/429/5xx and any I/O
 *                       failure); an unsafe one (create) only after 429 and failures before it was sent
 * @param notFoundIsDone for delete: a 404 after an attempt that may have reached Quant means that attempt did it
 */
record QuantCall(String method, List<String> pathSegments, Map<String, String> query, byte[] jsonBody, boolean safe,
        boolean notFoundIsDone) {

    QuantCall {
        pathSegments = List.copyOf(pathSegments);
        Map<String, String> copy = new LinkedHashMap<>();
        query.forEach((k, v) -> {
            if (v != null) {
                copy.put(k, v);
            }
        });
        query = Collections.unmodifiableMap(copy);
    }

    static QuantCall get(List<String> path, Map<String, String> query) {
        return new QuantCall("GET", path, query, null, true, false);
    }

    /** {@code GET /api/v3/organizations/acme/ai/tasks}: segments are validated ids, never secrets. */
    String describe() {
        return method + " /" + String.join("/", pathSegments);
    }
}
