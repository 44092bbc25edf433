package io.jenkins.plugins.maia.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** A plain HTTP client for the tests (deliberately not maia-client: the sandbox is tested on its own). */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final String baseUrl;
    private final String token;
    private final Duration timeout;

    Http(String baseUrl, String token) {
        this(baseUrl, token, Duration.ofSeconds(10));
    }

    Http(String baseUrl, String token, Duration timeout) {
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
        this.baseUrl = baseUrl;
        this.token = token;
        this.timeout = timeout;
    }

    static Http to(SandboxServer sandbox) {
        return new Http(sandbox.baseUrl(), SandboxOptions.DEFAULT_TOKEN);
    }

    Http withToken(String other) {
        return new Http(baseUrl, other, timeout);
    }

    Http withTimeout(Duration other) {
        return new Http(baseUrl, token, other);
    }

    record Reply(int status, java.net.http.HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        String contentType() {
            return header("Content-Type").orElse("");
        }
    }

    Reply get(String path) throws IOException {
        return send(request(path).GET());
    }

    Reply delete(String path) throws IOException {
        return send(request(path).DELETE());
    }

    Reply post(String path, Object body) throws IOException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(text(body))));
    }

    Reply postEmpty(String path) throws IOException {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    Reply put(String path, Object body) throws IOException {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(text(body))));
    }

    Reply raw(String method, String path, String contentType, String body) throws IOException {
        HttpRequest.Builder builder = request(path);
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return send(builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A form POST to an absolute URL (the token endpoint), without bearer token. */
    Reply form(String url, Map<String, String> fields) throws IOException {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private Reply send(HttpRequest.Builder builder) throws IOException {
        try {
            HttpResponse<String> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String text(Object body) throws IOException {
        return body instanceof String s ? s : JSON.writeValueAsString(body);
    }
}
