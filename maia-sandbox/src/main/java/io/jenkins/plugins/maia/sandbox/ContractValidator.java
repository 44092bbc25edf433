package io.jenkins.plugins.maia.sandbox;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates requests against the contract (maia-contract's openapi.yaml) with swagger-request-validator.
 *
 * <p>The validator (2.46) parses OpenAPI 3.1 but validates with a JSON-Schema draft-4 engine over the parser's
 * 3.0 model, which drops every 3.1 {@code type}: with the document as written it rejects every body ("'discriminator'
 * field 'name' must be defined as a string property"). So the validator gets an in-memory OpenAPI 3.0.3 rendering
 * of the same document, changed in exactly one way: {@code type: [T, 'null']} becomes {@code type: T, nullable: true}
 * (the only 3.1-only construct the document uses; any other type list fails loudly here). It is parsed with the
 * {@code resolveFully} and {@code resolveCombinators} parse options, which merge {@code allOf} and so avoid the
 * validator's endless recursion on the (inferred) AgentConfig discriminator. Security is checked by the server
 * itself, so the validator's security check is off.
 */
final class ContractValidator {

    static final String CONTRACT = "/io/jenkins/plugins/maia/contract/openapi.yaml";

    /** Building a validator takes a while; servers in one JVM share one per base path. */
    private static final Map<String, ContractValidator> SHARED = new ConcurrentHashMap<>();


    private final OpenApiInteractionValidator validator;

    private ContractValidator(String basePath) {
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(contractAsOpenApi30())
                .withBasePathOverride(basePath.isEmpty() ? "/" : basePath)
                .withResolveRefs(true)
                .withResolveCombinators(true)
                .withLevelResolver(LevelResolver.create()
                        .withLevel("validation.request.security", ValidationReport.Level.IGNORE)
                        .build())
                .build();
    }

    static ContractValidator forBasePath(String basePath) {
        return SHARED.computeIfAbsent(basePath, ContractValidator::new);
    }

    /** What is wrong with a request (see {@link RequestCheck}). */
    RequestCheck validate(ApiRequest request) {
        SimpleRequest.Builder builder = new SimpleRequest.Builder(request.method(), request.path());
        String contentType = request.header("content-type");
        if (contentType != null) {
            builder.withContentType(contentType);
        }
        request.query().forEach(builder::withQueryParam);
        if (request.body().length > 0) {
            builder.withBody(request.bodyText());
        }
        Request built = builder.build();
        return RequestCheck.of(validator.validateRequest(built), contentType);
    }

    /** The contract, as OpenAPI 3.0.3 JSON (see the class comment for the one change made). */
    static String contractAsOpenApi30() {
        try (InputStream in = ContractValidator.class.getResourceAsStream(CONTRACT)) {
            if (in == null) {
                throw new IllegalStateException("The contract " + CONTRACT + " is not on the classpath (maia-contract)");
            }
            JsonNode document = new YAMLMapper().readTree(in);
            downgradeTypeLists(document, "");
            ((ObjectNode) document).put("openapi", "3.0.3");
            return ApiResponse.JSON.writeValueAsString(document);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the contract " + CONTRACT + ": " + e.getMessage(), e);
        }
    }

    private static void downgradeTypeLists(JsonNode node, String at) {
        if (node instanceof ObjectNode object) {
            if (object.get("type") instanceof ArrayNode types) {
                List<String> named = new ArrayList<>();
                boolean nullable = false;
                for (JsonNode type : types) {
                    if (type.asText().equals("null")) {
                        nullable = true;
                    } else {
                        named.add(type.asText());
                    }
                }
                if (named.size() != 1) {
                    throw new IllegalStateException("The contract's schema at " + at + " has type " + types
                            + ", which OpenAPI 3.0 cannot express; the sandbox's validator needs one type plus 'null'");
                }
                object.put("type", named.get(0));
                if (nullable) {
                    object.put("nullable", true);
                }
            }
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                downgradeTypeLists(field.getValue(), at + "/" + field.getKey());
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                downgradeTypeLists(array.get(i), at + "/" + i);
            }
        }
    }
}
