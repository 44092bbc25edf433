package io.jenkins.plugins.maia.sandbox;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every request goes through here: statistics, faults that replace handling, routing, authentication, rate
 * limiting, contract validation, the endpoint, then faults on the way out (dropped or delayed responses).
 */
final class RequestPipeline implements HttpHandler {

    private static final Logger LOG = Logger.getLogger(RequestPipeline.class.getName());
    /** Requests larger than this get 413 (the contract states no limit; 1 MiB is far above any real message). */
    static final int MAX_BODY_BYTES = 1 << 20;
    /** Exchange attribute: when the request arrived ({@link System#nanoTime()}), for the request listener. */
    private static final String ARRIVED = "maia-sandbox.arrived";
    /**
     * How long a hung request keeps its connection before the server closes it: far past any client's read timeout,
     * and bounded so that a long run with a hang rate does not pile up open sockets.
     */
    static final long HANG_LIMIT_MINUTES = 10;

    private final String basePath;
    private final SandboxStats stats;
    private final FaultInjector injector;
    private final AccessTokens tokens;
    private final RateLimiter limiter;
    private final ContractValidator validator;
    private final TaskApi api;
    private final TokenEndpoint tokenEndpoint;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;
    private final RequestListener listener;
    /** Exchanges held by the hang fault, closed after {@link #HANG_LIMIT_MINUTES} or when the server closes. */
    private final Set<HttpExchange> hung = ConcurrentHashMap.newKeySet();

    RequestPipeline(String basePath, SandboxStats stats, FaultInjector injector, AccessTokens tokens,
            RateLimiter limiter, ContractValidator validator, TaskApi api, TokenEndpoint tokenEndpoint,
            ScheduledExecutorService scheduler, ExecutorService workers, RequestListener listener) {
        this.basePath = basePath;
        this.stats = stats;
        this.injector = injector;
        this.tokens = tokens;
        this.limiter = limiter;
        this.validator = validator;
        this.api = api;
        this.tokenEndpoint = tokenEndpoint;
        this.scheduler = scheduler;
        this.workers = workers;
        this.listener = listener;
    }

    @Override
    public void handle(HttpExchange exchange) {
        exchange.setAttribute(ARRIVED, System.nanoTime());
        try {
            pipe(exchange);
        } catch (RuntimeException | IOException | StackOverflowError e) {
            // StackOverflowError: the schema validator recurses; a contract change could make it overflow.
            // Never the request's secrets: only the exception, which carries none.
            LOG.log(Level.WARNING, "maia-sandbox: unexpected error answering " + exchange.getRequestMethod() + " "
                    + exchange.getRequestURI().getPath(), e);
            send(exchange, Problem.of(500, "The sandbox failed to answer: " + e.getClass().getSimpleName(),
                    exchange.getRequestURI().getPath()).response());
        }
    }

    private void pipe(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String path = exchange.getRequestURI().getPath();
        Route route = Route.of(method, path, basePath);
        stats.request(route.endpoint(), TaskApi.isUuid(route.taskId()) ? route.taskId() : null);

        Faults current = injector.faults();
        boolean faultable = route.endpoint() != Endpoint.TOKEN || current.includeTokenEndpoint();
        FaultInjector.Plan plan = faultable ? injector.plan() : FaultInjector.Plan.none(current);
        if (plan.instead() == FaultKind.DROPPED_CONNECTION) {
            stats.fault(FaultKind.DROPPED_CONNECTION);
            drop(exchange);
            return;
        }
        if (plan.instead() == FaultKind.HUNG) {
            stats.fault(FaultKind.HUNG);
            hang(exchange);
            return;
        }
        ApiResponse response;
        boolean handled = plan.instead() == null;
        if (handled) {
            response = answer(exchange, method, path, route, plan);
        } else {
            stats.fault(plan.instead());
            response = injected(plan.instead(), plan.faults(), path);
        }
        if (handled && plan.dropResponse()) {
            stats.fault(FaultKind.DROPPED_RESPONSE);
            drop(exchange);
            return;
        }
        long delay = plan.delayNanos();
        if (delay > 0) {
            stats.fault(FaultKind.LATENCY);
        }
        if (handled && plan.slow()) {
            stats.fault(FaultKind.SLOW_RESPONSE);
            delay += plan.faults().slowResponseDelay().toNanos();
        }
        if (delay > 0) {
            later(exchange, response, delay);
        } else {
            send(exchange, response);
        }
    }

    private ApiResponse answer(HttpExchange exchange, String method, String path, Route route,
            FaultInjector.Plan plan) throws IOException {
        if (!route.known()) {
            if (route.allowed().isEmpty()) {
                return Problem.of(404, "No endpoint at " + path + "; the API lives under " + basePath
                        + Route.TASKS + " and the token endpoint at " + Route.TOKEN_PATH, path).response();
            }
            return Problem.of(405, method + " is not allowed on " + path + "; use " + String.join(" or ",
                    route.allowed()), path).response().withHeader("Allow", String.join(", ", route.allowed()));
        }
        byte[] body = readBody(exchange);
        if (body == null) {
            return Problem.of(413, "The request body is larger than " + MAX_BODY_BYTES + " bytes", path).response();
        }
        ApiRequest request = new ApiRequest(method, path,
                ApiRequest.parseForm(exchange.getRequestURI().getRawQuery()), headers(exchange.getRequestHeaders()),
                body);
        if (route.endpoint() == Endpoint.TOKEN) {
            return tokenEndpoint.handle(request);
        }
        String token = bearer(request);
        ApiResponse denied = authenticate(token, plan.expireToken(), path);
        if (denied != null) {
            return denied;
        }
        if (limiter != null) {
            OptionalLong wait = limiter.acquire(token);
            if (wait.isPresent()) {
                stats.fault(FaultKind.RATE_LIMITED);
                return Problem.of(429, "Rate limit exceeded; retry after " + wait.getAsLong() + " second(s)", path)
                        .response().withHeader("Retry-After", Long.toString(wait.getAsLong()));
            }
        }
        if (route.taskId() != null && !TaskApi.isUuid(route.taskId())) {
            return Problem.badRequest(TaskApi.taskIdViolations(route.taskId()), path).response();
        }
        RequestCheck result = validator.validate(request);
        switch (result.failure()) {
            case UNREADABLE_BODY:
                return new Problem(400, "Bad Request", "Failed to read request. Please check your request body.", path,
                        result.violations()).response();
            case UNSUPPORTED_MEDIA_TYPE:
                return new Problem(415, "Unsupported Media Type", String.join("; ", result.violations()), path,
                        result.violations()).response();
            case INVALID:
                return Problem.badRequest(result.violations(), path).response();
            default:
                return api.handle(request, route);
        }
    }

    private static String bearer(ApiRequest request) {
        String header = request.header("authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    private ApiResponse authenticate(String token, boolean expireNow, String path) {
        if (token == null) {
            return Problem.of(401, "Missing bearer token: send the header Authorization: Bearer <access token>", path)
                    .response().withHeader("WWW-Authenticate", "Bearer realm=\"maia-sandbox\"");
        }
        AccessTokens.Check check = tokens.check(token);
        if (check == AccessTokens.Check.VALID && expireNow && tokens.expire(token)) {
            check = AccessTokens.Check.EXPIRED;
        }
        switch (check) {
            case VALID:
                return null;
            case EXPIRED:
                stats.fault(FaultKind.TOKEN_EXPIRED);
                return unauthorized("The access token has expired; request a new one from the token endpoint", path);
            default:
                return unauthorized("The access token is not valid", path);
        }
    }

    private static ApiResponse unauthorized(String detail, String path) {
        return Problem.of(401, detail, path).response().withHeader("WWW-Authenticate",
                "Bearer realm=\"maia-sandbox\", error=\"invalid_token\", error_description=\"" + detail + "\"");
    }

    private static ApiResponse injected(FaultKind kind, Faults faults, String path) {
        return switch (kind) {
            case TOO_MANY_REQUESTS -> Problem.of(429, "Rate limit exceeded; retry after " + faults.retryAfterSeconds()
                    + " second(s)", path).response().withHeader("Retry-After", Integer.toString(faults.retryAfterSeconds()));
            case BAD_GATEWAY -> Problem.of(502, "Upstream service error", path).response();
            case SERVICE_UNAVAILABLE -> Problem.of(503, "The service is temporarily unavailable", path).response();
            case GATEWAY_TIMEOUT -> Problem.of(504, "Upstream service timeout", path).response();
            case HTML_ERROR_PAGE -> {
                int status = faults.htmlErrorStatus();
                String title = status + " " + Problem.title(status);
                yield ApiResponse.text(status, "text/html; charset=utf-8", "<html>\r\n<head><title>" + title
                        + "</title></head>\r\n<body>\r\n<center><h1>" + title + "</h1></center>\r\n<hr><center>nginx"
                        + "</center>\r\n</body>\r\n</html>\r\n");
            }
            default -> throw new IllegalArgumentException("not a replacing fault: " + kind);
        };
    }

    /** The body, or null if it is larger than {@link #MAX_BODY_BYTES}. */
    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            return body.length > MAX_BODY_BYTES ? null : body;
        }
    }

    private static Map<String, String> headers(Headers headers) {
        Map<String, String> map = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            List<String> list = values;
            if (name != null && !list.isEmpty()) {
                map.put(name.toLowerCase(Locale.ROOT), list.get(0));
            }
        });
        return map;
    }

    private void later(HttpExchange exchange, ApiResponse response, long delayNanos) {
        try {
            scheduler.schedule(() -> {
                try {
                    workers.execute(() -> send(exchange, response));
                } catch (RejectedExecutionException closing) {
                    drop(exchange);
                }
            }, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
            drop(exchange);
        }
    }

    private void send(HttpExchange exchange, ApiResponse response) {
        stats.response(response.status());
        tell(exchange, response.status());
        try {
            Headers headers = exchange.getResponseHeaders();
            response.headers().forEach(headers::set);
            if (response.contentType() != null) {
                headers.set("Content-Type", response.contentType());
            }
            if (response.body().length == 0) {
                exchange.sendResponseHeaders(response.status(), -1);
            } else {
                exchange.sendResponseHeaders(response.status(), response.body().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
        } catch (IOException clientGone) {
            // The client closed the connection (for example after its read timeout): nothing to answer.
        } finally {
            exchange.close();
        }
    }

    /**
     * Keeps the request without answering it: its body is read (the client's write completes), then nothing. No
     * worker thread waits; the exchange is closed after {@link #HANG_LIMIT_MINUTES} or by {@link #close()}.
     */
    private void hang(HttpExchange exchange) throws IOException {
        readBody(exchange);
        hung.add(exchange);
        try {
            scheduler.schedule(() -> {
                if (hung.remove(exchange)) {
                    drop(exchange);
                }
            }, HANG_LIMIT_MINUTES, TimeUnit.MINUTES);
        } catch (RejectedExecutionException closing) {
            hung.remove(exchange);
            drop(exchange);
        }
    }

    /** The server is closing: the requests still hanging lose their connections. */
    void close() {
        for (HttpExchange exchange : hung) {
            if (hung.remove(exchange)) {
                drop(exchange);
            }
        }
    }

    /** Closes the connection without a response: before the headers are sent, close() drops the connection. */
    private void drop(HttpExchange exchange) {
        tell(exchange, 0);
        exchange.close();
    }

    private void tell(HttpExchange exchange, int status) {
        if (listener == null) {
            return;
        }
        Object arrived = exchange.getAttribute(ARRIVED);
        long took = arrived instanceof Long start ? System.nanoTime() - start : 0;
        try {
            listener.answered(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), status,
                    java.time.Duration.ofNanos(took));
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "maia-sandbox: the request listener failed", e);
        }
    }
}
