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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final Pattern PATH_PREFIX = Pattern.compile("^\\[Path '([^']*)'\\]\\s*(.*)$", Pattern.DOTALL);
    private static final Pattern MISSING = Pattern.compile("missing required properties \\(\\[(.*)\\]\\)");

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

    /** What is wrong with a request, as the kind of failure and one violation per problem. */
    record Result(Failure failure, List<String> violations) {
        boolean ok() {
            return failure == Failure.NONE;
        }
    }

    enum Failure {
        NONE,
        /** The body is not JSON at all. */
        UNREADABLE_BODY,
        /** The Content-Type is not one the operation accepts. */
        UNSUPPORTED_MEDIA_TYPE,
        /** Schema violations (body, query or path parameters). */
        INVALID
    }

    Result validate(ApiRequest request) {
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
        ValidationReport report = validator.validateRequest(built);
        if (!report.hasErrors()) {
            return new Result(Failure.NONE, List.of());
        }
        Set<String> violations = new LinkedHashSet<>();
        Failure failure = Failure.INVALID;
        for (ValidationReport.Message message : report.getMessages()) {
            if (message.getLevel() != ValidationReport.Level.ERROR) {
                continue;
            }
            String key = message.getKey();
            if (key.equals("validation.request.body.schema.invalidJson")) {
                return new Result(Failure.UNREADABLE_BODY, List.of("body: is not valid JSON"));
            }
            if (key.startsWith("validation.request.contentType")) {
                failure = Failure.UNSUPPORTED_MEDIA_TYPE;
                violations.add("Content-Type: must be application/json, got " + (contentType == null ? "none" : contentType));
                continue;
            }
            if (key.equals("validation.request.body.missing")) {
                violations.add("body: is required (a JSON object)");
                continue;
            }
            String parameter = message.getContext().flatMap(ValidationReport.MessageContext::getParameter)
                    .map(p -> p.getName()).orElse(null);
            if (parameter != null) {
                violations.add(parameter + ": " + message.getMessage());
                continue;
            }
            String pointer = message.getContext().flatMap(ValidationReport.MessageContext::getPointers)
                    .map(ValidationReport.MessageContext.Pointers::getInstance).orElse("");
            addBodyViolations(message, pointer, violations);
        }
        return new Result(failure, new ArrayList<>(violations));
    }

    /** Flattens the validator's nested oneOf/allOf reports into one line per field. */
    private static void addBodyViolations(ValidationReport.Message message, String pointer, Set<String> violations) {
        if (!message.getNestedMessages().isEmpty()) {
            for (ValidationReport.Message nested : message.getNestedMessages()) {
                addBodyViolations(nested, pointer, violations);
            }
            return;
        }
        String text = message.getMessage();
        Matcher prefixed = PATH_PREFIX.matcher(text);
        if (prefixed.matches()) {
            pointer = prefixed.group(1);
            text = prefixed.group(2);
        }
        String field = field(pointer);
        Matcher missing = MISSING.matcher(text);
        if (missing.find()) {
            for (String name : missing.group(1).split(",")) {
                String clean = name.replace("\"", "").trim();
                violations.add((field.isEmpty() ? clean : field + "." + clean) + ": is required");
            }
            return;
        }
        violations.add((field.isEmpty() ? "body" : field) + ": " + text);
    }

    /** {@code /grantedPermissions/0/toolName} becomes {@code grantedPermissions[0].toolName}. */
    static String field(String pointer) {
        StringBuilder out = new StringBuilder();
        for (String part : pointer.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            String name = part.replace("~1", "/").replace("~0", "~");
            if (name.chars().allMatch(Character::isDigit)) {
                out.append('[').append(name).append(']');
            } else {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(name);
            }
        }
        return out.toString();
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
