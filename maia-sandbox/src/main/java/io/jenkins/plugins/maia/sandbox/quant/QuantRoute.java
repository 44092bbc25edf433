package io.jenkins.plugins.maia.sandbox.quant;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Where a Quant request goes, from its raw (percent-encoded) path, so that an encoded '/' in a task list id stays in
 * its segment. {@code operation} NONE with {@code allowed} empty is an unknown path, with methods a wrong method.
 *
 * @param id the task id, or the task list id for the dependency graph
 */
record QuantRoute(Operation operation, String organisation, String id, List<String> allowed) {

    enum Operation { CREATE, LIST, GET, UPDATE, DELETE, GRAPH, NONE }

    static QuantRoute of(String method, String rawPath) {
        String[] s = rawPath.split("/", -1);
        // "", api, v3, organizations, {org}, ai, tasks [, {id} [, dependency-graph]]
        if (s.length < 7 || s.length > 9 || !s[0].isEmpty() || !s[1].equals("api") || !s[2].equals("v3")
                || !s[3].equals("organizations") || s[4].isEmpty() || !s[5].equals("ai") || !s[6].equals("tasks")) {
            return none(List.of());
        }
        String org = decode(s[4]);
        if (s.length == 7) {
            return pick(method, org, null, List.of("GET", "POST"), List.of(Operation.LIST, Operation.CREATE));
        }
        if (s[7].isEmpty()) {
            return none(List.of());
        }
        String id = decode(s[7]);
        if (s.length == 8) {
            return pick(method, org, id, List.of("GET", "PUT", "DELETE"),
                    List.of(Operation.GET, Operation.UPDATE, Operation.DELETE));
        }
        return s[8].equals("dependency-graph")
                ? pick(method, org, id, List.of("GET"), List.of(Operation.GRAPH)) : none(List.of());
    }

    /** A path segment decoded; '+' stays a plus (it means a space only in forms). */
    static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return segment;
        }
    }

    private static QuantRoute pick(String method, String org, String id, List<String> methods, List<Operation> ops) {
        int i = methods.indexOf(method);
        return i < 0 ? new QuantRoute(Operation.NONE, org, id, methods) : new QuantRoute(ops.get(i), org, id, methods);
    }

    private static QuantRoute none(List<String> allowed) {
        return new QuantRoute(Operation.NONE, null, null, allowed);
    }
}
