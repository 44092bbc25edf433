package io.jenkins.plugins.maia.sandbox.quant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.jenkins.plugins.maia.sandbox.RequestCheck;
import io.jenkins.plugins.maia.sandbox.RequestListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Quant's AI Task Management endpoints on the sandbox, under {@value #CONTEXT}: every request is authenticated with
 * the sandbox's bearer tokens, checked against the vendor's document (a 400 problem naming each violation), then
 * handed to the {@link QuantBoard}. Errors are {@code application/problem+json} ({@code title, status, detail,
 * violations}), except a delete refused for its dependents, which gets Quant's documented
 * {@code {error, message, dependentTaskIds}}.
 */
public final class QuantEndpoints implements HttpHandler {
    /** Where the Quant paths start; register this handler for it. */
    public static final String CONTEXT = "/api/v3/";
    static final int MAX_BODY_BYTES = 1 << 20;
    private static final Logger LOG = Logger.getLogger(QuantEndpoints.class.getName());

    private final QuantBoard board;
    private final Predicate<String> tokenValid;
    private final RequestListener listener;
    private final QuantContractValidator validator = QuantContractValidator.shared();

    /**
     * @param tokenValid whether a bearer token may call (the sandbox's tokens)
     * @param listener   told of every request answered, or null
     */
    public QuantEndpoints(QuantBoard board, Predicate<String> tokenValid, RequestListener listener) {
        this.board = board;
        this.tokenValid = tokenValid;
        this.listener = listener;
    }

    @Override
    public void handle(HttpExchange exchange) {
        long arrived = System.nanoTime();
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String rawPath = exchange.getRequestURI().getRawPath();
        Answer answer;
        try {
            answer = answer(exchange, method, rawPath);
        } catch (RuntimeException | IOException | StackOverflowError e) {
            // Never the request's token: only the exception, which carries none.
            LOG.log(Level.WARNING, "maia-sandbox: unexpected error answering " + method + " " + rawPath, e);
            answer = problem(500, "The sandbox failed to answer: " + e.getClass().getSimpleName(), rawPath, List.of());
        }
        send(exchange, answer);
        if (listener != null) {
            try {
                listener.answered(method, rawPath, answer.status(), Duration.ofNanos(System.nanoTime() - arrived));
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "maia-sandbox: the request listener failed", e);
            }
        }
    }

    private Answer answer(HttpExchange exchange, String method, String rawPath) throws IOException {
        QuantRoute route = QuantRoute.of(method, rawPath);
        if (route.operation() == QuantRoute.Operation.NONE) {
            return route.allowed().isEmpty()
                    ? problem(404, "No endpoint at " + rawPath + "; Quant's AI tasks live under"
                            + " /api/v3/organizations/{organisation}/ai/tasks", rawPath, List.of())
                    : problem(405, method + " is not allowed on " + rawPath + "; use " + String.join(" or ", route.allowed()),
                            rawPath, List.of()).withHeader("Allow", String.join(", ", route.allowed()));
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : "";
        if (token.isEmpty() || !tokenValid.test(token)) {
            return problem(401, token.isEmpty() ? "Missing bearer token: send the header Authorization: Bearer <token>"
                    : "The token is not valid", rawPath, List.of())
                    .withHeader("WWW-Authenticate", "Bearer realm=\"maia-sandbox-quant\"");
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            return problem(413, "The request body is larger than " + MAX_BODY_BYTES + " bytes", rawPath, List.of());
        }
        Map<String, List<String>> query = query(exchange.getRequestURI().getRawQuery());
        RequestCheck check = validator.validate(method, rawPath, query,
                exchange.getRequestHeaders().getFirst("Content-Type"), body);
        switch (check.failure()) {
            case UNREADABLE_BODY:
                return problem(400, "Failed to read request. Please check your request body.", rawPath, check.violations());
            case UNSUPPORTED_MEDIA_TYPE:
                return problem(415, String.join("; ", check.violations()), rawPath, check.violations());
            case INVALID:
                return problem(400, summary(check.violations()), rawPath, check.violations());
            default:
                break;
        }
        try {
            return new Answer(route.operation() == QuantRoute.Operation.CREATE ? 201 : 200,
                    "application/json", run(route, query, body), Map.of());
        } catch (QuantBoardException e) {
            if (e.body() != null) {
                return new Answer(e.status(), "application/json", e.body(), Map.of());
            }
            return problem(e.status(), e.getMessage(), rawPath, e.violations());
        }
    }

    private ObjectNode run(QuantRoute route, Map<String, List<String>> query, byte[] body) throws IOException {
        String org = route.organisation();
        return switch (route.operation()) {
            case CREATE -> board.create(org, object(body));
            case LIST -> board.list(org, first(query, "taskListId"), first(query, "status"),
                    first(query, "assignedAgentId"), first(query, "limit") == null ? null
                            : Integer.valueOf(first(query, "limit")), first(query, "dependsOn"),
                    "true".equals(first(query, "includeDetails")));
            case GET -> board.get(org, route.id());
            case UPDATE -> board.update(org, route.id(), object(body));
            case DELETE -> board.delete(org, route.id(), "true".equals(first(query, "cascade")));
            case GRAPH -> board.graph(org, route.id());
            case NONE -> throw new IllegalStateException("not an operation");
        };
    }

    private static ObjectNode object(byte[] body) throws IOException {
        JsonNode node = QuantBoard.JSON.readTree(body);
        return node instanceof ObjectNode o ? o : QuantBoard.JSON.createObjectNode();
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                if (!pair.isEmpty()) {
                    int eq = pair.indexOf('=');
                    params.computeIfAbsent(QuantRoute.decode(eq < 0 ? pair : pair.substring(0, eq)), k -> new ArrayList<>())
                            .add(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return params;
    }

    private static String summary(List<String> violations) {
        return violations.size() == 1 ? violations.get(0) : violations.size() + " problems: "
                + String.join("; ", violations.subList(0, Math.min(5, violations.size()))) + (violations.size() > 5 ? "; ..." : "");
    }

    private static Answer problem(int status, String detail, String instance, List<String> violations) {
        ObjectNode body = QuantBoard.JSON.createObjectNode();
        body.put("type", "about:blank");
        body.put("title", title(status));
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", instance);
        ArrayNode list = body.putArray("violations");
        violations.forEach(list::add);
        return new Answer(status, "application/problem+json", body, Map.of());
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Payload Too Large";
            case 415 -> "Unsupported Media Type";
            default -> "Internal Server Error";
        };
    }

    private static void send(HttpExchange exchange, Answer answer) {
        try {
            byte[] bytes = QuantBoard.JSON.writeValueAsBytes(answer.body());
            answer.headers().forEach(exchange.getResponseHeaders()::set);
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException clientGone) {
            // The client closed the connection: nothing to answer.
        } finally {
            exchange.close();
        }
    }

    /** A response ready to send. */
    private record Answer(int status, String contentType, JsonNode body, Map<String, String> headers) {
        Answer withHeader(String name, String value) {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.put(name, value);
            return new Answer(status, contentType, body, all);
        }
    }
}
