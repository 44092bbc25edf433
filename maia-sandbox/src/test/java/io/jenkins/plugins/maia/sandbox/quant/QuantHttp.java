package io.jenkins.plugins.maia.sandbox.quant;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Raw HTTP to the sandbox's Quant endpoints (no client in between, so the tests see exactly what the server does),
 * and a check of every successful answer against the vendor document's response schemas.
 */
final class QuantHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TASKS = "/api/v3/organizations/acme/ai/tasks";

    private static final OpenApiInteractionValidator RESPONSES = OpenApiInteractionValidator
            .createForInlineApiSpecification(document()).build();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String origin;
    private final String token;

    QuantHttp(String origin, String token) {
        this.origin = origin;
        this.token = token;
    }

    record Reply(int status, String contentType, String body, String allow) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        List<String> violations() {
            assertThat(contentType).startsWith("application/problem+json");
            List<String> out = new ArrayList<>();
            json().path("violations").forEach(v -> out.add(v.asText()));
            return out;
        }
    }

    Reply get(String pathAndQuery) {
        return send("GET", pathAndQuery, null, "application/json");
    }

    Reply post(String path, String body) {
        return send("POST", path, body, "application/json");
    }

    Reply put(String path, String body) {
        return send("PUT", path, body, "application/json");
    }

    Reply delete(String pathAndQuery) {
        return send("DELETE", pathAndQuery, null, null);
    }

    /** Creates a task and returns its id. */
    String create(String body) {
        Reply r = post(TASKS, body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("taskId").asText();
    }

    Reply send(String method, String pathAndQuery, String body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(origin + pathAndQuery))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null && body != null) {
            b.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            Reply reply = new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(),
                    r.headers().firstValue("Allow").orElse(null));
            if (reply.status() / 100 == 2) {
                assertFollowsTheDocument(method, URI.create(origin + pathAndQuery).getRawPath(), reply);
            }
            return reply;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertFollowsTheDocument(String method, String path, Reply reply) {
        SimpleResponse response = SimpleResponse.Builder.status(reply.status())
                .withContentType(reply.contentType()).withBody(reply.body()).build();
        ValidationReport report = RESPONSES.validateResponse(path, Request.Method.valueOf(method), response);
        assertThat(report.getMessages()).as("the answer to %s %s follows the vendor document: %s", method, path,
                reply.body()).filteredOn(m -> m.getLevel() == ValidationReport.Level.ERROR).isEmpty();
    }

    private static String document() {
        try (InputStream in = QuantHttp.class.getResourceAsStream(QuantContractValidator.CONTRACT)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
