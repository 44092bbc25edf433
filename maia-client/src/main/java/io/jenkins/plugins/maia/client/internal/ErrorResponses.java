package io.jenkins.plugins.maia.client.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.maia.client.MaiaApiException;
import io.jenkins.plugins.maia.client.model.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an error response into a {@link MaiaApiException} whose message a user can act on:
 * {@code Maia API 400 Bad Request on POST /v1/ai/agents/tasks: <detail> (violations: a; b)}.
 * {@code application/problem+json} (or any JSON object) is read as a problem document; anything else
 * (an HTML page from a proxy, an empty body, garbage) is described by status, content type and a short
 * excerpt, never by a parser's stack trace. Known secrets are masked in everything quoted from the body.
 */
public final class ErrorResponses {
    private ErrorResponses() {}

    /** For API calls: the standard hints ({@link #apiHint}). */
    public static MaiaApiException toException(String prefix, String call, int status, String serverPhrase,
            String contentType, String body, String... secrets) {
        return toException(prefix, call, status, serverPhrase, contentType, body, apiHint(status), secrets);
    }

    /** @param hint appended as a last sentence, empty for none */
    public static MaiaApiException toException(String prefix, String call, int status, String serverPhrase,
            String contentType, String body, String hint, String[] secrets) {
        Problem problem = parseProblem(body);
        String head = prefix + " " + HttpStatusText.of(status, serverPhrase) + " on " + call + ": ";
        String text;
        if (problem != null) {
            text = describe(problem, body);
        } else if (body == null || body.isBlank()) {
            text = "empty response body" + (contentType == null ? "" : " (" + contentType + ")");
        } else {
            text = "unexpected " + (contentType == null ? "response without a content type" : contentType + " response")
                    + ": " + TextExcerpt.of(body);
        }
        String message = Redaction.redact(head + text + (hint.isEmpty() ? "" : ". " + hint), secrets);
        Problem safeProblem = problem == null ? null : redact(problem, secrets);
        return new MaiaApiException(message, status, safeProblem);
    }

    /** A problem document, or null when the body is not a JSON object. */
    public static Problem parseProblem(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        JsonNode node;
        try {
            node = MaiaJson.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
        if (node == null || !node.isObject()) {
            return null;
        }
        String detail = text(node, "detail");
        if (detail == null) {
            // Not RFC 7807, but common in gateways and OAuth servers.
            detail = firstText(node, "message", "error_description", "error");
        }
        Integer status = node.path("status").canConvertToInt() ? node.path("status").asInt() : null;
        return new Problem(text(node, "type"), text(node, "title"), status, detail, text(node, "instance"),
                violations(node.get("violations")));
    }

    private static String describe(Problem problem, String body) {
        String main = problem.detail() != null ? problem.detail()
                : problem.title() != null ? problem.title()
                : TextExcerpt.of(body);
        StringBuilder sb = new StringBuilder(TextExcerpt.oneLine(main, 500));
        if (!problem.violations().isEmpty()) {
            sb.append(" (violations: ").append(TextExcerpt.oneLine(String.join("; ", problem.violations()), 1000)).append(')');
        }
        return sb.toString();
    }

    /** What a user can do about an API error status, or empty. */
    public static String apiHint(int status) {
        return switch (status) {
            case 401 -> "The API refused the credentials: check the token or the client id and secret, and that the"
                    + " account belongs to this region";
            case 403 -> "The credentials are valid but their account role may not allow this";
            case 409 -> "The task is not in a state that allows this (a RUNNING task cannot be deleted: stop it and"
                    + " wait for STOPPED)";
            default -> "";
        };
    }

    private static List<String> violations(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null || !node.isArray()) {
            return out;
        }
        for (JsonNode v : node) {
            if (v.isTextual()) {
                out.add(v.asText());
            } else if (v.isObject()) {
                String field = firstText(v, "field", "propertyPath", "name", "pointer");
                String msg = firstText(v, "message", "detail", "reason");
                out.add(field != null && msg != null ? field + ": " + msg : msg != null ? msg : v.toString());
            } else if (!v.isNull()) {
                out.add(v.toString());
            }
        }
        return out;
    }

    private static Problem redact(Problem p, String... secrets) {
        return new Problem(p.type(), Redaction.redact(p.title(), secrets), p.status(), Redaction.redact(p.detail(), secrets),
                p.instance(), p.violations().stream().map(v -> Redaction.redact(v, secrets)).toList());
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
