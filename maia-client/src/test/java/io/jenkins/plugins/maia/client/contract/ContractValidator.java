package io.jenkins.plugins.maia.client.contract;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/**
 * Validates requests against the contract's OpenAPI document with swagger-request-validator.
 *
 * <p><b>OpenAPI 3.1.</b> The contract is OpenAPI 3.1; swagger-request-validator 2.46 parses 3.1 documents but
 * validates bodies with a draft-4 JSON Schema engine. Loaded as 3.1, the parser keeps types in a 3.1-only
 * field the engine never sees, so every {@code type} check is silently lost, and the AgentConfig
 * discriminator makes the engine refuse the whole create schema ("'discriminator' field 'name' must be
 * defined as a string property"). The test setup therefore down-converts the document to OpenAPI 3.0 before
 * loading it. The conversion keeps every check the document expresses, and refuses anything it cannot map:
 * <ul>
 *   <li>{@code openapi: 3.1.x} becomes {@code 3.0.3};</li>
 *   <li>{@code type: [T, 'null']} becomes {@code type: T, nullable: true} (the only 3.1 construct in use);</li>
 *   <li>a {@code discriminator} (which makes the validator recurse without end, because AgentConfig maps back
 *       to its own allOf child) becomes what it demands: an {@code enum} of the mapping's names on the
 *       discriminator property, here {@code name: [data_engineer_agent]};</li>
 *   <li>an {@code allOf} of plain object schemas (DataEngineerAgentConfig) is merged into one object schema,
 *       because the validator closes every object schema ({@code additionalProperties: false}, a useful
 *       extra check against misspelt fields) and would then reject each part's fields in the other part;</li>
 *   <li>any other 3.1-only keyword ({@code const}, {@code prefixItems}, {@code $defs}, numeric
 *       {@code exclusiveMinimum}, a type list with two real types, ...) fails the tests loudly, so a
 *       future edit of the contract cannot weaken the checks unnoticed.</li>
 * </ul>
 * {@code ContractValidatorSelfTest} proves the loaded validator rejects wrong types, nullability, enums, UUID
 * formats, missing required fields, lengths, ranges and unknown fields. Known limit: the validator does not
 * enforce the document's global {@code bearerAuth} requirement, so the test harness checks the
 * {@code Authorization} header of every request itself.
 */
public final class ContractValidator {
    public static final String OPENAPI_RESOURCE = "/io/jenkins/plugins/maia/contract/openapi.yaml";
    private static final Set<String> UNSUPPORTED_31 = Set.of("const", "prefixItems", "$defs", "$schema",
            "jsonSchemaDialect", "webhooks", "unevaluatedProperties", "unevaluatedItems", "dependentRequired",
            "dependentSchemas", "if", "then", "else", "contentMediaType", "contentEncoding", "patternProperties",
            "$dynamicRef", "$anchor");

    private static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator
            .createForInlineApiSpecification(asOpenApi30(openApiText()))
            .build();

    private ContractValidator() {}

    public static String openApiText() {
        try (InputStream in = ContractValidator.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("maia-contract is not on the test classpath: " + OPENAPI_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The contract parsed as a YAML tree. */
    public static JsonNode openApiTree() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(openApiText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The 3.1 document rewritten as OpenAPI 3.0 (see the class comment); refuses constructs it cannot map. */
    public static String asOpenApi30(String yaml31) {
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(yaml31);
            if (!root.path("openapi").asText().startsWith("3.1")) {
                throw new IllegalStateException("expected an OpenAPI 3.1 document, got " + root.path("openapi"));
            }
            ((ObjectNode) root).put("openapi", "3.0.3");
            List<String> refused = new ArrayList<>();
            convert(root, "#", refused);
            flattenAllOf(root, root.path("components").path("schemas"), "#", refused);
            if (!refused.isEmpty()) {
                throw new IllegalStateException("The contract uses OpenAPI 3.1 constructs the test's 3.0 down-conversion"
                        + " cannot map, so requests could not be validated faithfully: " + refused);
            }
            return new ObjectMapper().writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void convert(JsonNode node, String pointer, List<String> refused) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            JsonNode type = object.get("type");
            if (type != null && type.isArray()) {
                List<String> real = new ArrayList<>();
                boolean nullable = false;
                for (JsonNode t : type) {
                    if (t.asText().equals("null")) {
                        nullable = true;
                    } else {
                        real.add(t.asText());
                    }
                }
                if (real.size() != 1) {
                    refused.add(pointer + "/type " + type);
                } else {
                    object.put("type", real.get(0));
                    if (nullable) {
                        object.put("nullable", true);
                    }
                }
            }
            JsonNode discriminator = object.get("discriminator");
            if (discriminator != null && discriminator.isObject() && !pointer.endsWith("/properties")) {
                replaceDiscriminator(object, pointer, refused);
            }
            for (String keyword : UNSUPPORTED_31) {
                if (object.has(keyword) && !pointer.endsWith("/properties")) {
                    refused.add(pointer + "/" + keyword);
                }
            }
            for (String bound : List.of("exclusiveMinimum", "exclusiveMaximum")) {
                if (object.has(bound) && object.get(bound).isNumber()) {
                    refused.add(pointer + "/" + bound + " (numeric, 3.1 style)");
                }
            }
            if (object.has("examples") && object.get("examples").isArray()) {
                refused.add(pointer + "/examples (JSON Schema array form)");
            }
            for (Map.Entry<String, JsonNode> e : object.properties()) {
                convert(e.getValue(), pointer + "/" + e.getKey(), refused);
            }
        } else if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                convert(array.get(i), pointer + "/" + i, refused);
            }
        }
    }

    /**
     * The validator recurses without end on a discriminator in an allOf parent that maps back to the child
     * (AgentConfig -> DataEngineerAgentConfig -> allOf AgentConfig -> ...). What the discriminator demands
     * there, that the property holds one of the mapped names, is kept as an enum on the property.
     */
    private static void replaceDiscriminator(ObjectNode schema, String pointer, List<String> refused) {
        JsonNode discriminator = schema.get("discriminator");
        String property = discriminator.path("propertyName").asText();
        JsonNode mapping = discriminator.get("mapping");
        JsonNode target = schema.path("properties").get(property);
        if (property.isEmpty() || mapping == null || !mapping.isObject() || mapping.isEmpty()
                || target == null || !target.isObject()) {
            refused.add(pointer + "/discriminator (needs propertyName, a mapping and the property itself)");
            return;
        }
        ArrayNode names = ((ObjectNode) target).putArray("enum");
        mapping.fieldNames().forEachRemaining(names::add);
        schema.remove("discriminator");
    }

    /**
     * The validator treats every object schema without {@code additionalProperties} as closed, which is a
     * useful check (a misspelt field fails) but breaks {@code allOf}: each part rejects the other part's
     * fields. So an {@code allOf} of plain object schemas is merged into one object schema: the union of the
     * properties (a property defined in several parts gets an {@code allOf} of its definitions) and of the
     * required lists. That is the same constraint, and the closed-object check then applies to the whole.
     */
    private static void flattenAllOf(JsonNode node, JsonNode schemas, String pointer, List<String> refused) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            JsonNode allOf = object.get("allOf");
            if (allOf != null && allOf.isArray() && !pointer.endsWith("/properties")) {
                ObjectNode properties = new ObjectMapper().createObjectNode();
                ArrayNode required = new ObjectMapper().createArrayNode();
                boolean ok = true;
                boolean anyObject = false;
                for (JsonNode part : allOf) {
                    JsonNode r = part.has("$ref") ? schemas.get(part.get("$ref").asText().replace("#/components/schemas/", "")) : part;
                    anyObject |= r != null && (r.has("properties") || r.path("type").asText().equals("object"));
                }
                for (JsonNode part : allOf) {
                    if (!anyObject) {
                        // An allOf of scalar schemas (a merged property): nothing for the closed-object check to break.
                        ok = false;
                        break;
                    }
                    JsonNode resolved = part;
                    if (part.has("$ref")) {
                        String ref = part.get("$ref").asText();
                        resolved = ref.startsWith("#/components/schemas/")
                                ? schemas.get(ref.substring("#/components/schemas/".length())) : null;
                    }
                    if (resolved == null || !isPlainObjectSchema(resolved)) {
                        ok = false;
                        break;
                    }
                    resolved.path("properties").properties().forEach(e -> {
                        JsonNode existing = properties.get(e.getKey());
                        if (existing == null) {
                            properties.set(e.getKey(), e.getValue().deepCopy());
                        } else {
                            ObjectNode both = new ObjectMapper().createObjectNode();
                            both.putArray("allOf").add(existing).add(e.getValue().deepCopy());
                            properties.set(e.getKey(), both);
                        }
                    });
                    for (JsonNode r : resolved.path("required")) {
                        if (!containsText(required, r.asText())) {
                            required.add(r.asText());
                        }
                    }
                }
                if (!ok && anyObject) {
                    refused.add(pointer + "/allOf (only plain object schemas can be merged)");
                } else if (ok) {
                    object.remove("allOf");
                    object.put("type", "object");
                    object.set("properties", properties);
                    if (!required.isEmpty()) {
                        object.set("required", required);
                    }
                }
            }
            object.properties().forEach(e -> flattenAllOf(e.getValue(), schemas, pointer + "/" + e.getKey(), refused));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flattenAllOf(node.get(i), schemas, pointer + "/" + i, refused);
            }
        }
    }

    private static boolean isPlainObjectSchema(JsonNode schema) {
        if (!schema.isObject() || (schema.has("type") && !schema.get("type").asText().equals("object"))) {
            return false;
        }
        Iterator<String> names = schema.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!name.startsWith("x-") && !Set.of("type", "properties", "required", "description", "title").contains(name)) {
                return false;
            }
        }
        return true;
    }

    private static boolean containsText(ArrayNode array, String text) {
        for (JsonNode n : array) {
            if (n.asText().equals(text)) {
                return true;
            }
        }
        return false;
    }

    public static ValidationReport validate(Request request) {
        return VALIDATOR.validateRequest(request);
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
}
