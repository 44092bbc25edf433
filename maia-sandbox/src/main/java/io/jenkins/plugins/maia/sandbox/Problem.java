package io.jenkins.plugins.maia.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * An {@code application/problem+json} error, shaped like the contract's ProblemDetail:
 * {@code {type, title, status, detail, instance, violations}}.
 */
record Problem(int status, String title, String detail, String instance, List<String> violations) {

    static final String TYPE_BASE = "https://api.matillion.com/problems/";
    static final String CONTENT_TYPE = "application/problem+json";

    Problem {
        violations = List.copyOf(violations);
    }

    static Problem of(int status, String detail, String instance) {
        return new Problem(status, title(status), detail, instance, List.of());
    }

    /** A 400 listing every violation; the detail repeats them so that a client showing only the detail still names the field. */
    static Problem badRequest(List<String> violations, String instance) {
        String detail = violations.size() == 1 ? violations.get(0)
                : violations.size() + " problems: " + String.join("; ", violations.subList(0, Math.min(5, violations.size())))
                        + (violations.size() > 5 ? "; ..." : "");
        return new Problem(400, "Bad Request", detail, instance, violations);
    }

    ApiResponse response() {
        ObjectNode body = ApiResponse.JSON.createObjectNode();
        body.put("type", TYPE_BASE + title.toLowerCase(Locale.ROOT).replace(' ', '-'));
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", instance);
        ArrayNode list = body.putArray("violations");
        violations.forEach(list::add);
        return ApiResponse.json(status, CONTENT_TYPE, body);
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Payload Too Large";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Error " + status;
        };
    }
}
