package io.jenkins.plugins.maia.quant.contract;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/**
 * Validates requests against the vendor's Quant OpenAPI document (maia-contract's {@code quant/openapi.yaml}, an
 * OpenAPI 3.0 extract, so it is loaded as it is) with swagger-request-validator. The validator treats object schemas
 * as closed (a misspelt field fails), except those the document leaves open ({@code metadata}, {@code result}). It
 * does not enforce the global bearer requirement, so {@link #errors} checks the {@code Authorization} header itself.
 */
public final class QuantContract {
    public static final String OPENAPI_RESOURCE = "/io/jenkins/plugins/maia/contract/quant/openapi.yaml";

    private static final OpenApiInteractionValidator VALIDATOR =
            OpenApiInteractionValidator.createForInlineApiSpecification(openApiText()).build();

    private QuantContract() {}

    public static String openApiText() {
        try (InputStream in = QuantContract.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("maia-contract is not on the test classpath: " + OPENAPI_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode openApiTree() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(openApiText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The validator's errors for {@code request}, one line each; empty when it follows the document. */
    public static List<String> errors(Request request) {
        ValidationReport report = VALIDATOR.validateRequest(request);
        return report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(m -> m.getKey() + ": " + m.getMessage())
                .toList();
    }

    /** The errors of a recorded request, plus a missing or malformed bearer header. */
    public static List<String> errors(RecordedRequest recorded) {
        String auth = recorded.getHeaders().get("Authorization");
        if (auth == null || !auth.startsWith("Bearer ") || auth.length() < 8) {
            return List.of("Authorization: expected 'Bearer <token>', got " + (auth == null ? "none" : "another scheme"));
        }
        return errors(toRequest(recorded));
    }

    /** The recorded request as the validator sees it: method, path, query, headers, body. */
    public static Request toRequest(RecordedRequest recorded) {
        HttpUrl url = recorded.getUrl();
        SimpleRequest.Builder b = new SimpleRequest.Builder(recorded.getMethod(), url.encodedPath());
        for (String name : url.queryParameterNames()) {
            b.withQueryParam(name, url.queryParameterValues(name));
        }
        for (String name : recorded.getHeaders().names()) {
            b.withHeader(name, recorded.getHeaders().values(name));
        }
        if (recorded.getBody() != null && recorded.getBody().size() > 0) {
            b.withBody(recorded.getBody().utf8());
        }
        return b.build();
    }

    /** A request built by hand, for the self-test. */
    public static Request request(String method, String path, String jsonBody) {
        SimpleRequest.Builder b = new SimpleRequest.Builder(method, path);
        if (jsonBody != null) {
            b.withContentType("application/json").withBody(jsonBody);
        }
        return b.build();
    }
}
