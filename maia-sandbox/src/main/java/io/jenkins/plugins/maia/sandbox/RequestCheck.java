package io.jenkins.plugins.maia.sandbox;

import com.atlassian.oai.validator.report.ValidationReport;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What swagger-request-validator found wrong with a request, as the kind of failure and one violation per field
 * ({@code agentConfig.projectId: Input string "x" is not a valid UUID}, {@code title: is required}). Shared by the
 * Maia endpoints and the Quant endpoints, so both answer bad requests alike.
 *
 * @param failure    what kind of problem, NONE when the request follows the document
 * @param violations one line per problem
 */
public record RequestCheck(Failure failure, List<String> violations) {

    private static final Pattern PATH_PREFIX = Pattern.compile("^\\[Path '([^']*)'\\]\\s*(.*)$", Pattern.DOTALL);
    private static final Pattern MISSING = Pattern.compile("missing required properties \\(\\[(.*)\\]\\)");

    public enum Failure {
        NONE,
        /** The body is not JSON at all. */
        UNREADABLE_BODY,
        /** The Content-Type is not one the operation accepts. */
        UNSUPPORTED_MEDIA_TYPE,
        /** Schema violations (body, query or path parameters). */
        INVALID
    }

    public RequestCheck {
        violations = List.copyOf(violations);
    }

    public boolean ok() {
        return failure == Failure.NONE;
    }

    /** Reads the validator's report of a request sent with {@code contentType} (null when it had none). */
    public static RequestCheck of(ValidationReport report, String contentType) {
        if (!report.hasErrors()) {
            return new RequestCheck(Failure.NONE, List.of());
        }
        Set<String> violations = new LinkedHashSet<>();
        Failure failure = Failure.INVALID;
        for (ValidationReport.Message message : report.getMessages()) {
            if (message.getLevel() != ValidationReport.Level.ERROR) {
                continue;
            }
            String key = message.getKey();
            if (key.equals("validation.request.body.schema.invalidJson")) {
                return new RequestCheck(Failure.UNREADABLE_BODY, List.of("body: is not valid JSON"));
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
        return new RequestCheck(failure, new ArrayList<>(violations));
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
}
