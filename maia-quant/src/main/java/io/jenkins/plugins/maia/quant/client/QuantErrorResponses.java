package io.jenkins.plugins.maia.quant.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.maia.follower.transcript.Redactor;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an error answer into a {@link QuantApiException} a user can act on:
 * {@code Quant API 404 Not Found on GET /api/v3/organizations/acme/ai/tasks/ID: Task not found. <hint>}. Quant's
 * error bodies ({@code {error, message}}), problem documents ({@code {title, detail, violations}}) and anything else
 * (a proxy's HTML page, an empty body) are all described without a stack trace; the token is masked in everything
 * quoted.
 */
final class QuantErrorResponses {

    private QuantErrorResponses() {}

    static QuantApiException toException(QuantCall call, int status, String contentType, String body,
            String organisation, Redactor redactor) {
        JsonNode json = parse(body);
        String code = json == null ? null : text(json, "error");
        String detail = json == null ? null : firstText(json, "message", "detail", "title", "error");
        List<String> violations = json == null ? List.of() : strings(json.get("violations"));
        List<String> dependents = json == null ? List.of() : strings(json.get("dependentTaskIds"));
        String what;
        if (detail != null) {
            what = BodyExcerpt.oneLine(detail, 500) + (code != null && !detail.contains(code) ? " (" + code + ")" : "");
        } else if (body == null || body.isBlank()) {
            what = "empty response body" + (contentType == null ? "" : " (" + contentType + ")");
        } else {
            what = "unexpected " + (contentType == null ? "response without a content type" : contentType + " response")
                    + ": " + BodyExcerpt.of(body);
        }
        if (!violations.isEmpty()) {
            what += " (violations: " + BodyExcerpt.oneLine(String.join("; ", violations), 1000) + ")";
        }
        String hint = hint(status, organisation);
        String message = "Quant API " + StatusText.of(status) + " on " + call.describe() + ": " + what
                + (hint.isEmpty() ? "" : ". " + hint);
        return new QuantApiException(redactor.redact(message), status, code, redactor.redact(detail),
                violations.stream().map(redactor::redact).toList(), dependents);
    }

    /** What a user can do about a status, or empty. */
    static String hint(int status, String organisation) {
        return switch (status) {
            case 401 -> "Quant refused the API token: check the token (QuantCDN dashboard, Profile > API Tokens)";
            case 403 -> "The token is valid but may not manage AI tasks of organisation " + organisation
                    + ": check the organisation and the token's permissions";
            default -> "";
        };
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = QuantJson.mapper().readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null && node.isArray()) {
            for (JsonNode v : node) {
                out.add(v.isTextual() ? v.asText() : v.toString());
            }
        }
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    private static String firstText(JsonNode node, String... fields) {
        for (String f : fields) {
            String t = text(node, f);
            if (t != null && !t.isBlank()) {
                return t;
            }
        }
        return null;
    }
}
