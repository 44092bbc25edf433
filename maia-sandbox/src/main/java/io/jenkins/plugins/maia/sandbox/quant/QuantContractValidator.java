package io.jenkins.plugins.maia.sandbox.quant;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import io.jenkins.plugins.maia.sandbox.RequestCheck;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Checks requests against the vendor's Quant document (maia-contract's {@code quant/openapi.yaml}, an OpenAPI 3.0
 * extract, loaded as it is). The server authenticates itself, so the validator's security check is off. Built once
 * per JVM: building takes a while.
 */
final class QuantContractValidator {
    static final String CONTRACT = "/io/jenkins/plugins/maia/contract/quant/openapi.yaml";

    private static final class Holder {
        static final QuantContractValidator SHARED = new QuantContractValidator();
    }

    private final OpenApiInteractionValidator validator;

    private QuantContractValidator() {
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(document())
                .withLevelResolver(LevelResolver.create()
                        .withLevel("validation.request.security", ValidationReport.Level.IGNORE)
                        .build())
                .build();
    }

    static QuantContractValidator shared() {
        return Holder.SHARED;
    }

    /** @param rawPath the path as sent (percent-encoded), so that an encoded '/' stays inside its segment */
    RequestCheck validate(String method, String rawPath, Map<String, List<String>> query, String contentType, byte[] body) {
        SimpleRequest.Builder b = new SimpleRequest.Builder(method, rawPath);
        if (contentType != null) {
            b.withContentType(contentType);
        }
        query.forEach(b::withQueryParam);
        if (body.length > 0) {
            b.withBody(new String(body, StandardCharsets.UTF_8));
        }
        return RequestCheck.of(validator.validateRequest(b.build()), contentType);
    }

    private static String document() {
        try (InputStream in = QuantContractValidator.class.getResourceAsStream(CONTRACT)) {
            if (in == null) {
                throw new IllegalStateException("The Quant document " + CONTRACT + " is not on the classpath (maia-contract)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the Quant document " + CONTRACT + ": " + e.getMessage(), e);
        }
    }
}
